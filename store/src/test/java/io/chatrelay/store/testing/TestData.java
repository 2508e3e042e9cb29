package io.chatrelay.store.testing;

import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.group.GroupType;
import io.chatrelay.store.join.JoinRequest;
import java.util.Random;

/** Random but seeded test values: groups, keys, joins. */
public final class TestData {
  private final Random random;

  public TestData(long seed) {
    this.random = new Random(seed);
  }

  public synchronized byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** A registration of a new group with random ids and link data version 1. */
  public GroupRegistration group() {
    return new GroupRegistration(bytes(32), bytes(32), GroupType.CHANNEL, bytes(60), bytes(120), 1);
  }

  public JoinRequest join(byte[] groupId) {
    return JoinRequest.of(groupId, bytes(32), bytes(16));
  }
}
