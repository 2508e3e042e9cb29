package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event of a simplex-chat {@link ChatMessage}: the {@code event} tag and its {@code params}.
 *
 * <p>The events a chat relay takes part in are modelled; every other tag is an {@link UnknownEvent}
 * that keeps its params as they came, so that nothing is lost. Each modelled event keeps the params
 * fields it does not know in its {@code extra} object.
 */
public sealed interface ChatEvent
    permits RelayInvite,
        RelayAccept,
        RelayReject,
        RelayNew,
        MemberJoin,
        GroupLinkInvite,
        GroupInfoUpdate,
        MessageForward,
        UnknownEvent {

  /** The event tag, such as {@code x.grp.relay.inv}. */
  String tag();

  /** The params object (a fresh tree), in the order its fields are written before sorting. */
  ObjectNode toParams();
}
