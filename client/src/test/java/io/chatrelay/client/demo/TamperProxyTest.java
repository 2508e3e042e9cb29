package io.chatrelay.client.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.FixedLinkData;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.group.GroupProfile;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.LinkDataException;
import io.chatrelay.codec.group.MutableLinkData;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.SignedLinkData;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.LinkData;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.Pong;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TamperProxyTest {
  private final Ed25519KeyPair root = Ed25519KeyPair.fromSeed(new byte[32]);
  private final FixedLinkData fixed = FixedLinkData.create(GroupType.CHANNEL, root.publicKey());

  private static byte[] frame(io.chatrelay.codec.message.Message m) {
    return MessageCodec.encode(new Frame(1, new byte[0], m));
  }

  @Test
  void postModeRewritesDeliveredTextsSoTheirSignaturesNoLongerVerify() {
    Post post = Post.sign(fixed.groupId(), new byte[16], root, 1, 1000, "genuine");
    byte[] in = frame(new Deliver(Bytes.of(new byte[24]), 1, post, Optional.empty()));
    try (TamperProxy proxy =
        TamperProxy.start("127.0.0.1", 0, "127.0.0.1", 1, TamperProxy.Mode.POST)) {
      Deliver out = (Deliver) MessageCodec.decodeRelayFrame(proxy.rewrite(in), 1 << 17).message();
      assertThat(out.post().text()).contains("genuine").isNotEqualTo("genuine");
      assertThat(out.post().signature()).isEqualTo(post.signature());
      assertThat(out.post().signatureValid(fixed.groupId())).isFalse();
      assertThat(proxy.tampered()).isEqualTo(1);
      // Other frames pass unchanged.
      byte[] pong = frame(new Pong());
      assertThat(proxy.rewrite(pong)).isEqualTo(pong);
    }
  }

  @Test
  void linkDataModeRewritesTheProfileSoVerificationFails() {
    MutableLinkData m =
        new MutableLinkData(2, List.of(), new GroupProfile("News", null).toJson(), List.of());
    SignedLinkData s = SignedLinkData.sign(fixed, m, root);
    byte[] in = frame(new LinkData(Bytes.of(fixed.encode()), Bytes.of(s.encode())));
    try (TamperProxy proxy =
        TamperProxy.start("127.0.0.1", 0, "127.0.0.1", 1, TamperProxy.Mode.LINKDATA)) {
      LinkData out = (LinkData) MessageCodec.decodeRelayFrame(proxy.rewrite(in), 1 << 17).message();
      assertThatThrownBy(
              () ->
                  GroupLinkData.verify(
                      fixed.linkKey(),
                      out.fixedData().toByteArray(),
                      out.signedLinkData().toByteArray()))
          .isInstanceOfSatisfying(
              LinkDataException.class,
              e -> assertThat(e.failure()).isEqualTo(LinkDataException.Failure.BAD_SIGNATURE));
    }
  }
}
