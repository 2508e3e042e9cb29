package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.group.MemberCertificate;
import io.chatrelay.codec.group.Post;
import java.util.Optional;

/**
 * {@code DELIVER} (event): a stored post. {@code addressId(ByteString, 24) seq(Int64) post(Post)
 * certificate(Maybe MemberCertificate)}; in a group, the certificate an owner issued for the
 * author's key, if any. Members verify the post themselves: a relay only delivers.
 */
public record Deliver(Bytes addressId, long seq, Post post, Optional<MemberCertificate> certificate)
    implements RelayMessage {
  public static final String TAG = "DELIVER";

  public Deliver {
    Fields.address(addressId);
    if (seq < 1) {
      throw DecodeException.invalid("sequence must be >= 1");
    }
    Fields.required(post, "post");
    Fields.required(certificate, "certificate");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    addressId.writeShort(w);
    w.writeInt64(seq);
    post.encode(w);
    w.writeMaybe(certificate, MemberCertificate::encode);
  }

  static Deliver read(BinaryReader r) {
    return new Deliver(
        Fields.readAddress(r), r.readInt64(), Post.read(r), r.readMaybe(MemberCertificate::read));
  }
}
