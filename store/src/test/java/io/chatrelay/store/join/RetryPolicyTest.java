package io.chatrelay.store.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.store.StoreException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void backoffDoublesUpToTheMaximum() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoffAfter(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(p.backoffAfter(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoffAfter(1000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void joinRequestsCheckTheirShapeAndCopy() {
    byte[] group = new byte[32];
    byte[] key = new byte[32];
    JoinRequest r = JoinRequest.of(group, key, null);
    group[0] = 1;
    assertThat(r.groupId()[0]).isZero();
    assertThatThrownBy(() -> JoinRequest.of(new byte[32], new byte[33], null))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID_ARGUMENT));
    assertThatThrownBy(() -> JoinRequest.of(new byte[32], new byte[32], new byte[65536]))
        .isInstanceOf(StoreException.class);
  }
}
