package io.chatrelay.store.group;

import io.chatrelay.store.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * The relay's dedicated address for one group; there is at most one per group.
 *
 * @param groupId the group, 32 bytes
 * @param addressId 16..32 random bytes, unique among all addresses
 * @param validatedAt when the owners' signed link data listing this address was validated; empty
 *     until then (joins are held while it is empty)
 * @param createdAt when the address was created
 */
public record RelayAddress(
    byte[] groupId, byte[] addressId, Optional<Instant> validatedAt, Instant createdAt) {

  public RelayAddress {
    groupId = groupId.clone();
    addressId = addressId.clone();
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public byte[] addressId() {
    return addressId.clone();
  }

  public boolean validated() {
    return validatedAt.isPresent();
  }

  @Override
  public String toString() {
    return "RelayAddress["
        + Checks.shortHex(addressId)
        + " group "
        + Checks.shortHex(groupId)
        + (validated() ? " validated" : " not validated")
        + "]";
  }
}
