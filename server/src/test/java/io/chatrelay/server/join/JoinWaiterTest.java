package io.chatrelay.server.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.server.testing.ClientDecoder;
import io.chatrelay.server.transport.RelaySession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A connection sees a join's {@code QUEUED} before its {@code JOINED}, whichever came first. */
class JoinWaiterTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final RelaySession session =
      new RelaySession("c", "test", 1024, channel, n -> {}, () -> {});
  private final JoinWaiter waiter = new JoinWaiter(session, Bytes.of(new byte[24]));

  /** The tags of the messages written to the connection, in order. */
  private List<String> written() {
    channel.runPendingTasks();
    List<String> tags = new ArrayList<>();
    for (Object o; (o = channel.readOutbound()) != null; ) {
      for (byte[] m : ClientDecoder.messages((ByteBuf) o)) {
        tags.add(MessageCodec.decodeRelayFrame(m, MessageCodec.DEFAULT_MAX_FRAME).message().tag());
      }
    }
    return tags;
  }

  @Test
  void anAdmissionBeforeTheQueuedReplyIsHeldUntilItIsSent() {
    waiter.admitted(7, 0);
    assertThat(written()).isEmpty();

    waiter.queued(new byte[] {1}, 5);

    assertThat(written()).containsExactly("QUEUED", "JOINED");
  }

  @Test
  void anAdmissionAfterTheQueuedReplyIsSentAtOnce() {
    waiter.queued(new byte[] {1}, 5);
    assertThat(written()).containsExactly("QUEUED");

    waiter.admitted(7, 0);

    assertThat(written()).containsExactly("JOINED");
  }

  @Test
  void aFailedJoinStillGetsTheAdmissionThatCameFirst() {
    waiter.admitted(7, 0);

    waiter.failed();

    assertThat(written()).containsExactly("JOINED");
  }
}
