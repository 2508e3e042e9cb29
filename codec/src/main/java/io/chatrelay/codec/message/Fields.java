package io.chatrelay.codec.message;

import io.chatrelay.codec.crypto.CryptoException;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;

/** Field codecs shared by messages: keys, signatures, address ids, nonces. */
final class Fields {
  static final int ADDRESS_MIN = 24;
  static final int ADDRESS_MAX = 24;
  static final int NONCE = 32;
  static final int SIGNATURE = 64;

  private Fields() {}

  static Ed25519PublicKey readKey(BinaryReader r, String what) {
    byte[] b = r.readShortBytesExactly(Ed25519PublicKey.LENGTH, what);
    try {
      return Ed25519PublicKey.of(b);
    } catch (CryptoException e) {
      throw new DecodeException(DecodeException.Reason.BAD_KEY, what + ": " + e.getMessage(), e);
    }
  }

  static void writeKey(BinaryWriter w, Ed25519PublicKey key) {
    w.writeShortBytes(key.bytes());
  }

  static Bytes readAddress(BinaryReader r) {
    return Bytes.read(r, ADDRESS_MIN, ADDRESS_MAX, "address id");
  }

  static Bytes address(Bytes b) {
    return required(b, "address id").requireLength(ADDRESS_MIN, ADDRESS_MAX, "address id");
  }

  static Bytes readExactly(BinaryReader r, int n, String what) {
    return Bytes.read(r, n, n, what);
  }

  static Bytes exactly(Bytes b, int n, String what) {
    return required(b, what).requireLength(n, n, what);
  }

  static <T> T required(T value, String what) {
    if (value == null) {
      throw DecodeException.invalid(what + " is required");
    }
    return value;
  }
}
