package io.chatrelay.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.testing.Seeded;
import io.chatrelay.codec.version.VersionRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Round trips over random values (seeded; the seed is printed on failure, {@code -Dtest.seed=N}
 * repeats it) and random corruption, which must only ever fail with {@link DecodeException}.
 */
@ExtendWith(Seeded.class)
class ChatCodecPropertiesTest {
  private static final int N = Seeded.iterations(200);
  private static final String ALPHABET = "aZ09 é\"\\\n\u0001😀{}[]:,-_.";

  static String text(Random r, int max) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      int cp =
          ALPHABET.codePointAt(
              ALPHABET.offsetByCodePoints(
                  0, r.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  static Bytes bytes(Random r, int min, int max) {
    byte[] b = new byte[min + r.nextInt(max - min + 1)];
    r.nextBytes(b);
    return Bytes.of(b);
  }

  static JsonValue json(Random r, int depth) {
    ObjectNode o = ChatJson.object();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      String k = "k" + text(r, 4);
      switch (r.nextInt(depth > 2 ? 4 : 5)) {
        case 0 -> o.put(k, text(r, 8));
        case 1 -> o.put(k, r.nextLong());
        case 2 -> o.put(k, r.nextBoolean());
        case 3 -> o.putNull(k);
        default -> o.set(k, json(r, depth + 1).node());
      }
    }
    return JsonValue.of(o);
  }

  static GroupProfile profile(Random r) {
    return new GroupProfile(
        text(r, 10),
        text(r, 10),
        r.nextBoolean() ? Optional.of(text(r, 20)) : Optional.empty(),
        r.nextBoolean() ? Optional.of(text(r, 20)) : Optional.empty(),
        r.nextBoolean() ? Optional.of("data:image/png;base64," + text(r, 5)) : Optional.empty(),
        r.nextBoolean() ? Optional.of(json(r, 1)) : Optional.empty(),
        r.nextBoolean() ? Optional.of(json(r, 1)) : Optional.empty(),
        Optional.empty(),
        r.nextBoolean() ? JsonValue.parse("{\"zz\":[1,\"x\"]}") : JsonValue.parse("{}"));
  }

  static ChatEvent event(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> new GroupInfoUpdate(profile(r));
      case 1 -> new RelayReject(Optional.of(text(r, 12)), Params.empty());
      case 2 -> new UnknownEvent("x." + text(r, 5).replace(" ", ""), json(r, 0));
      default ->
          new MessageForward(
              r.nextBoolean()
                  ? new ForwardSender.Channel()
                  : new ForwardSender.Member(bytes(r, 1, 16), text(r, 10)),
              Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000)),
              new ChatMessage(
                  ChatMessage.INITIAL_VERSION, Optional.empty(), new GroupInfoUpdate(profile(r))));
    };
  }

  static ChatMessage message(Random r) {
    int lo = 1 + r.nextInt(20);
    return new ChatMessage(
        new VersionRange(lo, lo + r.nextInt(3)),
        r.nextBoolean() ? Optional.of(bytes(r, 1, 12)) : Optional.empty(),
        event(r),
        r.nextInt(5) == 0 ? JsonValue.parse("{\"zExtra\":1}") : Params.empty());
  }

  @RepeatedTest(3)
  void messagesRoundTrip(Random r) {
    for (int i = 0; i < N; i++) {
      ChatMessage m = message(r);
      byte[] enc = m.encode();
      ChatMessage back = ChatMessage.decode(enc);
      assertThat(back).isEqualTo(m);
      assertThat(back.encode()).isEqualTo(enc);
    }
  }

  @RepeatedTest(3)
  void linkDataRoundTrips(Random r) {
    for (int i = 0; i < N; i++) {
      GroupShortLinkData d =
          new GroupShortLinkData(
              profile(r), r.nextBoolean() ? Optional.of(r.nextLong()) : Optional.empty());
      assertThat(GroupShortLinkData.decode(d.encode())).isEqualTo(d);
    }
  }

  @RepeatedTest(3)
  void batchesRoundTripAndSignaturesVerify(Random r) {
    Ed25519KeyPair key = Ed25519KeyPair.fromSeed(bytes(r, 32, 32).toByteArray());
    byte[] gid = bytes(r, 32, 32).toByteArray();
    for (int i = 0; i < N / 4; i++) {
      List<BatchElement> elements = new ArrayList<>();
      int n = 1 + r.nextInt(5);
      for (int k = 0; k < n; k++) {
        byte[] body = message(r).encode();
        byte[] mid = bytes(r, 1, 24).toByteArray();
        BatchElement e =
            switch (r.nextInt(3)) {
              case 0 -> PlainElement.of(ChatMessage.decode(body));
              case 1 ->
                  ChatSigning.sign(
                      key, ChatBinding.GROUP, ChatSigning.groupBindingData(gid, mid), body);
              default -> new FileElement(bytes(r, 0, 40));
            };
        if (r.nextBoolean()) {
          e =
              new ForwardElement(
                  new GroupForward(
                      new ForwardSender.Member(Bytes.of(mid), text(r, 8)),
                      Instant.ofEpochSecond(r.nextInt())),
                  e);
        }
        elements.add(e);
      }
      BinaryBatch b = new BinaryBatch(elements);
      byte[] enc = b.encode();
      assertThat(BinaryBatch.decode(enc)).isEqualTo(b);
      assertThat(ChatMessages.parse(ChatCompression.compressBatch(List.of(enc))))
          .isEqualTo(elements);
      for (BatchElement e : elements) {
        BatchElement inner = e instanceof ForwardElement f ? f.inner() : e;
        if (inner instanceof SignedElement s) {
          assertThat(s.message()).isNotNull();
          assertThat(
                  ChatSigning.verify(
                      s,
                      ChatBinding.GROUP,
                      ChatSigning.groupBindingData(gid, new byte[] {0}),
                      key.publicKey()))
              .isFalse();
        }
      }
    }
  }

  @RepeatedTest(3)
  void corruptedInputOnlyFailsWithDecodeException(Random r) {
    for (int i = 0; i < N; i++) {
      byte[] enc =
          new BinaryBatch(List.of(PlainElement.of(message(r)), new FileElement(bytes(r, 0, 8))))
              .encode();
      byte[] bad = enc.clone();
      int flips = 1 + r.nextInt(3);
      for (int k = 0; k < flips; k++) {
        bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
      }
      if (r.nextBoolean()) {
        bad = java.util.Arrays.copyOf(bad, r.nextInt(bad.length + 1));
      }
      try {
        for (BatchElement e : ChatMessages.parse(bad)) {
          if (e instanceof PlainElement p) {
            p.message();
          }
        }
      } catch (DecodeException expected) {
        // fine: a typed failure
      }
    }
  }
}
