package io.chatrelay.codec.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.Links;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The relay events, exact JSON both ways. These strings are this codec's (simplex-chat's tests at
 * the version read have no vectors for them); their layout follows simplex-chat's encoder: the four
 * envelope fields in order, params keys sorted at every level.
 */
class ChatEventsTest {
  static final String GROUP_LINK =
      "https://smp.simplex.im/g#MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY";
  static final String RELAY_LINK =
      "https://smp.simplex.im/c#MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY";
  static final Bytes ID_1234 = Bytes.of(new byte[] {1, 2, 3, 4});

  static String j(String s) {
    return s.replace('\'', '"');
  }

  static void bothWays(ChatMessage m, String json) {
    assertThat(new String(m.encode(), StandardCharsets.UTF_8)).isEqualTo(json);
    assertThat(ChatMessage.decode(json)).isEqualTo(m);
  }

  @Test
  void relayInvitation() {
    var inv =
        new GroupRelayInvitation(
            new MemberIdRole(ID_1234, MemberRole.OWNER),
            JsonValue.parse(j("{'displayName':'alice','fullName':''}")),
            Bytes.of(new byte[] {5, 6, 7, 8}),
            Links.parse(GROUP_LINK));
    bothWays(
        new ChatMessage(ChatMessage.SUPPORTED_VERSIONS, Optional.empty(), new RelayInvite(inv)),
        j(
            "{'v':'1-18','event':'x.grp.relay.inv','params':{'groupRelayInvitation':{"
                + "'fromMember':{'memberId':'AQIDBA==','memberRole':'owner'},"
                + "'fromMemberProfile':{'displayName':'alice','fullName':''},"
                + "'groupLink':'"
                + GROUP_LINK
                + "','relayMemberId':'BQYHCA=='}}}"));
  }

  @Test
  void relayAcceptRejectNew() {
    bothWays(
        new ChatMessage(
            ChatMessage.INITIAL_VERSION,
            Optional.empty(),
            new RelayAccept(Links.parse(RELAY_LINK))),
        j("{'v':'1','event':'x.grp.relay.acpt','params':{'relayLink':'" + RELAY_LINK + "'}}"));
    RelayReject rej = new RelayReject(RelayReject.REJOIN_REJECTED);
    assertThat(rej.knownReason()).isTrue();
    bothWays(
        new ChatMessage(ChatMessage.INITIAL_VERSION, Optional.empty(), rej),
        j("{'v':'1','event':'x.grp.relay.reject','params':{'reason':'rejoin_rejected'}}"));
    ChatMessage unknownReason =
        ChatMessage.decode(j("{'v':'1','event':'x.grp.relay.reject','params':{'reason':'later'}}"));
    assertThat(((RelayReject) unknownReason.event()).reason()).contains("later");
    assertThat(((RelayReject) unknownReason.event()).knownReason()).isFalse();
    bothWays(
        new ChatMessage(
            ChatMessage.INITIAL_VERSION, Optional.empty(), new RelayNew(Links.parse(RELAY_LINK))),
        j("{'v':'1','event':'x.grp.relay.new','params':{'relayLink':'" + RELAY_LINK + "'}}"));
  }

  @Test
  void memberJoinWithItsKey() {
    Ed25519KeyPair k = Ed25519KeyPair.fromSeed(new byte[32]);
    MemberJoin e =
        MemberJoin.of(
            JsonValue.parse(j("{'displayName':'bob','fullName':''}")), ID_1234, k.publicKey());
    assertThat(e.newMemberKey()).startsWith("MCowBQYDK2VwAyEA");
    assertThat(e.memberKey()).isEqualTo(k.publicKey());
    bothWays(
        new ChatMessage(ChatMessage.SUPPORTED_VERSIONS, Optional.of(ID_1234), e),
        j(
            "{'v':'1-18','msgId':'AQIDBA==','event':'x.member','params':{'newMemberId':'AQIDBA==',"
                + "'newMemberKey':'"
                + e.newMemberKey()
                + "','profile':{'displayName':'bob','fullName':''}}}"));
    MemberJoin bad = new MemberJoin(e.profile(), ID_1234, "AQIDBA==", JsonValue.parse("{}"));
    assertThatThrownBy(bad::memberKey)
        .isInstanceOfSatisfying(
            DecodeException.class,
            x -> assertThat(x.reason()).isEqualTo(DecodeException.Reason.BAD_KEY));
  }

