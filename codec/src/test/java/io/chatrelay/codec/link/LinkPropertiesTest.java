package io.chatrelay.codec.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.testing.Seeded;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * parse(print(x)) == x and decode(encode(x)) == x (or SimpleX's lossy result) over random values.
 */
@ExtendWith(Seeded.class)
class LinkPropertiesTest {
  private static final int N = Seeded.iterations(3000);

  @Test
  void queueUrisRoundTripAsStrings(Random rnd) {
    LinkGen gen = new LinkGen(rnd);
    for (int i = 0; i < N; i++) {
      SmpQueueUri q = gen.queue();
      String s = q.print();
      assertThat(Links.parse(s)).as(s).isEqualTo(q);
      assertThat(Links.parse(s).print()).isEqualTo(s);
    }
  }

  /** What SimpleX's smpP returns for smpEncode of q: the queue mode survives only where written. */
  static Optional<QueueMode> binaryMode(SmpQueueUri q) {
    int min = q.clientVersions().min();
    int max = q.clientVersions().max();
    boolean messaging = q.queueMode().equals(Optional.of(QueueMode.MESSAGING));
    if (min >= 4) {
      return q.queueMode();
    }
    if (min >= 3) {
      return Optional.of(messaging ? QueueMode.MESSAGING : QueueMode.CONTACT);
    }
    return max >= 3 && messaging ? Optional.of(QueueMode.MESSAGING) : Optional.empty();
  }

  static SmpQueueUri withMode(SmpQueueUri q, Optional<QueueMode> m) {
    return new SmpQueueUri(q.clientVersions(), q.server(), q.senderId(), q.dhKey(), m);
  }

  @Test
  void queueUrisRoundTripAsBinary(Random rnd) {
    LinkGen gen = new LinkGen(rnd);
    for (int i = 0; i < N; i++) {
      SmpQueueUri q = gen.queue();
      BinaryWriter w = new BinaryWriter();
      q.encode(w);
      assertThat(BinaryReader.decodeAll(w.toByteArray(), SmpQueueUri::decode))
          .isEqualTo(withMode(q, binaryMode(q)));
    }
  }

  @Test
  void connectionRequestsRoundTripAsStrings(Random rnd) {
    LinkGen gen = new LinkGen(rnd);
    for (int i = 0; i < N; i++) {
      ConnectionRequest r = gen.connectionRequest();
      String s = r.print();
      assertThat(Links.parse(s)).as(s).isEqualTo(r);
      // the https form reads to the same value
      String https = "https://simplex.chat" + s.substring("simplex:".length());
      assertThat(Links.parse(https)).isEqualTo(r);
    }
  }

  @Test
  void connectionRequestsRoundTripAsBinary(Random rnd) {
    LinkGen gen = new LinkGen(rnd);
    for (int i = 0; i < N; i++) {
      ConnectionRequest r = gen.connectionRequest();
      BinaryWriter w = new BinaryWriter();
      r.encode(w);
      List<SmpQueueUri> expectedQueues =
          r.data().queues().stream()
              .map(
                  q -> {
                    Optional<QueueMode> m = binaryMode(q);
                    return withMode(q, m.isPresent() ? m : Optional.of(QueueMode.CONTACT));
                  })
              .toList();
      ConnReqData d =
          new ConnReqData(r.data().agentVersions(), expectedQueues, r.data().clientData());
      ConnectionRequest expected =
          r instanceof InvitationRequest inv
              ? new InvitationRequest(d, inv.e2e())
              : new ContactRequest(d);
      assertThat(BinaryReader.decodeAll(w.toByteArray(), ConnectionRequest::decode))
          .isEqualTo(expected);
    }
  }

  @Test
  void shortLinksRoundTrip(Random rnd) {
    LinkGen gen = new LinkGen(rnd);
    for (int i = 0; i < N; i++) {
      ShortLink l = gen.shortLink();
      String s = l.print();
      assertThat(Links.parse(s)).as(s).isEqualTo(l);
      assertThat(Links.parse(s).print()).isEqualTo(s);
    }
  }

  @Test
  void unknownQueryParametersAreIgnoredEverywhere(Random rnd) {
    LinkGen gen = new LinkGen(rnd);
    for (int i = 0; i < N / 3; i++) {
      ShortLink l = gen.shortLink();
      String s = l.print();
      String extra = s.contains("?") ? s + "&zz=1" : s + "?zz=1";
      assertThat(Links.parse(extra)).isEqualTo(l);
      SmpQueueUri q = gen.queue();
      assertThat(Links.parse(q.print() + "&extra_param=abc")).isEqualTo(q);
      ConnectionRequest r = gen.connectionRequest();
      assertThat(Links.parse(r.print() + "&extra_param=abc")).isEqualTo(r);
    }
  }
}
