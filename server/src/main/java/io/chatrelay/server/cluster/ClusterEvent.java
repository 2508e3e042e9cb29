package io.chatrelay.server.cluster;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;

/**
 * What one relay instance tells the others sharing its database. Events are hints, never the truth:
 * the store is. An instance that misses one recovers from the store (a subscriber sees a gap and
 * reads the missing posts; a cached group expires).
 *
 * <p>Layout: {@code instance(ByteString) tag(1 byte) fields}.
 */
public sealed interface ClusterEvent {
  /** Posts {@code fromSeq..toSeq} of a group were committed. */
  record PostsStored(Bytes groupId, long fromSeq, long toSeq) implements ClusterEvent {}

  /** A group's state or link data changed: drop it from caches. */
  record GroupChanged(Bytes groupId, Bytes addressId) implements ClusterEvent {}

  /** Entry {@code seq} was appended to a group's service log. */
  record LogAppended(Bytes groupId, long seq) implements ClusterEvent {}

  /** A join was admitted: whoever waits for it on another instance can be told. */
  record MemberAdmitted(Bytes groupId, Bytes memberKey, long memberId) implements ClusterEvent {}

  static byte[] encode(Bytes instance, ClusterEvent e) {
    BinaryWriter w = new BinaryWriter(96);
    instance.writeShort(w);
    if (e instanceof PostsStored p) {
      w.writeChar('P');
      p.groupId().writeShort(w);
      w.writeInt64(p.fromSeq()).writeInt64(p.toSeq());
    } else if (e instanceof GroupChanged g) {
      w.writeChar('G');
      g.groupId().writeShort(w);
      g.addressId().writeShort(w);
    } else if (e instanceof LogAppended l) {
      w.writeChar('L');
      l.groupId().writeShort(w);
      w.writeInt64(l.seq());
    } else if (e instanceof MemberAdmitted m) {
      w.writeChar('M');
      m.groupId().writeShort(w);
      m.memberKey().writeShort(w);
      w.writeInt64(m.memberId());
    }
    return w.toByteArray();
  }

  /** The sending instance and the event. */
  record Received(Bytes instance, ClusterEvent event) {}

  static Received decode(byte[] bytes) {
    return BinaryReader.decodeAll(
        bytes,
        r -> {
          Bytes instance = Bytes.read(r, 1, 32, "instance");
          int tag = r.readByte();
          ClusterEvent e =
              switch (tag) {
                case 'P' ->
                    new PostsStored(Bytes.read(r, 32, 32, "group"), r.readInt64(), r.readInt64());
                case 'G' ->
                    new GroupChanged(
                        Bytes.read(r, 32, 32, "group"), Bytes.read(r, 1, 32, "address"));
                case 'L' -> new LogAppended(Bytes.read(r, 32, 32, "group"), r.readInt64());
                case 'M' ->
                    new MemberAdmitted(
                        Bytes.read(r, 32, 32, "group"),
                        Bytes.read(r, 32, 32, "key"),
                        r.readInt64());
                default ->
                    throw new DecodeException(
                        DecodeException.Reason.UNKNOWN_TYPE, "unknown cluster event " + tag);
              };
          return new Received(instance, e);
        });
  }
}
