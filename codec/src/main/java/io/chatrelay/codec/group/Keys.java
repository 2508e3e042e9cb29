package io.chatrelay.codec.group;

import io.chatrelay.codec.crypto.CryptoException;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.DecodeException;

/** Decoding of keys inside binary structures: a bad key is a decode failure of its structure. */
final class Keys {
  private Keys() {}

  static Ed25519PublicKey ed25519(byte[] bytes) {
    try {
      return Ed25519PublicKey.of(bytes);
    } catch (CryptoException e) {
      throw new DecodeException(DecodeException.Reason.BAD_KEY, e.getMessage(), e);
    }
  }

  static Ed25519PublicKey readEd25519(BinaryReader r, String what) {
    return ed25519(r.readShortBytesExactly(Ed25519PublicKey.LENGTH, what));
  }

  static byte[] readSignature(BinaryReader r) {
    return r.readShortBytesExactly(64, "signature");
  }
}
