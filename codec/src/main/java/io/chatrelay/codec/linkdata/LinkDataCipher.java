package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.crypto.CryptoException;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.crypto.SecretBox;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.EncodeException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Encryption of signed link data for the server, and its decryption and verification by a reader of
 * the link (simplexmq {@code encryptLinkData}, {@code encryptUserData}, {@code decryptLinkData}).
 *
 * <p>A signed blob ({@link LinkSigning}) is padded as simplexmq's {@code pad} does, to {@value
 * #FIXED_DATA_PADDED_LENGTH} bytes for fixed data and {@value #USER_DATA_PADDED_LENGTH} for user
 * data:
 *
 * <pre>
 * length (big-endian Word16)  blob  '#' repeated to the padded length
 * </pre>
 *
 * then sealed with NaCl secretbox under the key from {@link ShortLinkKdf} and a random 24-byte
 * nonce. The stored form ({@code EncDataBytes}) is {@code nonce || tag (16) || ciphertext}: 2048
 * bytes for fixed data, 13824 for user data. So a fixed blob holds at most 2006 bytes and a user
 * blob at most 13782.
 *
 * <p>Nonce generation draws from a {@link SecureRandom}: call it off event-loop threads.
 */
public final class LinkDataCipher {
  /** Padded length of fixed data: 2048 − 24 (nonce) − 16 (tag). */
  public static final int FIXED_DATA_PADDED_LENGTH = 2008;

  /** Padded length of user data: 13824 − 24 (nonce) − 16 (tag). */
  public static final int USER_DATA_PADDED_LENGTH = 13784;

  /** simplexmq's {@code maxMsgLen}: the most a Word16 length prefix is allowed to say. */
  static final int MAX_MESSAGE_LENGTH = 65536 - 3;

  private LinkDataCipher() {}

  /**
   * Pads {@code message} to {@code paddedLength} bytes: Word16 length, message, {@code '#'} fill.
   *
   * @throws EncodeException if the message and its length prefix do not fit (simplexmq {@code
   *     CryptoLargeMsgError})
   */
  public static byte[] pad(byte[] message, int paddedLength) {
    int fill = paddedLength - message.length - 2;
    if (message.length > MAX_MESSAGE_LENGTH || fill < 0) {
      throw new EncodeException(
          "message of "
              + message.length
              + " bytes does not fit "
              + paddedLength
              + " padded bytes (at most "
              + Math.max(0, Math.min(MAX_MESSAGE_LENGTH, paddedLength - 2))
              + ")");
    }
    byte[] out = new byte[paddedLength];
    out[0] = (byte) (message.length >>> 8);
    out[1] = (byte) message.length;
    System.arraycopy(message, 0, out, 2, message.length);
    Arrays.fill(out, 2 + message.length, paddedLength, (byte) '#');
    return out;
  }

  /**
   * Removes padding as simplexmq's {@code unPad}: the first {@code length} bytes after the 2-byte
   * length. The fill is not checked (simplexmq does not check it either).
   *
   * @throws LinkDataException BAD_PADDING if there is no length or it exceeds the rest
   */
  public static byte[] unpad(byte[] padded) {
    if (padded.length < 2) {
      throw new LinkDataException(LinkDataException.Failure.BAD_PADDING, "no padding length");
    }
    int len = ((padded[0] & 0xFF) << 8) | (padded[1] & 0xFF);
    if (len > padded.length - 2) {
      throw new LinkDataException(
          LinkDataException.Failure.BAD_PADDING,
          "padding length " + len + " exceeds the " + (padded.length - 2) + " bytes that follow");
    }
    return Arrays.copyOfRange(padded, 2, 2 + len);
  }

  /**
   * Encrypts a signed blob with a given nonce: {@code nonce || secretbox(pad(signed))}.
   *
   * @throws IllegalArgumentException for a key that is not 32 bytes or a nonce that is not 24
   * @throws EncodeException if the blob does not fit {@code paddedLength}
   */
  public static byte[] encrypt(byte[] key, byte[] nonce, byte[] signed, int paddedLength) {
    checkKey(key);
    if (nonce.length != SecretBox.NONCE_LENGTH) {
      throw new IllegalArgumentException("nonce must be " + SecretBox.NONCE_LENGTH + " bytes");
    }
    byte[] sealed = SecretBox.seal(key, nonce, pad(signed, paddedLength));
    byte[] out = Arrays.copyOf(nonce, nonce.length + sealed.length);
    System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
    return out;
  }

  /**
   * Encrypts a signed blob with a fresh random nonce.
   *
   * @throws IllegalArgumentException for a key that is not 32 bytes
   * @throws EncodeException if the blob does not fit {@code paddedLength}
   */
  public static byte[] encrypt(byte[] key, SecureRandom random, byte[] signed, int paddedLength) {
    byte[] nonce = new byte[SecretBox.NONCE_LENGTH];
    random.nextBytes(nonce);
    return encrypt(key, nonce, signed, paddedLength);
  }

  /**
   * Encrypts signed user data (an update of the mutable part) with a fresh nonce.
   *
   * @throws EncodeException if it exceeds 13782 bytes
   */
  public static byte[] encryptUserData(byte[] key, SecureRandom random, byte[] signedUserData) {
    return encrypt(key, random, signedUserData, USER_DATA_PADDED_LENGTH);
  }

