package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.link.SimplexVectors;
import io.chatrelay.codec.version.VersionRange;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;

/** Seeded keys and randomness for link-data tests, and the values simplexmq's tests share. */
final class LinkDataFixtures {
  private LinkDataFixtures() {}

  /**
   * simplexmq {@code supportedSMPAgentVRange} at commit 92598c2d (as in ConnectionRequestTests).
   */
  static final VersionRange AGENT = SimplexVectors.AGENT;

  static final UserLinkData SOME_USER_DATA = UserLinkData.of("some user data");
  static final UserLinkData UPDATED_USER_DATA = UserLinkData.of("updated user data");

  static Ed25519KeyPair keyPair(Random random) {
    return Ed25519KeyPair.fromSeed(bytes(random, 32));
  }

  static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /**
   * A {@link SecureRandom} whose output follows {@code random}, so that nonces are reproducible
   * from the printed seed. Test use only.
   */
  static SecureRandom secureRandom(Random random) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
      }
    };
  }

  static UserContactData contactData(boolean direct, List<OwnerAuth> owners, UserLinkData d) {
    return new UserContactData(direct, owners, List.of(), d);
  }
}
