package io.chatrelay.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import java.util.ArrayList;
import java.util.List;

/** Reads bytes the relay wrote as a client would: through Netty's own WebSocket decoder. */
public final class ClientDecoder {
  private ClientDecoder() {}

  /** The binary messages in {@code wire}, in order; each must be one final, unmasked frame. */
  public static List<byte[]> messages(ByteBuf wire) {
    EmbeddedChannel client =
        new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
    client.writeInbound(wire);
    List<byte[]> messages = new ArrayList<>();
    for (Object o; (o = client.readInbound()) != null; ) {
      assertThat(o).isInstanceOf(BinaryWebSocketFrame.class);
      BinaryWebSocketFrame f = (BinaryWebSocketFrame) o;
      assertThat(f.isFinalFragment()).isTrue();
      messages.add(ByteBufUtil.getBytes(f.content()));
      f.release();
    }
    client.finishAndReleaseAll();
    return messages;
  }
}
