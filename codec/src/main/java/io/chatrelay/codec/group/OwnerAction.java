package io.chatrelay.codec.group;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;

/**
 * What an {@link OwnerCommand} asks of a relay for one group. Tags: {@code S} suspend joins, {@code
 * R} resume joins, {@code X} remove the relay from the group, {@code L} read the relay service log
 * from a sequence number (optionally following it live).
 */
public sealed interface OwnerAction {
  char tag();

  /** Stop admitting members; joins are still queued durably. */
  record SuspendJoins() implements OwnerAction {
    @Override
    public char tag() {
      return 'S';
    }
  }

  /** Admit members again, including those queued while suspended. */
  record ResumeJoins() implements OwnerAction {
    @Override
    public char tag() {
      return 'R';
    }
  }

  /** Stop serving the group at this relay. */
  record RemoveRelay() implements OwnerAction {
    @Override
    public char tag() {
      return 'X';
    }
  }

  /** Read the relay service log from {@code fromSeq}; with {@code follow}, keep streaming. */
  record ReadLog(long fromSeq, boolean follow) implements OwnerAction {
    public ReadLog {
      if (fromSeq < 0) {
        throw DecodeException.invalid("log sequence must be >= 0");
      }
    }

    @Override
    public char tag() {
      return 'L';
    }
  }

  /** True if the action changes the group's state (and so is recorded in the service log). */
  default boolean changesState() {
    return !(this instanceof ReadLog);
  }

  default void encode(BinaryWriter w) {
    w.writeChar(tag());
    if (this instanceof ReadLog l) {
      w.writeInt64(l.fromSeq()).writeBool(l.follow());
    }
  }

  static OwnerAction read(BinaryReader r) {
    int tag = r.readByte();
    return switch (tag) {
      case 'S' -> new SuspendJoins();
      case 'R' -> new ResumeJoins();
      case 'X' -> new RemoveRelay();
      case 'L' -> new ReadLog(r.readInt64(), r.readBool());
      default ->
          throw new DecodeException(
              DecodeException.Reason.UNKNOWN_TYPE,
              "unknown owner action 0x" + Integer.toHexString(tag));
    };
  }
}
