package io.chatrelay.codec.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.testing.Seeded;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutated fixed and signed link data: verification either accepts data whose bytes are exactly the
 * signed ones, or fails with {@link LinkDataException}; nothing else is thrown, and nothing forged
 * is accepted. {@code -Pfuzz} runs many more cases with a fresh seed.
 */
@ExtendWith(Seeded.class)
class LinkDataFuzzTest {

  @Test
  void mutatedLinkDataNeverVerifiesAndFailsTyped(Random random) {
    GroupLinkDataTest.Fixture fx = new GroupLinkDataTest.Fixture(random);
    Ed25519KeyPair second = GroupLinkDataTest.key(random);
    MutableLinkData data =
        fx.data.withOwners(
            List.of(
                fx.data.owners().get(0),
                OwnerAuth.create(fx.groupId, new byte[] {2}, second.publicKey(), 1, fx.owner)));
    byte[] fixed = fx.fixed.encode();
    byte[] signed = SignedLinkData.sign(fx.fixed, data, second).encode();
    byte[] linkKey = fx.fixed.linkKey();
    assertThat(GroupLinkData.verify(linkKey, fixed, signed).version()).isEqualTo(data.version());

    int n = Seeded.iterations(10_000);
    for (int i = 0; i < n; i++) {
      boolean inFixed = random.nextInt(4) == 0;
      byte[] target = (inFixed ? fixed : signed).clone();
      int edits = 1 + random.nextInt(3);
      for (int k = 0; k < edits && target.length > 0; k++) {
        switch (random.nextInt(3)) {
          case 0 -> target[random.nextInt(target.length)] ^= (byte) (1 << random.nextInt(8));
          case 1 -> target[random.nextInt(target.length)] = (byte) random.nextInt(256);
          default -> target = java.util.Arrays.copyOf(target, random.nextInt(target.length + 8));
        }
      }
      byte[] f = inFixed ? target : fixed;
      byte[] s = inFixed ? signed : target;
      boolean unchanged = java.util.Arrays.equals(f, fixed) && java.util.Arrays.equals(s, signed);
      try {
        GroupLinkData.verify(linkKey, f, s);
        assertThat(unchanged).as("a changed encoding verified (case %d)", i).isTrue();
      } catch (LinkDataException e) {
        assertThat(unchanged).isFalse();
        assertThat(e.failure()).isNotNull();
      }
    }
  }
}
