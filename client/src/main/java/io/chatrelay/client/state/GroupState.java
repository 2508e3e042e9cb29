package io.chatrelay.client.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.group.FixedLinkData;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.link.GroupShortLink;
import io.chatrelay.codec.link.Links;
import io.chatrelay.codec.link.RelayShortLink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one client holds about one group, stored as one JSON file in the {@link ClientHome}.
 *
 * <p>Every key here belongs to this group only: the owner key (the root key for the group's
 * creator, else a key an owner authorised), the member key, and the authors' post counters. Nothing
 * is shared with another group's state, so nothing a relay sees ties two groups of one user
 * together.
 *
 * <p>Also held: the group's fixed data and the newest link data this client verified (members
 * refuse older versions afterwards), its relays with the client's read position at each, and the
 * ids of recently shown posts (so a post delivered again by another relay, or after a restart, is
 * shown once). Instances are changed only inside {@link ClientHome#update}, which reloads and
 * writes the file under a lock.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE,
    setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class GroupState {
  /** Post ids remembered for de-duplication across relays and runs. */
  static final int SEEN_LIMIT = 4096;

  private int format = 1;
  private String name;
  private String link;
  private String fixedData;
  private String linkData;
  private long linkDataVersion;
  private String ownerSeed;
  private boolean ownerIsRoot;
  private String memberSeed;
  private Map<String, Long> authorSeqs = new LinkedHashMap<>();
  private List<RelayState> relays = new ArrayList<>();
  private Deque<String> seenPosts = new ArrayDeque<>();

  /** For Jackson. */
  GroupState() {}

  /**
   * A new group state from verified link data.
   *
   * @param name the local name, unique in its home
   * @param link the group link (its key must be the data's link key)
   */
  public static GroupState of(String name, GroupShortLink link, GroupLinkData data) {
    GroupState s = new GroupState();
    s.name = name;
    s.link = link.print();
    s.fixedData = Base64Url.encodeUnpadded(data.fixed().encode());
    s.acceptLinkData(data);
    return s;
  }

  public String name() {
    return name;
  }

  void rename(String newName) {
    name = newName;
  }

  public int format() {
    return format;
  }

  /** The group link as it was shared or created. */
  public GroupShortLink link() {
    return (GroupShortLink) Links.parse(link);
  }

  public void setLink(GroupShortLink newLink) {
    link = newLink.print();
  }

  public FixedLinkData fixed() {
    return FixedLinkData.decode(fixedBytes());
  }

  public byte[] fixedBytes() {
    return Base64Url.decode(fixedData, "fixed link data");
  }

  public byte[] linkKey() {
    return fixed().linkKey();
  }

  public byte[] groupId() {
    return fixed().groupId();
  }

  public GroupType type() {
    return fixed().type();
  }

  /** "channel" or "group". */
  public String kind() {
    return type() == GroupType.CHANNEL ? "channel" : "group";
  }

  /** The newest link data this client verified, verified again from its stored bytes. */
  public GroupLinkData linkData() {
    return GroupLinkData.verify(
        linkKey(), fixedBytes(), Base64Url.decode(linkData, "signed link data"));
  }

  public long linkDataVersion() {
    return linkDataVersion;
  }

  /**
   * Keeps {@code data} if it is not older than what is held, and follows its relay list: relays no
   * longer listed are forgotten, new ones are added (not joined).
   *
   * @return true if {@code data} was taken
   */
  public boolean acceptLinkData(GroupLinkData data) {
    if (linkData != null && data.version() < linkDataVersion) {
      return false;
    }
    linkData = Base64Url.encodeUnpadded(data.signed().encode());
    linkDataVersion = data.version();
    List<RelayState> next = new ArrayList<>();
    for (RelayEntry e : data.data().relays()) {
      String address = e.toLink().print();
      next.add(relay(address).orElseGet(() -> RelayState.of(address)));
    }
    relays = next;
    return true;
  }

  /** The relays of the newest link data, with this client's positions. */
  public List<RelayState> relays() {
    return List.copyOf(relays);
  }

  public Optional<RelayState> relay(String address) {
    return relays.stream().filter(r -> r.address().equals(address)).findFirst();
  }

  /** The relay entry of a per-group relay address held here. */
  public static RelayEntry entry(RelayState r) {
    return RelayEntry.of((RelayShortLink) Links.parse(r.address()));
  }

  public void markJoined(String address) {
    relay(address).ifPresent(RelayState::markJoined);
  }

  public void advance(String address, long seq) {
    relay(address).ifPresent(r -> r.advance(seq));
  }

  /** The owner key of this group, if this client holds one (authorised or not yet). */
  public Optional<Ed25519KeyPair> ownerKey() {
    return Optional.ofNullable(ownerSeed)
        .map(s -> Ed25519KeyPair.fromSeed(Base64Url.decode(s, "owner key")));
  }

  /** True if the owner key is the group's root key (this client created the group). */
  public boolean ownerIsRoot() {
    return ownerIsRoot;
  }

  public void setOwnerKey(Ed25519KeyPair key, boolean root) {
    ownerSeed = Base64Url.encodeUnpadded(key.seed());
    ownerIsRoot = root;
  }

  public Optional<Ed25519KeyPair> memberKey() {
    return Optional.ofNullable(memberSeed)
        .map(s -> Ed25519KeyPair.fromSeed(Base64Url.decode(s, "member key")));
  }

  public void setMemberKey(Ed25519KeyPair key) {
    memberSeed = Base64Url.encodeUnpadded(key.seed());
  }

  /** Takes the next post counter of {@code author} (from 1), so no two posts share one. */
  public long nextAuthorSeq(Ed25519KeyPair author) {
    String k = Base64Url.encodeUnpadded(author.publicKey().bytes());
    long next = authorSeqs.getOrDefault(k, 0L) + 1;
    authorSeqs.put(k, next);
    return next;
  }

  /** The last post counter {@code author} used here (0 before its first post). */
  public long authorSeqOf(Ed25519KeyPair author) {
    return authorSeqs.getOrDefault(Base64Url.encodeUnpadded(author.publicKey().bytes()), 0L);
  }

  public boolean seen(byte[] postId) {
    return seenPosts.contains(Base64Url.encodeUnpadded(postId));
  }

  /** Remembers shown posts, the newest {@value #SEEN_LIMIT} of them. */
  public void markSeen(List<byte[]> postIds) {
    Set<String> present = new HashSet<>(seenPosts);
    for (byte[] id : postIds) {
      String k = Base64Url.encodeUnpadded(id);
      if (present.add(k)) {
        seenPosts.addLast(k);
      }
    }
    while (seenPosts.size() > SEEN_LIMIT) {
      seenPosts.removeFirst();
    }
  }

  /** The ids of the remembered posts. */
  public Set<String> seenPostIds() {
    return Set.copyOf(seenPosts);
  }

  @Override
  public String toString() {
    return "GroupState[" + name + "]";
  }
}
