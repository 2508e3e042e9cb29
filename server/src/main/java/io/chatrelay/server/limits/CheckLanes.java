package io.chatrelay.server.limits;

import io.chatrelay.codec.crypto.Ed25519Batch;
import io.chatrelay.codec.crypto.SignatureCheck;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Runs the relay's signature checks on a fixed set of threads, one lane per group, the lanes taking
 * turns: each thread takes the next check of the next lane that has one. A group flooded with joins
 * or posts has a long lane, but a check of any other group waits at most one turn of each busy lane
 * (about one check each), not behind the whole flood. Within a lane, checks start in the order they
 * were submitted.
 *
 * <p>Signature checks ({@link #verify}) that are waiting when a thread comes for work are checked
 * together, up to {@value #MAX_BATCH} at a time taken in turn order, as one {@link Ed25519Batch}:
 * under load that costs a third of checking each alone for a channel's posts. A lone check is
 * checked alone, so nothing waits for a batch to fill. A batch that fails is checked again one by
 * one to find which failed; the lanes those came from then have their next {@value #MAX_BATCH}
 * signature checks made alone, so a group flooded with bad signatures does not make the checks of
 * other groups pay twice.
 *
 * <p>A check whose subscriber cancelled before it started (its connection closed) is skipped. An
 * unexpected exception from the batch check makes the batch count as failed (each is then checked
 * alone); one from a check alone is that check's error; the threads serve on either way.
 */
public final class CheckLanes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CheckLanes.class);

  /** Most checks a thread takes at a time: one connection's pipelined window. */
  static final int MAX_BATCH = 64;

  private final Map<Object, ArrayDeque<Check<?>>> lanes = new HashMap<>();

  /** Lanes whose signatures failed lately: how many more of their checks are made alone. */
  private final Map<Object, Integer> suspect = new HashMap<>();

  /** Lanes with checks waiting, in turn order; each appears once. */
  private final ArrayDeque<Object> turns = new ArrayDeque<>();

  private final Thread[] threads;
  private boolean closed;

  private final Verifier verifier;

  private final LongAdder checkedInBatches = new LongAdder();
  private final LongAdder batchesHeld = new LongAdder();
  private final LongAdder checkedAlone = new LongAdder();
  private final LongAdder failedBatches = new LongAdder();

  /** Starts {@code threads} daemon threads named {@code name-1}, {@code name-2}, … */
  public CheckLanes(String name, int threads) {
    this(name, threads, Verifier.ED25519);
  }

  /** With another way to check signatures: for tests. */
  CheckLanes(String name, int threads, Verifier verifier) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    this.verifier = verifier;
    this.threads = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::work, name + "-" + (i + 1));
      t.setDaemon(true);
      this.threads[i] = t;
      t.start();
    }
  }

  /**
   * Runs {@code check} in {@code lane} (any key with equals and hashCode: a group's id); emits its
   * result, or its exception as an error. After {@link #close}, fails with {@link
   * IllegalStateException}.
   */
  public <T> Mono<T> run(Object lane, Callable<T> check) {
    return Mono.create(sink -> submitOrFail(lane, new Check<>(lane, check, null, sink)));
  }

  /**
   * Checks a signature in {@code lane}, with any others waiting (see the class comment); emits
   * whether it is valid. {@code prepare} runs on a check thread and builds the check; it returns
   * {@code null} for input that cannot be valid (a key that is not a curve point, say), which emits
   * {@code false}, and its exception is emitted as an error.
   */
  public Mono<Boolean> verify(Object lane, Callable<SignatureCheck> prepare) {
    return Mono.create(sink -> submitOrFail(lane, new Check<>(lane, null, prepare, sink)));
  }

  private <T> void submitOrFail(Object lane, Check<T> c) {
    c.sink.onCancel(() -> c.cancelled.set(true));
    if (!submit(lane, c)) {
      c.sink.error(new IllegalStateException("the relay is stopping"));
    }
  }

  private synchronized boolean submit(Object lane, Check<?> check) {
    if (closed) {
      return false;
    }
    ArrayDeque<Check<?>> q = lanes.get(lane);
    if (q == null) {
      q = new ArrayDeque<>();
      lanes.put(lane, q);
      turns.addLast(lane);
    }
    q.addLast(check);
    notify();
    return true;
  }

  /**
   * Moves up to {@link #MAX_BATCH} waiting checks into {@code taken}, the first check of the lane
   * whose turn it is each time, that lane going to the back of the turns; waits for one if none is
   * waiting. False once closed.
   */
  private synchronized boolean next(List<Check<?>> taken) throws InterruptedException {
    while (turns.isEmpty()) {
      if (closed) {
        return false;
      }
      wait();
    }
    while (taken.size() < MAX_BATCH && !turns.isEmpty()) {
      Object lane = turns.pollFirst();
      ArrayDeque<Check<?>> q = lanes.get(lane);
      Check<?> check = q.pollFirst();
      if (q.isEmpty()) {
        lanes.remove(lane);
      } else {
        turns.addLast(lane);
      }
      if (check.prepare != null) {
        Integer left = suspect.get(lane);
        if (left != null) {
          check.alone = true;
          if (left <= 1) {
            suspect.remove(lane);
          } else {
            suspect.put(lane, left - 1);
          }
        }
      }
      taken.add(check);
    }
    return true;
  }

  private synchronized void suspect(Object lane) {
    suspect.put(lane, MAX_BATCH);
  }

  private void work() {
    List<Check<?>> taken = new ArrayList<>(MAX_BATCH);
    List<Check<?>> together = new ArrayList<>(MAX_BATCH);
    List<SignatureCheck> signatures = new ArrayList<>(MAX_BATCH);
    try {
      while (next(taken)) {
        try {
          checkAll(taken, together, signatures);
        } catch (RuntimeException | Error e) {
          // A fault of this class: those not answered yet get it (a second answer is ignored).
          log.error("signature checks failed unexpectedly", e);
          taken.forEach(c -> c.emitError(e));
        }
        taken.clear();
        together.clear();
        signatures.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkAll(
      List<Check<?>> taken, List<Check<?>> together, List<SignatureCheck> signatures) {
    for (Check<?> c : taken) {
      if (c.cancelled.get()) {
        continue;
      }
      if (c.prepare == null) {
        c.runTask();
      } else {
        SignatureCheck sig = c.prepare();
        if (sig == null) {
          continue; // answered: an error, or invalid outright
        }
        if (c.alone) {
          answerAlone(c, sig);
        } else {
          together.add(c);
          signatures.add(sig);
        }
      }
    }
    verifyTogether(together, signatures);
  }

  /** One batch; if it fails, each alone, and the lanes of those that fail become suspect. */
  private void verifyTogether(List<Check<?>> checks, List<SignatureCheck> signatures) {
    if (checks.isEmpty()) {
      return;
    }
    if (checks.size() > 1) {
      if (batchHolds(signatures)) {
        batchesHeld.increment();
        checkedInBatches.add(checks.size());
        checks.forEach(c -> c.answer(true));
        return;
      }
      failedBatches.increment();
    }
    for (int i = 0; i < checks.size(); i++) {
      answerAlone(checks.get(i), signatures.get(i));
    }
  }

  private boolean batchHolds(List<SignatureCheck> signatures) {
    try {
      return verifier.together(signatures);
    } catch (RuntimeException e) {
      log.error(
          "a batch of {} signatures could not be checked: each is checked alone",
          signatures.size(),
          e);
      return false;
    }
  }

  /** Answers {@code c} with its signature checked alone; an invalid one makes its lane suspect. */
  private void answerAlone(Check<?> c, SignatureCheck sig) {
    checkedAlone.increment();
    boolean valid;
    try {
      valid = verifier.alone(sig);
    } catch (RuntimeException e) {
      c.emitError(e);
      return;
    }
    if (!valid) {
      suspect(c.lane);
    }
    c.answer(valid);
  }

  /** Signatures found valid as part of a batch of two or more. */
  public long signaturesCheckedInBatches() {
    return checkedInBatches.sum();
  }

  /**
   * Batches of two or more signatures found valid together: {@link #signaturesCheckedInBatches}
   * over this is the mean size of a batch, which falls as the relay idles and rises with load.
   */
  public long batchesHeld() {
    return batchesHeld.sum();
  }

  /**
   * Signatures checked one by one: a lone check, a check of a suspect lane, or one of a batch that
   * failed, checked again.
   */
  public long signaturesCheckedAlone() {
    return checkedAlone.sum();
  }

  /** Batches that failed: each held at least one signature that does not verify. */
  public long failedBatches() {
    return failedBatches.sum();
  }

  /** Checks waiting to start, in all lanes. */
  synchronized int waiting() {
    int n = 0;
    for (ArrayDeque<Check<?>> q : lanes.values()) {
      n += q.size();
    }
    return n;
  }

  /** Refuses new checks; those waiting fail, the threads end once their current check is done. */
  @Override
  public void close() {
    List<Check<?>> dropped = new ArrayList<>();
    synchronized (this) {
      closed = true;
      lanes.values().forEach(dropped::addAll);
      lanes.clear();
      turns.clear();
      notifyAll();
    }
    dropped.forEach(c -> c.sink.error(new IllegalStateException("the relay is stopping")));
  }

  /** How signatures are checked: {@link #ED25519} in the relay; tests use others. */
  interface Verifier {
    Verifier ED25519 =
        new Verifier() {
          @Override
          public boolean together(List<SignatureCheck> checks) {
            return Ed25519Batch.verify(checks);
          }

          @Override
          public boolean alone(SignatureCheck check) {
            return check.verifyAlone();
          }
        };

    /** True only if every signature in {@code checks} is valid. */
    boolean together(List<SignatureCheck> checks);

    boolean alone(SignatureCheck check);
  }

  /** A task ({@code body}) or a signature check ({@code prepare}, answered with a Boolean). */
  private static final class Check<T> {
    private final Object lane;
    private final Callable<T> body;
    private final Callable<SignatureCheck> prepare;
    private final MonoSink<T> sink;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Set by {@link #next} for a check of a suspect lane: checked alone, not in a batch. */
    private boolean alone;

    Check(Object lane, Callable<T> body, Callable<SignatureCheck> prepare, MonoSink<T> sink) {
      this.lane = lane;
      this.body = body;
      this.prepare = prepare;
      this.sink = sink;
    }

    void runTask() {
      T result;
      try {
        result = body.call();
      } catch (Throwable t) {
        emitError(t);
        return;
      }
      emit(result);
    }

    /** The check to make, or null if this check is already answered (false, or an error). */
    SignatureCheck prepare() {
      SignatureCheck sig;
      try {
        sig = prepare.call();
      } catch (Throwable t) {
        emitError(t);
        return null;
      }
      if (sig == null) {
        answer(false);
      }
      return sig;
    }

    @SuppressWarnings("unchecked")
    void answer(boolean valid) {
      emit((T) Boolean.valueOf(valid));
    }

    private void emit(T result) {
      try {
        sink.success(result);
      } catch (Throwable t) {
        // Thrown by what runs after the check (its subscriber): the thread serves on.
        log.error("a signature check's subscriber failed", t);
      }
    }

    private void emitError(Throwable error) {
      try {
        sink.error(error);
      } catch (Throwable t) {
        log.error("a signature check's subscriber failed", t);
      }
    }
  }
}
