package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.EncodeException;
import io.chatrelay.codec.version.VersionRange;

/**
 * The mutable part of short-link data (simplexmq {@code ConnLinkData}), signed by the root key (or,
 * for a contact address, an owner) and stored encrypted next to the {@link FixedLinkData}.
 *
 * <p>Binary form: the mode tag, the agent version range (two Word16), then
 *
 * <pre>
 * 'I' range {@link UserLinkData}      ({@link InvitationLinkData}; bytes after it are ignored)
 * 'C' range {@link UserContactData}   ({@link ContactLinkData}; bytes after the user data are kept)
 * </pre>
 */
public sealed interface ConnLinkData permits InvitationLinkData, ContactLinkData {

  /** The agent version range of the link's creator. */
  VersionRange agentVRange();

  ConnectionMode mode();

  /** The application data (simplexmq {@code linkUserData}). */
  UserLinkData userData();

  /**
   * Writes the binary form.
   *
   * @throws EncodeException if a part exceeds its length prefix
   */
  void encode(BinaryWriter w);

  /** The binary form as an array. */
  default byte[] encode() {
    BinaryWriter w = new BinaryWriter(256);
    encode(w);
    return w.toByteArray();
  }

  /**
   * Reads the binary form of either mode from the whole of {@code bytes}.
   *
   * @throws DecodeException UNKNOWN_TYPE for an unknown mode tag, or the reason of the first defect
   */
  static ConnLinkData decode(byte[] bytes) {
    BinaryReader r = new BinaryReader(bytes);
    ConnectionMode mode = ConnectionMode.decode(r);
    VersionRange vr = VersionRange.decode(r);
    if (mode == ConnectionMode.INVITATION) {
      // simplexmq ignores what follows the user data, for forward compatibility: so do we.
      return new InvitationLinkData(vr, UserLinkData.decode(r));
    }
    return new ContactLinkData(vr, UserContactData.decode(r));
  }

  /**
   * Reads the binary form and checks its mode (simplexmq {@code smpP @(ConnLinkData c)}).
   *
   * @throws DecodeException INVALID_VALUE for data of the other mode, or as {@link #decode(byte[])}
   */
  static ConnLinkData decode(byte[] bytes, ConnectionMode expected) {
    ConnLinkData d = decode(bytes);
    d.mode().require(expected, "link user data");
    return d;
  }
}
