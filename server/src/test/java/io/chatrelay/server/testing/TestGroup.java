package io.chatrelay.server.testing;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.FixedLinkData;
import io.chatrelay.codec.group.GroupProfile;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.MutableLinkData;
import io.chatrelay.codec.group.OwnerAction;
import io.chatrelay.codec.group.OwnerAuth;
import io.chatrelay.codec.group.OwnerCommand;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.group.SignedLinkData;
import io.chatrelay.codec.message.Command;
import io.chatrelay.codec.message.Invite;
import io.chatrelay.codec.message.LinkUpdate;
import io.chatrelay.codec.message.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A group as its owners' client holds it: fresh keys for this group only, its fixed data and the
 * current mutable link data. Builds the signed messages the protocol needs.
 */
public final class TestGroup {
  public final Random random;
  public final Ed25519KeyPair root;
  public final List<Ed25519KeyPair> owners = new ArrayList<>();
  public final FixedLinkData fixed;
  public MutableLinkData data;
  private long postSeq;

  public TestGroup(Random random, GroupType type, String name) {
    this.random = random;
    this.root = key(random);
    this.fixed = FixedLinkData.create(type, root.publicKey());
    this.data = new MutableLinkData(1, List.of(), new GroupProfile(name, null).toJson(), List.of());
  }

  public static Ed25519KeyPair key(Random random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return Ed25519KeyPair.fromSeed(seed);
  }

  public byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  public byte[] groupId() {
    return fixed.groupId();
  }

  public byte[] linkKey() {
    return fixed.linkKey();
  }

  /** Adds an owner authorised by the root (next version). */
  public Ed25519KeyPair addOwner() {
    Ed25519KeyPair k = key(random);
    List<OwnerAuth> chain = new ArrayList<>(data.owners());
    chain.add(OwnerAuth.create(groupId(), bytes(8), k.publicKey(), 0, root));
    data = data.withOwners(chain);
    owners.add(k);
    return k;
  }

  public void addRelay(RelayEntry entry) {
    List<RelayEntry> relays = new ArrayList<>(data.relays());
    relays.add(entry);
    data = data.withRelays(relays);
  }

  public void removeRelays() {
    data = data.withRelays(List.of());
  }

  public SignedLinkData signed() {
    return SignedLinkData.sign(fixed, data, root);
  }

  public SignedLinkData signedBy(Ed25519KeyPair signer) {
    return SignedLinkData.sign(fixed, data, signer);
  }

  public Invite invite(byte[] relayKeyHash, byte[] serverNonce) {
    return inviteBy(root, relayKeyHash, serverNonce);
  }

  public Invite inviteBy(Ed25519KeyPair prover, byte[] relayKeyHash, byte[] serverNonce) {
    return new Invite(
        Bytes.of(fixed.encode()),
        Bytes.of(signed().encode()),
        prover.publicKey(),
        Invite.prove(prover, relayKeyHash, serverNonce, linkKey()));
  }

  public LinkUpdate update(byte[] addressId) {
    return new LinkUpdate(Bytes.of(addressId), Bytes.of(signed().encode()));
  }

  public Command command(byte[] addressId, OwnerAction action, Ed25519KeyPair signer, long at) {
    return new Command(OwnerCommand.sign(groupId(), addressId, bytes(16), at, action, signer));
  }

  /** A root-signed command to read the group's service log from its start and then follow it. */
  public Command followLog(byte[] addressId) {
    return command(addressId, new OwnerAction.ReadLog(1, true), root, System.currentTimeMillis());
  }

  /** The member keys of a {@code MEMBERS_ADMITTED} entry: count, then each member's id and key. */
  public static List<Bytes> admittedKeys(LogEntry entry) {
    BinaryReader r = new BinaryReader(entry.data().toByteArray());
    List<Bytes> keys = new ArrayList<>();
    for (int n = r.readWord16(); n > 0; n--) {
      r.readInt64();
      keys.add(Bytes.of(r.readShortBytes()));
    }
    return keys;
  }

  /** A post by the root key, with the next author sequence number. */
  public Post post(String text) {
    return Post.sign(groupId(), bytes(16), root, ++postSeq, System.currentTimeMillis(), text);
  }
}
