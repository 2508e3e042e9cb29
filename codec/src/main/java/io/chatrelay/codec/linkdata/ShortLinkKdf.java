package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.crypto.Hkdf;
import io.chatrelay.codec.crypto.SecretBox;
import io.chatrelay.codec.link.ShortLink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a short link's key derives (simplexmq {@code contactShortLinkKdf}, {@code invShortLinkKdf}),
 * by HKDF-SHA512 with an empty salt and the link key as input key material:
 *
 * <ul>
 *   <li>contact address: info {@code "SimpleXContactLink"}, 56 bytes: the first 24 are the link id
 *       on the server, the last 32 the secretbox key of the link data;
 *   <li>invitation: info {@code "SimpleXInvLink"}, 32 bytes: the secretbox key (the link id is in
 *       the link itself).
 * </ul>
 */
public final class ShortLinkKdf {
  private static final byte[] CONTACT_INFO =
      "SimpleXContactLink".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INVITATION_INFO =
      "SimpleXInvLink".getBytes(StandardCharsets.US_ASCII);

  private ShortLinkKdf() {}

  /**
   * The link id and secretbox key of a contact address.
   *
   * @throws IllegalArgumentException if {@code linkKey} is not 32 bytes
   */
  public static ContactLinkKeys contactKeys(byte[] linkKey) {
    byte[] okm =
        Hkdf.sha512(new byte[0], checkKey(linkKey), CONTACT_INFO, ShortLink.ID_LENGTH + 32);
    return new ContactLinkKeys(
        Arrays.copyOfRange(okm, 0, ShortLink.ID_LENGTH),
        Arrays.copyOfRange(okm, ShortLink.ID_LENGTH, okm.length));
  }

  /**
   * The secretbox key of an invitation's link data.
   *
   * @throws IllegalArgumentException if {@code linkKey} is not 32 bytes
   */
  public static byte[] invitationKey(byte[] linkKey) {
    return Hkdf.sha512(new byte[0], checkKey(linkKey), INVITATION_INFO, SecretBox.KEY_LENGTH);
  }

  private static byte[] checkKey(byte[] linkKey) {
    if (linkKey.length != ShortLink.KEY_LENGTH) {
      throw new IllegalArgumentException(
          "link key must be " + ShortLink.KEY_LENGTH + " bytes, got " + linkKey.length);
    }
    return linkKey;
  }

  /**
   * A contact address's derived values. {@link #toString()} prints neither.
   *
   * @param linkId the 24-byte id of the link data on the server
   * @param secretBoxKey the 32-byte key of the link data
   */
  public record ContactLinkKeys(byte[] linkId, byte[] secretBoxKey) {
    public ContactLinkKeys {
      linkId = Objects.requireNonNull(linkId, "linkId").clone();
      secretBoxKey = Objects.requireNonNull(secretBoxKey, "secretBoxKey").clone();
    }

    @Override
    public byte[] linkId() {
      return linkId.clone();
    }

    @Override
    public byte[] secretBoxKey() {
      return secretBoxKey.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ContactLinkKeys k
          && Arrays.equals(linkId, k.linkId)
          && Arrays.equals(secretBoxKey, k.secretBoxKey);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(linkId);
    }

    @Override
    public String toString() {
      return "ContactLinkKeys[…]";
    }
  }
}
