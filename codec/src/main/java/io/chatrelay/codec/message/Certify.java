package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.MemberCertificate;

/**
 * {@code CERT}: an owner hands the relay a certificate of an admitted member's key, which the relay
 * stores and forwards with that member's posts. {@code addressId(ByteString, 24)
 * certificate(MemberCertificate)}.
 */
public record Certify(Bytes addressId, MemberCertificate certificate) implements ClientMessage {
  public static final String TAG = "CERT";

  public Certify {
    Fields.address(addressId);
    Fields.required(certificate, "certificate");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    addressId.writeShort(w);
    certificate.encode(w);
  }

  static Certify read(BinaryReader r) {
    return new Certify(Fields.readAddress(r), MemberCertificate.read(r));
  }
}
