package io.chatrelay.server.transport;

import static io.chatrelay.server.testing.RelayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.message.ClientHello;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.ErrorMessage;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.Ping;
import io.chatrelay.codec.message.Pong;
import io.chatrelay.codec.message.RelayHello;
import io.chatrelay.server.testing.RawSocket;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed, truncated, oversized and out-of-order frames each get a typed error, change nothing,
 * are counted, and the relay keeps serving that connection and everyone else.
 */
@ExtendWith(TestDatabaseExtension.class)
class BadInputIT {
  private TestDatabase db;
  private RelayFixture fx;

  @BeforeEach
  void setUp(TestDatabase database) {
    db = database;
    fx = new RelayFixture(database);
    fx.start();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static byte[] corr(int n) {
    return new byte[] {(byte) n};
  }

  private static ErrorMessage error(Object received, int corr) {
    assertThat(received).isInstanceOf(Frame.class);
    Frame f = (Frame) received;
    assertThat(f.message()).isInstanceOf(ErrorMessage.class);
    if (corr >= 0) {
      assertThat(f.corrId()).isEqualTo(corr(corr));
    }
    return (ErrorMessage) f.message();
  }

  private long rows() {
    return db.queryLong(
        "SELECT (SELECT count(*) FROM relay_groups) + (SELECT count(*) FROM pending_joins)"
            + " + (SELECT count(*) FROM service_log) + (SELECT count(*) FROM posts)");
  }

  @Test
  void everyBadFrameGetsATypedErrorAndTheConnectionKeepsServing() throws Exception {
    long before = rows();
    RelayConnection bystander = fx.connect();
    try (RawSocket s = new RawSocket("127.0.0.1", fx.relay().port(), 1 << 20)) {
      // A request before HELLO.
      s.send(new Frame(1, corr(1), new Ping()));
      assertThat(error(s.next(), 1).code()).isEqualTo(ErrorCode.HANDSHAKE);
      s.send(
          new Frame(1, corr(2), new ClientHello(MessageCodec.SUPPORTED, Bytes.of(new byte[32]))));
      assertThat(((Frame) s.next()).message()).isInstanceOf(RelayHello.class);

      // Garbage.
      byte[] garbage = new byte[100];
      new Random(3).nextBytes(garbage);
      garbage[0] = 0;
      garbage[1] = 1;
      garbage[2] = 1;
      garbage[3] = 3;
      s.sendBytes(garbage);
      assertThat(error(s.next(), 3).code()).isEqualTo(ErrorCode.MALFORMED);
      // An unknown tag.
      s.sendBytes(new byte[] {0, 1, 1, 4, 4, 'N', 'O', 'P', 'E'});
      assertThat(error(s.next(), 4).code()).isEqualTo(ErrorCode.MALFORMED);
      // A truncated frame: the correlation id is still echoed.
      byte[] hello =
          MessageCodec.encode(
              new Frame(
                  1, corr(5), new ClientHello(MessageCodec.SUPPORTED, Bytes.of(new byte[32]))));
      s.sendBytes(Arrays.copyOf(hello, hello.length - 5));
      assertThat(error(s.next(), 5).code()).isEqualTo(ErrorCode.MALFORMED);
      // Trailing bytes.
      byte[] ping = MessageCodec.encode(new Frame(1, corr(6), new Ping()));
      s.sendBytes(Arrays.copyOf(ping, ping.length + 1));
      assertThat(error(s.next(), 6).code()).isEqualTo(ErrorCode.MALFORMED);
      // An unknown version.
      byte[] v9 = MessageCodec.encode(new Frame(1, corr(7), new Ping()));
      v9[1] = 9;
      s.sendBytes(v9);
      assertThat(error(s.next(), 7).code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
      // A text frame.
      s.sendText("hello");
      assertThat(error(s.next(), -1).code()).isEqualTo(ErrorCode.MALFORMED);
      // Over the frame limit (but within what the socket reads): LIMIT, connection kept.
      byte[] big = new byte[fx.relay().config().limits().maxFrameBytes() + 100];
      big[1] = 1;
      big[2] = 1;
      big[3] = 8;
      s.sendBytes(big);
      assertThat(error(s.next(), 8).code()).isEqualTo(ErrorCode.LIMIT);
      // Still serving this connection.
      s.send(new Frame(1, corr(9), new Ping()));
      assertThat(((Frame) s.next()).message()).isInstanceOf(Pong.class);

      // Far over the limit: the connection is closed with 1009, nobody else is affected.
      s.sendBytes(new byte[fx.relay().config().limits().maxFrameBytes() * 3]);
      Object closed = s.next();
      assertThat(closed.toString()).startsWith("close:1009").as(closed.toString());
    }
    assertThat(bystander.request(new Ping()).block(TIMEOUT)).isInstanceOf(Pong.class);
    assertThat(rows()).isEqualTo(before);
    String metrics = fx.relay().metrics().scrape();
    assertThat(metrics).contains("relay_protocol_errors_total{code=\"MALFORMED\"}");
    assertThat(metrics).contains("relay_protocol_errors_total{code=\"HANDSHAKE\"}");
    assertThat(metrics).contains("relay_protocol_errors_total{code=\"LIMIT\"}");
  }
}
