package io.chatrelay.codec.group;

import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.RelayShortLink;
import io.chatrelay.codec.link.ShortLink;
import io.chatrelay.codec.link.ShortLinkScheme;
import io.chatrelay.codec.link.SmpServer;
import java.util.Arrays;
import java.util.Optional;

/**
 * One relay of a group's relay list: the relay server with its identity, and the dedicated address
 * it created for this group. It is the content of the per-group relay address link {@code
 * https://host/r#<addressId>/<relayKey>?p=..&c=<keyHash>} ({@link #toLink()}).
 *
 * <p>Layout: {@code server(SMPServer: hosts, port, keyHash(32)) addressId(ByteString, 24)
 * relayKey(ByteString, 32)}.
 *
 * @param server the relay's hosts, port and key hash (SHA-256 of its identity certificate)
 * @param addressId the per-group relay address id at that relay
 * @param relayKey the relay's Ed25519 identity key (the key of the certificate)
 */
public record RelayEntry(SmpServer server, byte[] addressId, Ed25519PublicKey relayKey) {
  public static final int ADDRESS_ID_LENGTH = ShortLink.ID_LENGTH;

  public RelayEntry {
    if (server == null || relayKey == null) {
      throw DecodeException.invalid("relay entry needs a server and a relay key");
    }
    if (server.keyHash().length != 32) {
      throw DecodeException.invalid("relay key hash must be 32 bytes");
    }
    if (addressId == null || addressId.length != ADDRESS_ID_LENGTH) {
      throw DecodeException.invalid("relay address id must be " + ADDRESS_ID_LENGTH + " bytes");
    }
    addressId = addressId.clone();
  }

  /** The entry named by a per-group relay address link. */
  public static RelayEntry of(RelayShortLink link) {
    byte[] address =
        link.legacyAddressId()
            .orElseThrow(
                () -> DecodeException.invalid("a relay server address is not a per-group address"));
    return new RelayEntry(link.server(), address, Keys.ed25519(link.linkKey()));
  }

  /** The per-group relay address link ({@code https} scheme). */
  public RelayShortLink toLink() {
    return new RelayShortLink(
        ShortLinkScheme.HTTPS, server, Optional.of(addressId), relayKey.bytes());
  }

  public byte[] keyHash() {
    return server.keyHash();
  }

  @Override
  public byte[] addressId() {
    return addressId.clone();
  }

  /** True if this entry names the given relay identity and address. */
  public boolean matches(byte[] relayKeyHash, byte[] address) {
    return Arrays.equals(server.keyHash(), relayKeyHash) && Arrays.equals(addressId, address);
  }

  public void encode(BinaryWriter w) {
    server.encode(w);
    w.writeShortBytes(addressId);
    w.writeShortBytes(relayKey.bytes());
  }

  public static RelayEntry read(BinaryReader r) {
    SmpServer server = SmpServer.decode(r);
    byte[] addressId = r.readShortBytesExactly(ADDRESS_ID_LENGTH, "relay address id");
    return new RelayEntry(server, addressId, Keys.readEd25519(r, "relay key"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelayEntry e
        && server.equals(e.server)
        && Arrays.equals(addressId, e.addressId)
        && relayKey.equals(e.relayKey);
  }

  @Override
  public int hashCode() {
    return 31 * server.hashCode() + Arrays.hashCode(addressId);
  }

  @Override
  public String toString() {
    return "RelayEntry[" + server + "]";
  }
}
