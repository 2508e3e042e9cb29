package io.chatrelay.server.join;

import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.message.Joined;
import io.chatrelay.codec.message.Queued;
import io.chatrelay.server.transport.RelaySession;
import java.util.Optional;

/**
 * A join waiting on one connection for its two answers: the reply {@code QUEUED} once it is
 * durable, then the pushed {@code JOINED} once it is admitted. The connection sees them in that
 * order, as the protocol says: an admission worker may commit the join before the intake's commit
 * reaches this process (a worker already running reads the committed row first), and its {@code
 * JOINED} then waits here for the {@code QUEUED}.
 */
public final class JoinWaiter {
  private final RelaySession session;
  private final Bytes address;
  private boolean answered;
  private Joined early;

  public JoinWaiter(RelaySession session, Bytes address) {
    this.session = session;
    this.address = address;
  }

  /** Replies {@code QUEUED}, then the {@code JOINED} that came first, if one did. */
  public synchronized void queued(byte[] corrId, long joinId) {
    session.reply(corrId, new Queued(joinId));
    answered();
  }

  /** The join failed (its error is answered apart); a {@code JOINED} held is sent now. */
  public synchronized void failed() {
    answered();
  }

  /** Pushes {@code JOINED} now if the join was answered, else once it is. */
  public synchronized void admitted(long memberId, long headSeq) {
    Joined joined = new Joined(address, memberId, headSeq, Optional.empty());
    if (answered) {
      session.push(joined);
    } else {
      early = joined;
    }
  }

  private void answered() {
    answered = true;
    if (early != null) {
      session.push(early);
      early = null;
    }
  }
}
