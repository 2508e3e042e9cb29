package io.chatrelay.codec.linkdata;

import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded value with the exact bytes it was decoded from.
 *
 * <p>Signatures and the link key are over bytes, not values, and link data decoders ignore tails
 * (and SimpleX's decoder of a connection request fills in a queue mode), so re-encoding a value
 * need not give back the bytes that were signed. Keep these to hash, verify or pass on.
 *
 * @param value the decoded value
 * @param bytes its encoding as received, copied in and out
 * @param <T> the value's type
 */
public record Decoded<T>(T value, byte[] bytes) {
  public Decoded {
    Objects.requireNonNull(value, "value");
    bytes = Objects.requireNonNull(bytes, "bytes").clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Decoded<?> d && value.equals(d.value) && Arrays.equals(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * value.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Decoded[" + value + ", " + bytes.length + " bytes]";
  }
}
