package io.chatrelay.store.log;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;
import java.util.Optional;

/**
 * An entry to append to a group's relay service log: a state change or a command.
 *
 * @param kind what it records, 1..64 characters (for example {@code relay-added}, {@code suspend})
 * @param actorKey the owner key that signed the command, 32 bytes; empty for the relay's own
 *     entries
 * @param payload the encoded entry, at most 1 MiB
 * @param signature the actor's signature over the payload, 1..1024 bytes; empty for the relay's own
 *     entries
 * @throws StoreException of kind {@code INVALID_ARGUMENT} when a field has the wrong shape
 */
public record NewServiceLogEntry(
    String kind, Optional<byte[]> actorKey, byte[] payload, Optional<byte[]> signature) {
  public NewServiceLogEntry {
    Checks.text(kind, 64, "log entry kind");
    actorKey =
        Checks.required(actorKey, "actor key (Optional)")
            .map(k -> Checks.exactly(k, 32, "actor key"));
    payload = Checks.between(payload, 0, 1 << 20, "payload");
    signature =
        Checks.required(signature, "signature (Optional)")
            .map(s -> Checks.between(s, 1, 1024, "signature"));
  }

  /** An entry signed by an owner. */
  public static NewServiceLogEntry signed(
      String kind, byte[] actorKey, byte[] payload, byte[] signature) {
    return new NewServiceLogEntry(kind, Optional.of(actorKey), payload, Optional.of(signature));
  }

  /** An entry the relay writes on its own account. */
  public static NewServiceLogEntry byRelay(String kind, byte[] payload) {
    return new NewServiceLogEntry(kind, Optional.empty(), payload, Optional.empty());
  }

  @Override
  public Optional<byte[]> actorKey() {
    return actorKey.map(byte[]::clone);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public Optional<byte[]> signature() {
    return signature.map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "NewServiceLogEntry[" + kind + ", " + payload.length + " bytes]";
  }
}
