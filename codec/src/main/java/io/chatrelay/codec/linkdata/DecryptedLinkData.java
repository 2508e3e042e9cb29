package io.chatrelay.codec.linkdata;

import java.util.Objects;

/**
 * Link data that {@link LinkDataCipher#decrypt} opened and verified: the fixed data hashes to the
 * link key and is signed by its root key; the user data is signed by the root key or an owner, and
 * the owners are valid. Each part comes with the exact bytes that were signed.
 *
 * @param fixedData the fixed data
 * @param userData the user data, of the same mode
 */
public record DecryptedLinkData(Decoded<FixedLinkData> fixedData, Decoded<ConnLinkData> userData) {
  public DecryptedLinkData {
    Objects.requireNonNull(fixedData, "fixedData");
    Objects.requireNonNull(userData, "userData");
  }
}
