package io.chatrelay.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.ErrorMessage;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.Queued;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The harness reads relay frames without decoding them, and measures from due times. */
class HarnessTest {
  private final LoadChannel channel = LoadChannel.offline(new Random(7));

  @Test
  void readsTheAuthorSequenceAndSequenceOfARealDeliverFrame() {
    for (long n : new long[] {1, 2, 255, 256, 70_000, Integer.MAX_VALUE + 3L}) {
      byte[] bytes =
          MessageCodec.encode(
              Frame.event(
                  1,
                  new Deliver(channel.address(), n + 5, channel.post(n, 100), Optional.empty())));
      ByteBuf frame = Unpooled.wrappedBuffer(bytes);
      assertThat(LeanSocket.tag(frame)).isEqualTo(LeanSocket.Tag.DELIVER);
      int body = LeanSocket.bodyOffset(frame);
      assertThat(LeanSocket.deliveredAuthorSeq(frame, body)).isEqualTo(n);
      assertThat(LeanSocket.deliveredSeq(frame, body)).isEqualTo(n + 5);
    }
  }

  @Test
  void tellsTheAnswersApart() {
    assertThat(tagOf(new Queued(3))).isEqualTo(LeanSocket.Tag.QUEUED);
    assertThat(tagOf(new ErrorMessage(ErrorCode.BUSY, 250, "busy"))).isEqualTo(LeanSocket.Tag.ERR);
  }

  private static LeanSocket.Tag tagOf(io.chatrelay.codec.message.Message m) {
    return LeanSocket.tag(
        Unpooled.wrappedBuffer(MessageCodec.encode(new Frame(1, LoadChannel.corr(9), m))));
  }

  @Test
  void aStalledOperationCountsFromItsDueTimeNotFromWhenItWasSent() {
    Pacer pacer = new Pacer(1000, 0);
    assertThat(pacer.due(0)).isZero();
    assertThat(pacer.due(1000)).isEqualTo(1_000_000_000L);
    LatencyMeter meter = new LatencyMeter();
    // Due at 1 s, sent late at 3 s and answered at once: the latency is 2 s, not 0.
    meter.record(pacer.due(1000), 3_000_000_000L);
    Histogram h = meter.merged();
    assertThat(h.getTotalCount()).isEqualTo(1);
    assertThat(h.getMaxValue()).isBetween(1_999_000_000L, 2_001_000_000L);
  }

  @Test
  void aConnectionTheServerEndsIsReportedToItsHandler() throws Exception {
    // A publisher whose connection ends mid-run must be reported (the fan-out summary's
    // publisherLost): its later posts are dropped unsent, and nothing else would show why.
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(r -> r.ws("/ws", (in, out) -> out.sendClose(1011, "going away")))
            .bindNow();
    try {
      CompletableFuture<String> closed = new CompletableFuture<>();
      LeanSocket socket =
          LeanSocket.bare(
                  "127.0.0.1",
                  server.port(),
                  LeanSocket.Handler.withClose((tag, corr, frame, body) -> {}, closed::complete))
              .block(Duration.ofSeconds(10));
      assertThat(closed.get(10, TimeUnit.SECONDS)).isNotBlank();
      assertThat(socket.isOpen()).isFalse();
    } finally {
      server.disposeNow();
    }
  }
}
