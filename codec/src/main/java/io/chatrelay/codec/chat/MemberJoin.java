package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.crypto.CryptoException;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * {@code x.member}: a subscriber joining a channel through a relay introduces itself. Params:
 * {@code {"profile": Profile, "newMemberId": base64url, "newMemberKey": key}}, where the key is
 * simplexmq's string form of an Ed25519 public key: base64url (padded) of its X.509 DER encoding
 * ({@code 302a300506032b6570032100} then the 32 key bytes).
 *
 * @param profile the subscriber's profile ({@code Profile}, kept as a tree)
 * @param newMemberId the member id the subscriber chose
 * @param newMemberKey the subscriber's signing key, in its string form
 * @param extra unknown params fields
 */
public record MemberJoin(JsonValue profile, Bytes newMemberId, String newMemberKey, JsonValue extra)
    implements ChatEvent {
  public static final String TAG = "x.member";
  static final Set<String> KNOWN = Set.of("profile", "newMemberId", "newMemberKey");

  private static final byte[] ED25519_DER_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  public MemberJoin {
    Params.requireObject(profile, "profile");
    Objects.requireNonNull(newMemberId, "newMemberId");
    newMemberId.requireLength(1, 255, "newMemberId");
    Objects.requireNonNull(newMemberKey, "newMemberKey");
    Params.requireObject(extra, "extra");
  }

  /** An event with the key in simplexmq's string form. */
  public static MemberJoin of(JsonValue profile, Bytes newMemberId, Ed25519PublicKey key) {
    return new MemberJoin(profile, newMemberId, encodeKey(key), Params.empty());
  }

  /**
   * The member key.
   *
   * @throws DecodeException BAD_ENCODING or BAD_KEY if it is not an Ed25519 key in string form
   */
  public Ed25519PublicKey memberKey() {
    byte[] der = Base64Url.decode(newMemberKey, "newMemberKey");
    if (der.length != ED25519_DER_PREFIX.length + Ed25519PublicKey.LENGTH
        || !Arrays.equals(Arrays.copyOf(der, ED25519_DER_PREFIX.length), ED25519_DER_PREFIX)) {
      throw DecodeException.badKey("newMemberKey is not an Ed25519 public key");
    }
    try {
      return Ed25519PublicKey.of(Arrays.copyOfRange(der, ED25519_DER_PREFIX.length, der.length));
    } catch (CryptoException e) {
      throw new DecodeException(DecodeException.Reason.BAD_KEY, "invalid newMemberKey", e);
    }
  }

  /** simplexmq's string form of an Ed25519 public key. */
  public static String encodeKey(Ed25519PublicKey key) {
    byte[] der = Arrays.copyOf(ED25519_DER_PREFIX, ED25519_DER_PREFIX.length + 32);
    System.arraycopy(key.bytes(), 0, der, ED25519_DER_PREFIX.length, 32);
    return Base64Url.encodePadded(der);
  }

  static MemberJoin fromParams(ObjectNode p) {
    return new MemberJoin(
        JsonValue.of(Params.object(p, "profile")),
        Params.bytes(p, "newMemberId"),
        Params.string(p, "newMemberKey"),
        Params.extra(p, KNOWN));
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode toParams() {
    ObjectNode o = ChatJson.object();
    o.set("profile", profile.node());
    o.put("newMemberId", Params.b64(newMemberId));
    o.put("newMemberKey", newMemberKey);
    Params.putExtra(o, extra);
    return o;
  }

  @Override
  public String toString() {
    return "MemberJoin[]";
  }
}
