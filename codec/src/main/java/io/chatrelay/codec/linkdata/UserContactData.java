package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.EncodeException;
import io.chatrelay.codec.link.InvitationShortLink;
import io.chatrelay.codec.link.ShortLink;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The mutable data of a contact address (simplexmq {@code UserContactData}).
 *
 * <p>Binary form:
 *
 * <pre>
 * direct     Bool ('T' / 'F')
 * owners     1-byte count, then each {@link OwnerAuth}
 * relays     1-byte count, then each contact-mode short link ({@link ShortLinkCodec})
 * userData   {@link UserLinkData}
 * extension  the rest of the input
 * </pre>
 *
 * simplexmq reads and drops the bytes after {@code userData} (room for later fields); we keep them
 * as {@code extension} and write them back, so a value read re-encodes to the bytes it was read
 * from, and the project can carry its own fields there.
 *
 * <p>Invariants: no relay is an invitation link; lists and arrays copied. Counts above 255 are
 * refused on encoding.
 *
 * @param direct whether joining directly through the fixed data's connection request is allowed
 * @param owners additional owners allowed to sign this data, in authorisation order
 * @param relays chat relays that accept requests for this address
 * @param userData application data
 * @param extension bytes after the user data, possibly empty
 */
public record UserContactData(
    boolean direct,
    List<OwnerAuth> owners,
    List<ShortLink> relays,
    UserLinkData userData,
    byte[] extension) {

  /**
   * @throws IllegalArgumentException if a relay is an invitation link
   */
  public UserContactData {
    owners = List.copyOf(owners);
    relays = List.copyOf(relays);
    Objects.requireNonNull(userData, "userData");
    extension = Objects.requireNonNull(extension, "extension").clone();
    for (ShortLink l : relays) {
      if (l instanceof InvitationShortLink) {
        throw new IllegalArgumentException(
            "a relay link is a contact-mode link, not an invitation");
      }
    }
  }

  /** Contact data without extension. */
  public UserContactData(
      boolean direct, List<OwnerAuth> owners, List<ShortLink> relays, UserLinkData userData) {
    this(direct, owners, relays, userData, new byte[0]);
  }

  @Override
  public byte[] extension() {
    return extension.clone();
  }

  /**
   * Writes the binary form.
   *
   * @throws EncodeException for more than 255 owners or relays, a relay without a binary form, or
   *     over-long user data
   */
  public void encode(BinaryWriter w) {
    w.writeBool(direct);
    w.writeList(owners, OwnerAuth::encode);
    w.writeList(relays, ShortLinkCodec::encode);
    userData.encode(w);
    w.writeRaw(extension);
  }

  /**
   * Reads the binary form; it takes the rest of the input.
   *
   * @throws DecodeException INVALID_VALUE for a bad Bool or an invitation relay link, TRUNCATED,
   *     BAD_KEY, UNKNOWN_TYPE as the parts do
   */
  public static UserContactData decode(BinaryReader r) {
    boolean direct = r.readBool();
    List<OwnerAuth> owners = r.readList(OwnerAuth::decode);
    List<ShortLink> relays = r.readList(ShortLinkCodec::decodeContact);
    UserLinkData userData = UserLinkData.decode(r);
    return new UserContactData(direct, owners, relays, userData, r.readTail());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserContactData d
        && direct == d.direct
        && owners.equals(d.owners)
        && relays.equals(d.relays)
        && userData.equals(d.userData)
        && Arrays.equals(extension, d.extension);
  }

  @Override
  public int hashCode() {
    return Objects.hash(direct, owners, relays, userData, Arrays.hashCode(extension));
  }

  @Override
  public String toString() {
    return "UserContactData[direct="
        + direct
        + ", owners="
        + owners.size()
        + ", relays="
        + relays
        + ", "
        + userData
        + (extension.length == 0 ? "" : ", extension=" + extension.length + " bytes")
        + "]";
  }
}
