package io.chatrelay.codec.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code x.grp.relay.reject}: a relay refuses an owner's invitation (channels protocol, "Relay
 * rejection"), with a reason: {@value #REJOIN_REJECTED} today; any other reason is kept as its
 * text.
 *
 * <p>The params key {@code reason} is this codec's reading of the protocol document (the
 * simplex-chat source read for this codec has no such event yet); params without it decode with no
 * reason, and unknown keys are kept in {@code extra}.
 *
 * @param reason the reason, if given
 * @param extra unknown params fields
 */
public record RelayReject(Optional<String> reason, JsonValue extra) implements ChatEvent {
  public static final String TAG = "x.grp.relay.reject";

  /** The reason a relay gives for an invitation to a channel its operator left. */
  public static final String REJOIN_REJECTED = "rejoin_rejected";

  static final Set<String> KNOWN = Set.of("reason");

  public RelayReject {
    Objects.requireNonNull(reason, "reason");
    Params.requireObject(extra, "extra");
  }

  public RelayReject(String reason) {
    this(Optional.of(reason), Params.empty());
  }

  /** True if the reason is one this version knows. */
  public boolean knownReason() {
    return reason.map(REJOIN_REJECTED::equals).orElse(false);
  }

  static RelayReject fromParams(ObjectNode p) {
    return new RelayReject(Params.optString(p, "reason"), Params.extra(p, KNOWN));
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public ObjectNode toParams() {
    ObjectNode o = ChatJson.object();
    reason.ifPresent(r -> o.put("reason", r));
    Params.putExtra(o, extra);
    return o;
  }
}
