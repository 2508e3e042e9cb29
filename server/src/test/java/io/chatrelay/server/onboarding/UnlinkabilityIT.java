package io.chatrelay.server.onboarding;

import static io.chatrelay.server.testing.RelayFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.OwnerAction;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.message.Accepted;
import io.chatrelay.codec.message.Ok;
import io.chatrelay.server.testing.RelayFixture;
import io.chatrelay.server.testing.TestGroup;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing the relay receives or stores ties two groups to the same owner: one owner registers
 * several groups (each with its own keys and connection, as the client does) and the test scans
 * every byte column of every table, looking for any 16-byte sequence that the rows of two groups
 * share, apart from the relay's own identity (which every group's relay list names).
 */
@ExtendWith(TestDatabaseExtension.class)
class UnlinkabilityIT {
  private static final int WINDOW = 16;
  private RelayFixture fx;

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void groupsOfOneOwnerShareNoKeyIdOrProfileBytes(TestDatabase db) throws Exception {
    fx = new RelayFixture(db);
    fx.start();
    Random random = new Random(77);
    List<TestGroup> groups = new ArrayList<>();
    RelayEntry anyEntry = null;
    for (int i = 0; i < 3; i++) {
      // The same owner, with fresh keys and a connection per group. (Profiles are the owner's
      // words: two groups named alike would share those bytes by the owner's choice.)
      TestGroup g =
          new TestGroup(random, GroupType.CHANNEL, List.of("Birds", "Trains", "Jazz").get(i));
      RelayConnection c = fx.connect();
      RelayEntry entry =
          ((Accepted) c.request(g.invite(fx.keyHash(), c.serverNonce())).block(TIMEOUT)).address();
      g.addOwner();
      g.addRelay(entry);
      assertThat(c.request(g.update(entry.addressId())).block(TIMEOUT)).isInstanceOf(Ok.class);
      assertThat(
              c.request(
                      g.command(
                          entry.addressId(),
                          new OwnerAction.SuspendJoins(),
                          g.owners.get(0),
                          System.currentTimeMillis()))
                  .block(TIMEOUT))
          .isInstanceOf(Ok.class);
      groups.add(g);
      anyEntry = entry;
    }

    // What every group legitimately holds: the relay's own identity (its server, key and
    // certificate, named in every relay list). Those byte strings are cut out of every value
    // before it is scanned, so what remains is what owners and members sent.
    BinaryWriter server = new BinaryWriter();
    anyEntry.server().encode(server);
    List<byte[]> relayIdentity =
        List.of(
            server.toByteArray(),
            fx.relay().keys().keyPair().publicKey().bytes(),
            fx.relay().keys().certificate());

    Map<Integer, Set<ByteBuffer>> perGroup = new HashMap<>();
    try (Connection jdbc = db.jdbc()) {
      for (String table :
          List.of(
              "relay_groups",
              "relay_addresses",
              "service_log",
              "pending_joins",
              "members",
              "member_certificates",
              "posts")) {
        for (int i = 0; i < groups.size(); i++) {
          try (var st = jdbc.prepareStatement("SELECT * FROM " + table + " WHERE group_id = ?")) {
            st.setBytes(1, groups.get(i).groupId());
            try (ResultSet rs = st.executeQuery()) {
              ResultSetMetaData md = rs.getMetaData();
              while (rs.next()) {
                for (int col = 1; col <= md.getColumnCount(); col++) {
                  if (md.getColumnType(col) == Types.BINARY) {
                    byte[] v = rs.getBytes(col);
                    if (v != null) {
                      for (byte[] part : cut(v, relayIdentity)) {
                        windows(part, perGroup.computeIfAbsent(i, k -> new HashSet<>()));
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    assertThat(perGroup).hasSize(3);
    perGroup.values().forEach(set -> assertThat(set).isNotEmpty());
    for (int a = 0; a < groups.size(); a++) {
      for (int b = a + 1; b < groups.size(); b++) {
        Set<ByteBuffer> shared = new HashSet<>(perGroup.get(a));
        shared.retainAll(perGroup.get(b));
        assertThat(shared.stream().map(w -> java.util.HexFormat.of().formatHex(w.array())))
            .as(
                "bytes shared by groups %d and %d (relay key %s, key hash %s)",
                a,
                b,
                java.util.HexFormat.of().formatHex(fx.relay().keys().keyPair().publicKey().bytes()),
                java.util.HexFormat.of().formatHex(fx.relay().keys().keyHash()))
            .isEmpty();
      }
    }
    // The check can fail: without cutting out the relay's identity, the groups share bytes.
    Set<ByteBuffer> identity = new HashSet<>();
    windows(fx.relay().keys().keyPair().publicKey().bytes(), identity);
    identity.retainAll(perGroupUncut(db, groups.get(0).groupId()));
    assertThat(identity).isNotEmpty();
  }

  private static Set<ByteBuffer> perGroupUncut(TestDatabase db, byte[] groupId) throws Exception {
    Set<ByteBuffer> out = new HashSet<>();
    try (Connection jdbc = db.jdbc();
        var st = jdbc.prepareStatement("SELECT payload FROM service_log WHERE group_id = ?")) {
      st.setBytes(1, groupId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          windows(rs.getBytes(1), out);
        }
      }
    }
    return out;
  }

  /** The parts of {@code v} between occurrences of any of {@code tokens}. */
  static List<byte[]> cut(byte[] v, List<byte[]> tokens) {
    List<byte[]> parts = new ArrayList<>();
    int from = 0;
    int i = 0;
    outer:
    while (i < v.length) {
      for (byte[] t : tokens) {
        if (t.length > 0
            && i + t.length <= v.length
            && java.util.Arrays.equals(v, i, i + t.length, t, 0, t.length)) {
          parts.add(java.util.Arrays.copyOfRange(v, from, i));
          i += t.length;
          from = i;
          continue outer;
        }
      }
      i++;
    }
    parts.add(java.util.Arrays.copyOfRange(v, from, v.length));
    return parts;
  }

  private static void windows(byte[] v, Set<ByteBuffer> into) {
    for (int i = 0; i + WINDOW <= v.length; i++) {
      byte[] w = new byte[WINDOW];
      System.arraycopy(v, i, w, 0, WINDOW);
      into.add(ByteBuffer.wrap(w));
    }
  }
}
