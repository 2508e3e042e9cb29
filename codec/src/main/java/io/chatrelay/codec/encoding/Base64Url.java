package io.chatrelay.codec.encoding;

/**
 * base64url (RFC 4648 §5) as SimpleX writes it: padded ({@code strEncode} of a {@code ByteString}:
 * key hashes, queue ids and keys in queue URIs and e2e parameters) or unpadded ({@code
 * B64.encodeUnpadded}: link keys, link ids and the key hash in short links).
 *
 * <p>Decoding follows simplexmq's {@code base64urlP} and base64-bytestring's URL decoder: the
 * alphabet is {@code A-Z a-z 0-9 - _}, padding is optional (an unpadded string is read as if it
 * were padded), but padding that is present must be correct, and the unused low bits of the last
 * character must be zero (non-canonical encodings are refused, so that every decoded value prints
 * back to the same string). Anything else throws {@link DecodeException} with reason {@link
 * DecodeException.Reason#BAD_ENCODING}.
 */
public final class Base64Url {
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
  private static final int[] VALUES = new int[128];

  static {
    java.util.Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = i;
    }
  }

  private Base64Url() {}

  /** Padded base64url, as SimpleX's {@code strEncode} of a {@code ByteString}. */
  public static String encodePadded(byte[] bytes) {
    return encode(bytes, true);
  }

  /** Unpadded base64url, as SimpleX's {@code B64.encodeUnpadded}. */
  public static String encodeUnpadded(byte[] bytes) {
    return encode(bytes, false);
  }

  private static String encode(byte[] bytes, boolean pad) {
    StringBuilder sb = new StringBuilder((bytes.length + 2) / 3 * 4);
    int i = 0;
    for (; i + 3 <= bytes.length; i += 3) {
      int n = ((bytes[i] & 0xFF) << 16) | ((bytes[i + 1] & 0xFF) << 8) | (bytes[i + 2] & 0xFF);
      sb.append(ALPHABET[n >>> 18])
          .append(ALPHABET[(n >>> 12) & 63])
          .append(ALPHABET[(n >>> 6) & 63])
          .append(ALPHABET[n & 63]);
    }
    int rest = bytes.length - i;
    if (rest == 1) {
      int n = (bytes[i] & 0xFF) << 16;
      sb.append(ALPHABET[n >>> 18]).append(ALPHABET[(n >>> 12) & 63]);
      if (pad) {
        sb.append("==");
      }
    } else if (rest == 2) {
      int n = ((bytes[i] & 0xFF) << 16) | ((bytes[i + 1] & 0xFF) << 8);
      sb.append(ALPHABET[n >>> 18]).append(ALPHABET[(n >>> 12) & 63]);
      sb.append(ALPHABET[(n >>> 6) & 63]);
      if (pad) {
        sb.append('=');
      }
    }
    return sb.toString();
  }

  /** True for the characters of the base64url alphabet (not the padding). */
  public static boolean isAlphabet(char c) {
    return c < 128 && VALUES[c] >= 0;
  }

  /**
   * Decodes base64url with optional padding.
   *
   * @param what the field name used in the error message
   * @throws DecodeException BAD_ENCODING on an empty string, a character outside the alphabet,
   *     wrong padding, an impossible length or non-zero unused bits
   */
  public static byte[] decode(String s, String what) {
    int end = s.length();
    int pad = 0;
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
      pad++;
    }
    if (end == 0) {
      throw DecodeException.badEncoding(what + ": empty base64url");
    }
    int rem = end % 4;
    if (rem == 1) {
      throw DecodeException.badEncoding(what + ": impossible base64url length " + end);
    }
    if (pad != 0 && (rem == 0 || pad != 4 - rem)) {
      throw DecodeException.badEncoding(what + ": wrong base64url padding");
    }
    byte[] out = new byte[end / 4 * 3 + (rem == 0 ? 0 : rem - 1)];
    int o = 0;
    int acc = 0;
    int bits = 0;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      int v = c < 128 ? VALUES[c] : -1;
      if (v < 0) {
        throw DecodeException.badEncoding(
            what + ": invalid base64url character '" + printable(c) + "' at " + i);
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (byte) (acc >>> bits);
        acc &= (1 << bits) - 1;
      }
    }
    if (acc != 0) {
      throw DecodeException.badEncoding(what + ": non-canonical base64url (unused bits set)");
    }
    return out;
  }

  static String printable(char c) {
    return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
