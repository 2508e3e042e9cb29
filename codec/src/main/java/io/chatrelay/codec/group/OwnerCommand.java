package io.chatrelay.codec.group;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;

/**
 * A command from an owner to one relay about one group, signed by an owner key.
 *
 * <p>Layout: {@code addressId(ByteString, 24) commandId(ByteString, 16) issuedAt(Int64, ms)
 * action(OwnerAction) signer(ByteString, 32) signature(ByteString, 64)}, signed over {@code
 * ctx(owner-command/1) groupId addressId commandId issuedAt action signer}. The address id binds
 * the command to one relay's address, so a relay cannot replay it at another relay; the command id
 * lets the relay refuse a replay at itself; the time lets it refuse stale commands.
 */
public record OwnerCommand(
    byte[] addressId,
    byte[] commandId,
    long issuedAt,
    OwnerAction action,
    Ed25519PublicKey signer,
    byte[] signature) {

  public OwnerCommand {
    if (addressId == null || addressId.length != RelayEntry.ADDRESS_ID_LENGTH) {
      throw DecodeException.invalid("address id must be 24 bytes");
    }
    if (commandId == null || commandId.length != 16) {
      throw DecodeException.invalid("command id must be 16 bytes");
    }
    if (action == null || signer == null) {
      throw DecodeException.invalid("command action and signer are required");
    }
    if (signature == null || signature.length != 64) {
      throw DecodeException.invalid("command signature must be 64 bytes");
    }
    addressId = addressId.clone();
    commandId = commandId.clone();
    signature = signature.clone();
  }

  public static OwnerCommand sign(
      byte[] groupId,
      byte[] addressId,
      byte[] commandId,
      long issuedAt,
      OwnerAction action,
      Ed25519KeyPair owner) {
    byte[] msg = signedBytes(groupId, addressId, commandId, issuedAt, action, owner.publicKey());
    return new OwnerCommand(
        addressId, commandId, issuedAt, action, owner.publicKey(), owner.sign(msg));
  }

  static byte[] signedBytes(
      byte[] groupId,
      byte[] addressId,
      byte[] commandId,
      long issuedAt,
      OwnerAction action,
      Ed25519PublicKey signer) {
    BinaryWriter w =
        Signing.start(Signing.OWNER_COMMAND)
            .writeShortBytes(groupId)
            .writeShortBytes(addressId)
            .writeShortBytes(commandId)
            .writeInt64(issuedAt);
    action.encode(w);
    return w.writeShortBytes(signer.bytes()).toByteArray();
  }

  /**
   * Checks that an owner of the verified {@code group} signed this command.
   *
   * @throws LinkDataException {@code UNAUTHORISED_SIGNER} or {@code BAD_SIGNATURE}
   */
  public OwnerCommand verify(GroupLinkData group) {
    if (!group.isOwner(signer)) {
      throw new LinkDataException(
          LinkDataException.Failure.UNAUTHORISED_SIGNER, "command signer is not an owner");
    }
    byte[] msg = signedBytes(group.groupId(), addressId, commandId, issuedAt, action, signer);
    if (!signer.verify(msg, signature)) {
      throw new LinkDataException(
          LinkDataException.Failure.BAD_SIGNATURE, "command signature does not verify");
    }
    return this;
  }

  @Override
  public byte[] addressId() {
    return addressId.clone();
  }

  @Override
  public byte[] commandId() {
    return commandId.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public void encode(BinaryWriter w) {
    w.writeShortBytes(addressId).writeShortBytes(commandId).writeInt64(issuedAt);
    action.encode(w);
    w.writeShortBytes(signer.bytes()).writeShortBytes(signature);
  }

  public byte[] encode() {
    BinaryWriter w = new BinaryWriter(200);
    encode(w);
    return w.toByteArray();
  }

  public static OwnerCommand read(BinaryReader r) {
    byte[] addressId = r.readShortBytes(RelayEntry.ADDRESS_ID_LENGTH);
    byte[] commandId = r.readShortBytes(16);
    long issuedAt = r.readInt64();
    OwnerAction action = OwnerAction.read(r);
    Ed25519PublicKey signer = Keys.readEd25519(r, "command signer");
    return new OwnerCommand(addressId, commandId, issuedAt, action, signer, Keys.readSignature(r));
  }

  public static OwnerCommand decode(byte[] bytes) {
    return BinaryReader.decodeAll(bytes, OwnerCommand::read);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OwnerCommand c
        && Arrays.equals(addressId, c.addressId)
        && Arrays.equals(commandId, c.commandId)
        && issuedAt == c.issuedAt
        && action.equals(c.action)
        && signer.equals(c.signer)
        && Arrays.equals(signature, c.signature);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(commandId);
  }

  @Override
  public String toString() {
    return "OwnerCommand[" + action + ", signer=" + signer + "]";
  }
}
