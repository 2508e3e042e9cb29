package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;

/**
 * {@code LOG} (event): one entry of the relay service log of a group. {@code addressId(ByteString,
 * 24) seq(Int64) at(Int64, ms) kind(ByteString, ASCII) data(Large, <= 48 KiB)}. Kinds in version 1:
 * {@code INVITED}, {@code ACCEPTED}, {@code VALIDATED}, {@code LINK_UPDATED}, {@code COMMAND}
 * (data: the signed OwnerCommand, so any owner can check who ordered what), {@code SUSPENDED},
 * {@code RESUMED}, {@code REMOVED}, {@code MEMBERS_ADMITTED} (data: Word16 count, then member id
 * (Int64) and key (ByteString) of each), {@code REJECTED}. The log is append-only and holds no
 * free-form messages.
 */
public record LogEntry(Bytes addressId, long seq, long at, String kind, Bytes data)
    implements RelayMessage {
  public static final String TAG = "LOG";
  public static final int MAX_DATA = 48 * 1024;

  public LogEntry {
    Fields.address(addressId);
    if (seq < 1) {
      throw DecodeException.invalid("sequence must be >= 1");
    }
    Fields.required(kind, "kind");
    Fields.required(data, "data");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    addressId.writeShort(w);
    w.writeInt64(seq).writeInt64(at).writeShortString(kind).writeLarge(data.toByteArray());
  }

  static LogEntry read(BinaryReader r) {
    return new LogEntry(
        Fields.readAddress(r),
        r.readInt64(),
        r.readInt64(),
        r.readShortString(),
        Bytes.of(r.readLarge(MAX_DATA)));
  }
}
