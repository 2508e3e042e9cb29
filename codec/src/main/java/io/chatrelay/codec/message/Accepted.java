package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.group.RelayEntry;

/**
 * {@code ACCEPTED}: the relay serves the group; {@code address(RelayEntry)} is the dedicated
 * per-group relay address to put in the relay list. Repeated invitations return the same one.
 */
public record Accepted(RelayEntry address) implements RelayMessage {
  public static final String TAG = "ACCEPTED";

  public Accepted {
    Fields.required(address, "address");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    address.encode(w);
  }

  static Accepted read(BinaryReader r) {
    return new Accepted(RelayEntry.read(r));
  }
}
