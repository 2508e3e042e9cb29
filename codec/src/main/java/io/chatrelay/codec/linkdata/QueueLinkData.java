package io.chatrelay.codec.linkdata;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.encoding.EncodeException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypted link data as an SMP server stores it (simplexmq {@code QueueLinkData =
 * (EncFixedDataBytes, EncUserDataBytes)}). Each part ({@code EncDataBytes}) is {@code nonce (24
 * bytes) || secretbox (16-byte tag, then the padded signed data)}; see {@link LinkDataCipher}.
 *
 * <p>Binary form: each part as a {@code Large} (Word16 length), fixed then user data.
 *
 * @param encFixedData the encrypted fixed data, copied
 * @param encUserData the encrypted user data, copied
 */
public record QueueLinkData(byte[] encFixedData, byte[] encUserData) {
  public QueueLinkData {
    encFixedData = Objects.requireNonNull(encFixedData, "encFixedData").clone();
    encUserData = Objects.requireNonNull(encUserData, "encUserData").clone();
  }

  @Override
  public byte[] encFixedData() {
    return encFixedData.clone();
  }

  @Override
  public byte[] encUserData() {
    return encUserData.clone();
  }

  /** The same fixed data with other user data (an update of the mutable part). */
  public QueueLinkData withUserData(byte[] newEncUserData) {
    return new QueueLinkData(encFixedData, newEncUserData);
  }

  /**
   * @throws EncodeException if a part exceeds 65535 bytes
   */
  public void encode(BinaryWriter w) {
    w.writeLarge(encFixedData).writeLarge(encUserData);
  }

  /**
   * @throws DecodeException TRUNCATED
   */
  public static QueueLinkData decode(BinaryReader r) {
    byte[] fixed = r.readLarge();
    return new QueueLinkData(fixed, r.readLarge());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QueueLinkData d
        && Arrays.equals(encFixedData, d.encFixedData)
        && Arrays.equals(encUserData, d.encUserData);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(encFixedData) + Arrays.hashCode(encUserData);
  }

  @Override
  public String toString() {
    return "QueueLinkData[fixed="
        + encFixedData.length
        + " bytes, user="
        + encUserData.length
        + " bytes]";
  }
}
