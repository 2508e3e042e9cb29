package io.chatrelay.codec.crypto;

import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.util.Arrays;

/**
 * NaCl {@code crypto_secretbox}: XSalsa20 stream cipher with a Poly1305 authenticator.
 *
 * <p>The sealed form is the 16-byte tag followed by the ciphertext (NaCl's "easy" layout, as
 * SimpleX uses). The first 32 bytes of the XSalsa20 keystream key Poly1305; the message is
 * encrypted with the keystream from byte 32 on.
 */
public final class SecretBox {
  public static final int KEY_LENGTH = 32;
  public static final int NONCE_LENGTH = 24;
  public static final int TAG_LENGTH = 16;

  private SecretBox() {}

  public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext) {
    XSalsa20Engine cipher = init(key, nonce);
    byte[] macKey = new byte[32];
    cipher.processBytes(new byte[32], 0, 32, macKey, 0);
    byte[] out = new byte[TAG_LENGTH + plaintext.length];
    cipher.processBytes(plaintext, 0, plaintext.length, out, TAG_LENGTH);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(macKey));
    mac.update(out, TAG_LENGTH, plaintext.length);
    mac.doFinal(out, 0);
    return out;
  }

  /**
   * Opens a sealed box.
   *
   * @throws CryptoException if it is shorter than a tag or the tag does not verify
   */
  public static byte[] open(byte[] key, byte[] nonce, byte[] sealed) {
    if (sealed.length < TAG_LENGTH) {
      throw new CryptoException("secretbox shorter than its tag");
    }
    XSalsa20Engine cipher = init(key, nonce);
    byte[] macKey = new byte[32];
    cipher.processBytes(new byte[32], 0, 32, macKey, 0);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(macKey));
    mac.update(sealed, TAG_LENGTH, sealed.length - TAG_LENGTH);
    byte[] tag = new byte[TAG_LENGTH];
    mac.doFinal(tag, 0);
    if (!Arrays.constantTimeAreEqual(TAG_LENGTH, tag, 0, sealed, 0)) {
      throw new CryptoException("secretbox authentication failed");
    }
    byte[] plain = new byte[sealed.length - TAG_LENGTH];
    cipher.processBytes(sealed, TAG_LENGTH, plain.length, plain, 0);
    return plain;
  }

  private static XSalsa20Engine init(byte[] key, byte[] nonce) {
    if (key == null || key.length != KEY_LENGTH) {
      throw new CryptoException("secretbox key must be 32 bytes");
    }
    if (nonce == null || nonce.length != NONCE_LENGTH) {
      throw new CryptoException("secretbox nonce must be 24 bytes");
    }
    XSalsa20Engine cipher = new XSalsa20Engine();
    cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    return cipher;
  }
}
