package io.chatrelay.codec.message;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;

/**
 * {@code LINKUPD}: "profile updated" — new signed link data for the group at this address. {@code
 * addressId(ByteString, 24) signedLinkData(Large, <= 33 KiB)}. The data carries its own owner
 * signature; the relay verifies it, refuses a rollback, and activates the group once the relay list
 * names this address.
 */
public record LinkUpdate(Bytes addressId, Bytes signedLinkData) implements ClientMessage {
  public static final String TAG = "LINKUPD";

  public LinkUpdate {
    Fields.address(addressId);
    Fields.required(signedLinkData, "signed link data");
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    addressId.writeShort(w);
    w.writeLarge(signedLinkData.toByteArray());
  }

  static LinkUpdate read(BinaryReader r) {
    return new LinkUpdate(Fields.readAddress(r), Bytes.of(r.readLarge(Invite.MAX_SIGNED)));
  }
}
