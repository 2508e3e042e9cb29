package io.chatrelay.store.identity;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;
import java.time.Instant;
import java.util.Optional;

/**
 * The relay's long-term identity: its Ed25519 key pair and self-signed certificate. Exactly one per
 * relay, generated on first start. {@link #toString()} never shows the seed.
 *
 * @param privateSeed the 32-byte Ed25519 private seed (secret)
 * @param publicKey the 32-byte Ed25519 public key
 * @param certificate the self-signed certificate, DER, 1..16384 bytes
 * @param createdAt when it was stored; empty for one not yet stored
 * @throws StoreException of kind {@code INVALID_ARGUMENT} when a field has the wrong shape
 */
public record RelayIdentity(
    byte[] privateSeed, byte[] publicKey, byte[] certificate, Optional<Instant> createdAt) {

  public RelayIdentity {
    privateSeed = Checks.exactly(privateSeed, 32, "private seed");
    publicKey = Checks.exactly(publicKey, 32, "public key");
    certificate = Checks.between(certificate, 1, 16384, "certificate");
    Checks.required(createdAt, "created time (Optional)");
  }

  /** A new identity, not yet stored. */
  public static RelayIdentity of(byte[] privateSeed, byte[] publicKey, byte[] certificate) {
    return new RelayIdentity(privateSeed, publicKey, certificate, Optional.empty());
  }

  @Override
  public byte[] privateSeed() {
    return privateSeed.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] certificate() {
    return certificate.clone();
  }

  @Override
  public String toString() {
    return "RelayIdentity[certificate " + certificate.length + " bytes, created " + createdAt + "]";
  }
}
