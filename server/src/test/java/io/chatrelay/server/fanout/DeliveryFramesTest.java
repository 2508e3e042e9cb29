package io.chatrelay.server.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.MemberCertificate;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeliveryFramesTest {
  @Test
  void framingStoredBytesEqualsEncodingTheMessage() {
    Random r = new Random(5);
    for (int i = 0; i < 200; i++) {
      byte[] seed = new byte[32];
      r.nextBytes(seed);
      Ed25519KeyPair k = Ed25519KeyPair.fromSeed(seed);
      byte[] group = new byte[32];
      byte[] address = new byte[24];
      byte[] id = new byte[16];
      r.nextBytes(group);
      r.nextBytes(address);
      r.nextBytes(id);
      Post post = Post.sign(group, id, k, 1 + r.nextInt(100), r.nextLong(), "text " + i);
      Optional<MemberCertificate> cert =
          r.nextBoolean()
              ? Optional.of(MemberCertificate.issue(group, k.publicKey(), r.nextLong(), k))
              : Optional.empty();
      long seq = 1 + r.nextInt(1_000_000);
      byte[] expected =
          MessageCodec.encode(Frame.event(1, new Deliver(Bytes.of(address), seq, post, cert)));
      byte[] framed =
          DeliveryFrames.encode(
              1, address, seq, post.encode(), cert.map(MemberCertificate::encode));
      assertThat(framed).isEqualTo(expected);
    }
  }
}
