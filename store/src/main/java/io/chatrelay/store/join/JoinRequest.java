package io.chatrelay.store.join;

import io.chatrelay.store.Checks;
import io.chatrelay.store.StoreException;
import java.util.Optional;

/**
 * A member's request to join a group, as the relay received it on the group's relay address.
 *
 * @param groupId the group, 32 bytes
 * @param memberKey the member's fresh per-group public key, 32 bytes
 * @param profile the optional member profile, at most 65535 bytes
 * @throws StoreException of kind {@code INVALID_ARGUMENT} when a field has the wrong shape
 */
public record JoinRequest(byte[] groupId, byte[] memberKey, Optional<byte[]> profile) {

  public JoinRequest {
    groupId = Checks.exactly(groupId, 32, "group id");
    memberKey = Checks.exactly(memberKey, 32, "member key");
    profile =
        Checks.required(profile, "profile (Optional)")
            .map(p -> Checks.optional(p, 65535, "profile"));
  }

  public static JoinRequest of(byte[] groupId, byte[] memberKey, byte[] profileOrNull) {
    return new JoinRequest(groupId, memberKey, Optional.ofNullable(profileOrNull));
  }

  @Override
  public byte[] groupId() {
    return groupId.clone();
  }

  @Override
  public byte[] memberKey() {
    return memberKey.clone();
  }

  @Override
  public Optional<byte[]> profile() {
    return profile.map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "JoinRequest[group " + Checks.shortHex(groupId) + "]";
  }
}