  /**
   * Encrypts signed fixed and user data, each with a fresh nonce.
   *
   * @throws EncodeException if fixed data exceeds 2006 bytes or user data 13782
   */
  public static QueueLinkData encryptLinkData(
      byte[] key, SecureRandom random, byte[] signedFixedData, byte[] signedUserData) {
    return new QueueLinkData(
        encrypt(key, random, signedFixedData, FIXED_DATA_PADDED_LENGTH),
        encrypt(key, random, signedUserData, USER_DATA_PADDED_LENGTH));
  }

  /**
   * Decrypts and verifies link data, making simplexmq's checks in its order: open both parts (fixed
   * first), decode both, then check that the fixed bytes hash to {@code linkKey}, that the root key
   * signed them, and that the user data is signed by the root key (invitation) or, after the owners
   * are validated ({@link OwnerAuth#validateLinkOwners}), by the root key or any owner (contact
   * address).
   *
   * <p>The padded lengths are not checked: data of any length that opens is accepted, as by
   * simplexmq.
   *
   * @param linkKey the link key from the short link (32 bytes)
   * @param key the secretbox key ({@link ShortLinkKdf})
   * @param data the encrypted data from the server
   * @param mode the mode of the short link the data was fetched for
   * @throws IllegalArgumentException for a key that is not 32 bytes
   * @throws LinkDataException MALFORMED, DECRYPTION_FAILED, BAD_PADDING, HASH_MISMATCH,
   *     BAD_FIXED_SIGNATURE, an owner failure, or BAD_USER_SIGNATURE: the first check that fails
   */
  public static DecryptedLinkData decrypt(
      byte[] linkKey, byte[] key, QueueLinkData data, ConnectionMode mode) {
    Objects.requireNonNull(linkKey, "linkKey");
    Objects.requireNonNull(mode, "mode");
    checkKey(key);
    Signed fixed = open(key, data.encFixedData(), "fixed data");
    Signed user = open(key, data.encUserData(), "user data");
    FixedLinkData fd = decodeOrFail(() -> FixedLinkData.decode(fixed.data, mode), "fixed data");
    ConnLinkData ud = decodeOrFail(() -> ConnLinkData.decode(user.data, mode), "user data");
    if (!MessageDigest.isEqual(FixedLinkData.linkKeyOf(fixed.data), linkKey)) {
      throw new LinkDataException(LinkDataException.Failure.HASH_MISMATCH, "link data hash");
    }
    Ed25519PublicKey root = fd.rootKey();
    if (!root.verify(fixed.data, fixed.signature)) {
      throw new LinkDataException(
          LinkDataException.Failure.BAD_FIXED_SIGNATURE, "link data signature");
    }
    boolean signed;
    if (ud instanceof ContactLinkData c) {
      List<OwnerAuth> owners = c.contactData().owners();
      OwnerAuth.validateLinkOwners(root, owners);
      signed = root.verify(user.data, user.signature);
      for (int i = 0; !signed && i < owners.size(); i++) {
        signed = owners.get(i).ownerKey().verify(user.data, user.signature);
      }
    } else {
      signed = root.verify(user.data, user.signature);
    }
    if (!signed) {
      throw new LinkDataException(
          LinkDataException.Failure.BAD_USER_SIGNATURE, "user data signature");
    }
    return new DecryptedLinkData(new Decoded<>(fd, fixed.data), new Decoded<>(ud, user.data));
  }

  /** A signed blob: the signature and the bytes it signs. */
  private record Signed(byte[] signature, byte[] data) {}

  private static Signed open(byte[] key, byte[] encrypted, String what) {
    if (encrypted.length < SecretBox.NONCE_LENGTH) {
      throw new LinkDataException(
          LinkDataException.Failure.MALFORMED, what + ": shorter than its nonce");
    }
    byte[] nonce = Arrays.copyOf(encrypted, SecretBox.NONCE_LENGTH);
    byte[] box = Arrays.copyOfRange(encrypted, SecretBox.NONCE_LENGTH, encrypted.length);
    byte[] padded;
    try {
      padded = SecretBox.open(key, nonce, box);
    } catch (CryptoException e) {
      throw new LinkDataException(
          LinkDataException.Failure.DECRYPTION_FAILED, what + ": " + e.getMessage(), e);
    }
    byte[] blob = unpad(padded);
    return decodeOrFail(
        () -> {
          BinaryReader r = new BinaryReader(blob);
          byte[] sig = Ed25519Der.readSignature(r, "signature");
          return new Signed(sig, r.readTail());
        },
        what);
  }

  private static <T> T decodeOrFail(Supplier<T> decoder, String what) {
    try {
      return decoder.get();
    } catch (DecodeException e) {
      throw new LinkDataException(
          LinkDataException.Failure.MALFORMED, what + ": " + e.getMessage(), e);
    }
  }

  private static void checkKey(byte[] key) {
    if (key.length != SecretBox.KEY_LENGTH) {
      throw new IllegalArgumentException(
          "secretbox key must be " + SecretBox.KEY_LENGTH + " bytes");
    }
  }
}