  @Test
  void groupInfoSortsTheProfileInParams() {
    GroupProfile p =
        new GroupProfile(
            "news",
            "",
            Optional.of("short"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(
                JsonValue.parse(
                    j("{'groupLink':'" + GROUP_LINK + "','publicGroupId':'AQIDBA=='}"))),
            JsonValue.parse(j("{'zNew':1}")));
    bothWays(
        new ChatMessage(ChatMessage.INITIAL_VERSION, Optional.empty(), new GroupInfoUpdate(p)),
        j(
            "{'v':'1','event':'x.grp.info','params':{'groupProfile':{'displayName':'news','fullName':'',"
                + "'publicGroup':{'groupLink':'"
                + GROUP_LINK
                + "','publicGroupId':'AQIDBA=='},'shortDescr':'short','zNew':1}}}"));
    assertThat(p.groupLink()).contains(Links.parse(GROUP_LINK));
    assertThat(p.publicGroupId())
        .hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3, 4));
  }

  @Test
  void groupLinkInvitationKeepsTheTree() {
    String json =
        j(
            "{'v':'1','event':'x.grp.link.inv','params':{'groupLinkInvitation':{'fromMember':{'memberId':'AQIDBA==','memberRole':'relay'},"
                + "'groupProfile':{'displayName':'news','fullName':''},'invitedMember':{'memberId':'BQYHCA==','memberRole':'observer'}}}}");
    ChatMessage m = ChatMessage.decode(json);
    assertThat(((GroupLinkInvite) m.event()).groupProfile()).isEqualTo(GroupProfile.of("news", ""));
    assertThat(new String(m.encode(), StandardCharsets.UTF_8)).isEqualTo(json);
  }

  @Test
  void forwardNestsASortedMessage() {
    ChatMessage inner = ChatMessage.decode(j("{'v':'1','event':'x.ok','params':{}}"));
    MessageForward f =
        new MessageForward(
            new ForwardSender.Member(ID_1234, "alice"), Instant.ofEpochSecond(1, 1), inner);
    bothWays(
        new ChatMessage(ChatMessage.INITIAL_VERSION, Optional.empty(), f),
        j(
            "{'v':'1','event':'x.grp.msg.forward','params':{'memberId':'AQIDBA==','memberName':'alice',"
                + "'msg':{'event':'x.ok','params':{},'v':'1'},'msgTs':'1970-01-01T00:00:01.000000001Z'}}"));
    ChatMessage channel =
        ChatMessage.decode(
            j(
                "{'v':'1','event':'x.grp.msg.forward','params':{'msg':{'event':'x.ok','params':{}},'msgTs':'1970-01-01T00:00:01Z'}}"));
    assertThat(((MessageForward) channel.event()).sender()).isEqualTo(new ForwardSender.Channel());
  }

  @Test
  void unknownTagsAndFieldsAreKept() {
    String json =
        j(
            "{'v':'1','event':'x.future','params':{'b':[1,2.5,-0.01,1e2,null],'a':'\\u0001é'},'zTop':true}");
    ChatMessage m = ChatMessage.decode(json);
    assertThat(m.event())
        .isEqualTo(
            new UnknownEvent(
                "x.future", JsonValue.parse(j("{'a':'\\u0001é','b':[1,2.5,-0.01,1e2,null]}"))));
    assertThat(new String(m.encode(), StandardCharsets.UTF_8))
        .isEqualTo(
            j(
                "{'v':'1','event':'x.future','params':{'a':'\\u0001é','b':[1,2.5,-1.0e-2,100,null]},'zTop':true}"));
    ChatMessage acpt =
        ChatMessage.decode(
            j(
                "{'v':'1','event':'x.grp.relay.acpt','params':{'relayLink':'"
                    + RELAY_LINK
                    + "','extra':7}}"));
    assertThat(new String(acpt.encode(), StandardCharsets.UTF_8))
        .isEqualTo(
            j(
                "{'v':'1','event':'x.grp.relay.acpt','params':{'extra':7,'relayLink':'"
                    + RELAY_LINK
                    + "'}}"));
  }

  static DecodeException.Reason reason(String json) {
    try {
      ChatMessage.decode(j(json));
    } catch (DecodeException e) {
      return e.reason();
    }
    throw new AssertionError("decoded: " + json);
  }

  @Test
  void malformedMessagesAreRefusedWithAReason() {
    assertThat(reason("{'v':'1','params':{}}")).isEqualTo(DecodeException.Reason.MISSING_FIELD);
    assertThat(reason("{'v':'1','event':'x.ok'}")).isEqualTo(DecodeException.Reason.MISSING_FIELD);
    assertThat(reason("{'v':'1','event':'F','params':{}}"))
        .isEqualTo(DecodeException.Reason.INVALID_VALUE);
    assertThat(reason("{'v':'2-1','event':'x.ok','params':{}}"))
        .isEqualTo(DecodeException.Reason.INVALID_VALUE);
    assertThat(reason("{'v':'1','event':'x.grp.relay.acpt','params':{}}"))
        .isEqualTo(DecodeException.Reason.MISSING_FIELD);
    assertThat(reason("{'v':'1','event':'x.grp.relay.acpt','params':{'relayLink':'nope'}}"))
        .isEqualTo(DecodeException.Reason.UNKNOWN_TYPE);
    assertThat(reason("{'v':'1','event':'x.grp.info','params':{'groupProfile':{'fullName':''}}}"))
        .isEqualTo(DecodeException.Reason.MISSING_FIELD);
    assertThat(reason("{'v':'1','event':'x.ok','params':{}} x"))
        .isEqualTo(DecodeException.Reason.TRAILING_DATA);
    assertThat(reason("{'v':'1','v':'2','event':'x.ok','params':{}}"))
        .isEqualTo(DecodeException.Reason.INVALID_VALUE);
    assertThat(reason("{'v':'1','event':'x.ok','params':{}"))
        .isEqualTo(DecodeException.Reason.BAD_ENCODING);
    assertThat(reason("{'v':'1','msgId':'@@','event':'x.ok','params':{}}"))
        .isEqualTo(DecodeException.Reason.BAD_ENCODING);
    assertThat(reason("{'a':'\\ud800','event':'x.ok','params':{}}"))
        .isEqualTo(DecodeException.Reason.BAD_ENCODING);
    assertThat(reason("[".repeat(100) + "]".repeat(100)))
        .isEqualTo(DecodeException.Reason.OVER_LIMIT);
    String big = "{'event':'x.a','params':{'p':'" + "a".repeat(ChatJson.MAX_JSON_BYTES) + "'}}";
    assertThat(reason(big)).isEqualTo(DecodeException.Reason.OVER_LIMIT);
    String fwd = "{'event':'x.ok','params':{}}";
    for (int i = 0; i < 6; i++) {
      fwd =
          "{'event':'x.grp.msg.forward','params':{'msg':"
              + fwd
              + ",'msgTs':'1970-01-01T00:00:00Z'}}";
    }
    assertThat(reason(fwd)).isEqualTo(DecodeException.Reason.OVER_LIMIT);
  }

  @Test
  void timesPrintAsAeson() {
    assertThat(ChatTime.print(Instant.ofEpochSecond(1))).isEqualTo("1970-01-01T00:00:01Z");
    assertThat(ChatTime.print(Instant.ofEpochSecond(1, 10_000_000)))
        .isEqualTo("1970-01-01T00:00:01.01Z");
    assertThat(ChatTime.parse("1970-01-01T00:00:01.000000001Z", "t"))
        .isEqualTo(Instant.ofEpochSecond(1, 1));
  }

  @Test
  void toStringHidesContent() {
    assertThat(
            MemberJoin.of(
                    JsonValue.parse("{}"),
                    ID_1234,
                    Ed25519KeyPair.fromSeed(new byte[32]).publicKey())
                .toString())
        .doesNotContain("MCow");
  }
}
