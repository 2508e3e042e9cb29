package io.chatrelay.codec.crypto;

import java.util.HexFormat;

/**
 * Diffie-Hellman key algorithms whose public keys appear in links, with the fixed DER
 * (SubjectPublicKeyInfo) header SimpleX writes before the raw key.
 */
public enum DhAlgorithm {
  /** X25519: {@code 302a300506032b656e032100} then 32 key bytes, 44 bytes in all. */
  X25519("302a300506032b656e032100", 32),
  /** X448: {@code 3042300506032b656f033900} then 56 key bytes, 68 bytes in all. */
  X448("3042300506032b656f033900", 56);

  private final byte[] header;
  private final int rawLength;

  DhAlgorithm(String headerHex, int rawLength) {
    this.header = HexFormat.of().parseHex(headerHex);
    this.rawLength = rawLength;
  }

  /** Length of the DER encoding: header plus raw key. */
  public int derLength() {
    return header.length + rawLength;
  }

  public int rawLength() {
    return rawLength;
  }

  byte[] header() {
    return header.clone();
  }

  boolean hasHeader(byte[] der) {
    if (der.length < header.length) {
      return false;
    }
    for (int i = 0; i < header.length; i++) {
      if (der[i] != header[i]) {
        return false;
      }
    }
    return true;
  }
}
