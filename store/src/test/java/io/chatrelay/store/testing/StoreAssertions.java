package io.chatrelay.store.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.StoreException;

/** Assertions about store errors. */
public final class StoreAssertions {
  private StoreAssertions() {}

  /** {@code error} is a {@link StoreException} of {@code kind}. */
  public static void assertKind(Throwable error, StoreException.Kind kind) {
    assertThat(error).isInstanceOf(StoreException.class);
    assertThat(((StoreException) error).kind()).as(error.toString()).isEqualTo(kind);
  }
}
