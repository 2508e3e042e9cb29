package io.chatrelay.client.group;

import io.chatrelay.client.transport.RelayException;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.group.LinkDataException;
import io.chatrelay.codec.link.SmpServer;
import java.util.concurrent.TimeoutException;

/**
 * A relay that did not do what was asked, and why, in one line for the user.
 *
 * @param relay the relay's {@code host:port}
 * @param reason what went wrong (a relay's refusal with its code, a verification failure, a
 *     connection failure)
 */
public record RelayFailure(String relay, String reason) {

  public static RelayFailure of(SmpServer server, Throwable error) {
    return new RelayFailure(RelayNames.of(server), describe(error));
  }

  @Override
  public String toString() {
    return relay + ": " + reason;
  }

  /** A one-line description of {@code e}, naming the protocol code or failure kind. */
  public static String describe(Throwable e) {
    if (e instanceof RelayException r) {
      Throwable root = r;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      if (root != r && root.getMessage() != null) {
        // A transport failure: the last part of the cause says it best ("Connection refused").
        String cause = oneLine(root.getMessage());
        int colon = cause.lastIndexOf(": ");
        return "unreachable (" + (colon >= 0 ? cause.substring(colon + 2) : cause) + ")";
      }
      return oneLine(r.getMessage());
    }
    if (e instanceof LinkDataException l) {
      return "verification failed (" + l.failure() + "): " + oneLine(l.getMessage());
    }
    if (e instanceof DecodeException d) {
      return "relay is not the one its address names or sent a malformed value ("
          + d.reason()
          + "): "
          + oneLine(d.getMessage());
    }
    if (e instanceof TimeoutException) {
      return "timed out";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : oneLine(m);
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
