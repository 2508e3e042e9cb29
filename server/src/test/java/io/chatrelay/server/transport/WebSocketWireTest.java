package io.chatrelay.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.server.testing.ClientDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The relay's own WebSocket framing reads back, through Netty's decoder, as the same messages. */
class WebSocketWireTest {
  @Test
  void everyLengthEncodingReadsBack() {
    Random random = new Random(3);
    for (int length : new int[] {0, 1, 125, 126, 127, 1000, 65_535, 65_536, 200_000}) {
      byte[] payload = new byte[length];
      random.nextBytes(payload);
      ByteBuf owned = WebSocketWire.owned(io.netty.buffer.ByteBufAllocator.DEFAULT, payload);
      assertThat(ClientDecoder.messages(owned))
          .as("owned, %d bytes", length)
          .containsExactly(payload);
      ByteBuf shared = WebSocketWire.shared(payload);
      assertThat(ClientDecoder.messages(WebSocketWire.view(shared)))
          .as("shared, %d bytes", length)
          .containsExactly(payload);
      // A view has its own read position: the shared bytes are still whole for the next socket.
      assertThat(ClientDecoder.messages(WebSocketWire.view(shared))).containsExactly(payload);
    }
  }

  @Test
  void aCloseFrameReadsBackWithItsStatusAndReason() {
    EmbeddedChannel client =
        new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
    client.writeInbound(WebSocketWire.close(4000, "slow consumer"));
    CloseWebSocketFrame close = client.readInbound();
    assertThat(close.statusCode()).isEqualTo(4000);
    assertThat(close.reasonText()).isEqualTo("slow consumer");
    close.release();
    client.finishAndReleaseAll();
    // A reason longer than a control frame allows is cut, not refused (a new decoder: one reads
    // nothing after a close).
    client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
    client.writeInbound(WebSocketWire.close(1001, "x".repeat(500)));
    CloseWebSocketFrame cut = client.readInbound();
    assertThat(cut.statusCode()).isEqualTo(1001);
    assertThat(cut.reasonText()).hasSize(123);
    cut.release();
    client.finishAndReleaseAll();
  }

  @Test
  void aRunOfMessagesReadsBackAsTheMessagesInOrder() {
    Random random = new Random(4);
    List<byte[]> payloads = new ArrayList<>();
    int bytes = 0;
    for (int i = 0; i < 50; i++) {
      byte[] p = new byte[random.nextInt(i % 10 == 0 ? 70_000 : 300)];
      random.nextBytes(p);
      payloads.add(p);
      bytes += p.length;
    }
    ByteBuf run = WebSocketWire.shared(payloads, bytes);
    assertThat(ClientDecoder.messages(WebSocketWire.view(run))).containsExactlyElementsOf(payloads);
    assertThat(ClientDecoder.messages(Unpooled.wrappedBuffer(ByteBufUtil.getBytes(run))))
        .hasSize(50);
  }
}
