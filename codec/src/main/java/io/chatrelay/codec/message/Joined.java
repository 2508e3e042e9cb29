package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.group.MemberCertificate;
import java.util.Optional;

/**
 * {@code JOINED}: the member is admitted. {@code addressId(ByteString, 24) memberId(Int64)
 * headSeq(Int64: the group's current sequence number) certificate(Maybe MemberCertificate)}; the
 * certificate, once an owner issued one, lets the member check that the relay kept its key.
 */
public record Joined(
    Bytes addressId, long memberId, long headSeq, Optional<MemberCertificate> certificate)
    implements RelayMessage {
  public static final String TAG = "JOINED";

  public Joined {
    Fields.address(addressId);
    if (memberId < 1 || headSeq < 0) {
      throw DecodeException.invalid("member id must be >= 1 and sequence >= 0");
    }
    Fields.required(certificate, "certificate");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    addressId.writeShort(w);
    w.writeInt64(memberId).writeInt64(headSeq);
    w.writeMaybe(certificate, MemberCertificate::encode);
  }

  static Joined read(BinaryReader r) {
    return new Joined(
        Fields.readAddress(r), r.readInt64(), r.readInt64(), r.readMaybe(MemberCertificate::read));
  }
}
