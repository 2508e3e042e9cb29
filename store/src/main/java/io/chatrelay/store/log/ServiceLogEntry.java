package io.chatrelay.store.log;

import io.chatrelay.store.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored entry of a group's relay service log.
 *
 * @param groupId the group
 * @param seq its per-group sequence number: 1, 2, 3, ... without gaps
 * @param loggedAt when it was appended
 * @param kind what it records
 * @param actorKey the signing owner key, if any
 * @param payload the encoded entry
 * @param signature the signature, if any
 */
public record ServiceLogEntry(
    byte[] groupId,
    long seq,
    Instant loggedAt,
    String kind,
    Optional<byte[]> actorKey,
    byte[] payload,
    Optional<byte[]> signature) {
  public ServiceLogEntry {
    groupId = groupId.clone();
    actorKey = actorKey.map(byte[]::clone);
    payload = payload.clone();
    signature = signature.map(byte[]::clone);
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
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
    return "ServiceLogEntry[" + Checks.shortHex(groupId) + " #" + seq + " " + kind + "]";
  }
}
