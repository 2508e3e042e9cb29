package io.chatrelay.gatling;

import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.message.ClientHello;
import io.chatrelay.codec.message.Deliver;
import io.chatrelay.codec.message.ErrorMessage;
import io.chatrelay.codec.message.Frame;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.codec.message.RelayHello;
import io.chatrelay.load.LoadChannel;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.WsFrameCheck;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The relay protocol as Gatling WebSocket steps and checks. Every frame a check reads is decoded
 * with the codec, so a frame that does not decode fails its request like a wrong answer does.
 *
 * <p>Requests carry 8-byte correlation ids ({@link LoadChannel#corr}); a check for a reply matches
 * the frame that echoes its request's id, and fails (KO) unless the reply is the expected one: an
 * {@code ERR} shows in the report with its code and retry delay, e.g. {@code ERR BUSY retry after
 * 250 ms}. A check for an event ({@code JOINED}, {@code DELIVER}) matches on the tag.
 */
final class RelayWs {
  /** Session attribute: the nonce the relay chose for this connection (proofs sign it). */
  static final String SERVER_NONCE = "serverNonce";

  private static final String CLIENT_NONCE = "clientNonce";
  private static final long HELLO_CORR = 0;
  private static final int MAX_FRAME = 1 << 20;

  /** How long a request waits for its answer. */
  static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

  private static final SecureRandom RANDOM = new SecureRandom();

  private RelayWs() {}

  /**
   * Opens the user's WebSocket and does the handshake: {@code HELLO} with a fresh nonce, then
   * {@code RHELLO}, whose certificate must hash to the relay's key hash and whose signature must
   * cover both nonces. Requests are named {@code <prefix>connect} and {@code <prefix>RHELLO}; the
   * server nonce is saved as {@link #SERVER_NONCE}.
   */
  static ChainBuilder handshake(String prefix, RelayTarget relay) {
    return exec(session -> session.set(CLIENT_NONCE, nonce()))
        .exec(ws(prefix + "connect").connect(session -> relay.wsUrl()))
        .exec(
            ws(prefix + "HELLO")
                .sendBytes(
                    session ->
                        MessageCodec.encode(
                            new Frame(
                                1,
                                LoadChannel.corr(HELLO_CORR),
                                new ClientHello(
                                    MessageCodec.SUPPORTED,
                                    Bytes.of(session.<byte[]>get(CLIENT_NONCE))))))
                .await(REPLY_TIMEOUT)
                .on(
                    ws.checkBinaryMessage(prefix + "RHELLO")
                        .matching(bodyBytes().transform(RelayWs::corr).is(HELLO_CORR))
                        .check(
                            bodyBytes()
                                .transformWithSession(
                                    (bytes, session) ->
                                        verifiedServerNonce(
                                            bytes,
                                            session.get(CLIENT_NONCE),
                                            relay.server().keyHash()))
                                .saveAs(SERVER_NONCE))));
  }

  /**
   * The owner posting {@code count} pre-signed posts at {@code perSecond}, each awaiting its {@code
   * POSTED} (request {@code <prefix>POSTED}): a post goes out when it is due or when the previous
   * one was acknowledged, whichever is later, so a relay slower than the rate lowers it (the
   * harness keeps the rate). {@code frame.apply(i)} is the {@code i}-th post (from 0), whose
   * correlation id is {@code i + 1} as {@link LoadChannel#postFrame} sets it.
   */
  static ChainBuilder posting(
      String prefix, IntFunction<byte[]> frame, int count, double perSecond) {
    Duration interval = Duration.ofNanos((long) (1e9 / perSecond));
    return repeat(count, "post")
        .on(
            pace(interval)
                .exec(
                    ws(prefix + "POST")
                        .sendBytes(session -> frame.apply(session.getInt("post")))
                        .await(REPLY_TIMEOUT)
                        .on(
                            reply(
                                prefix + "POSTED",
                                session -> session.getInt("post") + 1L,
                                "POSTED"))));
  }

  /** The answer to the request whose correlation id is {@code corr}: it must be {@code tag}. */
  static WsFrameCheck.Binary reply(String name, long corr, String tag) {
    return reply(name, session -> corr, tag);
  }

  /** The answer to the request whose correlation id the session holds: it must be {@code tag}. */
  static WsFrameCheck.Binary reply(String name, Function<Session, Long> corr, String tag) {
    return ws.checkBinaryMessage(name)
        .matching(bodyBytes().transform(RelayWs::corr).is(corr))
        .check(bodyBytes().transform(RelayWs::describe).is(tag));
  }

  /** The next pushed event with this tag; frames with other tags are left alone. */
  static WsFrameCheck.Binary event(String name, String tag) {
    return ws.checkBinaryMessage(name)
        .matching(bodyBytes().transform(b -> decode(b).message().tag()).is(tag));
  }

  /** The group address a {@code JOINED} frame names, in hex. */
  static String joinedAddress(byte[] frame) {
    return HexFormat.of().formatHex(((Joined) decode(frame).message()).addressId().toByteArray());
  }

  /** The relay sequence number of the post in a {@code DELIVER} frame. */
  static long deliveredSeq(byte[] frame) {
    return ((Deliver) decode(frame).message()).seq();
  }

  static Frame decode(byte[] frame) {
    return MessageCodec.decodeRelayFrame(frame, MAX_FRAME);
  }

  /** The correlation id as the scenarios send it (8 bytes), or -1 for an event. */
  static long corr(byte[] frame) {
    byte[] corr = decode(frame).corrId();
    return corr.length == 8 ? ByteBuffer.wrap(corr).getLong() : -1;
  }

  /** The tag, or for an error its code, retry delay and text: what a KO shows. */
  static String describe(byte[] frame) {
    Frame f = decode(frame);
    if (f.message() instanceof ErrorMessage e) {
      String retry = e.retryable() ? " retry after " + e.retryAfterMs() + " ms" : "";
      return "ERR " + e.codeName() + retry + ": " + e.text();
    }
    return f.message().tag();
  }

  private static byte[] verifiedServerNonce(byte[] frame, byte[] clientNonce, byte[] keyHash) {
    Frame f = decode(frame);
    if (!(f.message() instanceof RelayHello hello)) {
      throw new IllegalStateException("expected RHELLO, got " + describe(frame));
    }
    hello.verify(keyHash, clientNonce);
    return hello.serverNonce().toByteArray();
  }

  private static byte[] nonce() {
    byte[] n = new byte[32];
    RANDOM.nextBytes(n);
    return n;
  }
}
