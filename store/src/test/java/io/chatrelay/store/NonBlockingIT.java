package io.chatrelay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.group.GroupState;
import io.chatrelay.store.identity.RelayIdentity;
import io.chatrelay.store.log.NewServiceLogEntry;
import io.chatrelay.store.post.NewPost;
import io.chatrelay.store.post.PostRetention;
import io.chatrelay.store.testing.TestData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every store operation, with BlockHound watching the event loops and Reactor's non-blocking
 * schedulers: a blocking call there (I/O, sleeping, waiting on a lock) fails the operation. Runs in
 * a JVM of its own (see the failsafe execution {@code non-blocking}).
 */
@ExtendWith(TestDatabaseExtension.class)
class NonBlockingIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @BeforeAll
  static void install() {
    BlockHound.install();
  }

  @Test
  void blockHoundIsWatching() {
    Mono<Integer> sleeps =
        Mono.fromCallable(
                () -> {
                  Thread.sleep(1);
                  return 1;
                })
            .subscribeOn(Schedulers.parallel());
    assertThatThrownBy(() -> sleeps.block(TIMEOUT)).hasMessageContaining("Blocking call");
  }

  @Test
  void noStoreOperationBlocksAnEventLoop(TestDatabase db) {
    TestData data = new TestData(31);
    RelayStore store = db.openStore();
    try {
      GroupRegistration g = data.group();
      byte[] group = g.groupId();
      // Each step runs on a parallel (non-blocking) thread and continues on the driver's loops.
      Mono<?> everything =
          store
              .identity()
              .createIfAbsent(RelayIdentity.of(data.bytes(32), data.bytes(32), data.bytes(64)))
              .then(store.identity().load())
              .then(store.groups().register(g))
              .then(store.groups().markValidated(group))
              .then(store.groups().updateLinkData(group, 2, data.bytes(40)))
              .then(store.groups().findByLinkKey(g.linkKey()))
              .then(
                  store
                      .joins()
                      .enqueueAll(IntStream.range(0, 50).mapToObj(i -> data.join(group)).toList())
                      .then())
              .then(store.joins().admitNext(group, 20).then())
              .then(store.joins().admitNext(null, 10).then())
              .then(store.members().count(group))
              .then(
                  store
                      .posts()
                      .append(
                          group,
                          List.of(new NewPost(data.bytes(8), data.bytes(32), data.bytes(50))))
                      .then())
              .then(store.posts().read(group, 1, 10).then())
              .then(store.posts().prune(group, PostRetention.keepLatest(10)))
              .then(
                  store
                      .serviceLog()
                      .append(group, NewServiceLogEntry.byRelay("validated", data.bytes(4))))
              .then(store.serviceLog().read(group, 1, 10).then())
              .then(store.groups().setState(group, GroupState.SUSPENDED))
              .then(store.joins().counts(group))
              .then(store.ping())
              .subscribeOn(Schedulers.parallel());

      Object last = everything.block(TIMEOUT);
      assertThat(last).isEqualTo(Boolean.TRUE);
      assertThat(
              Flux.range(0, 20)
                  .flatMap(i -> store.joins().enqueue(data.join(group)), 8)
                  .subscribeOn(Schedulers.parallel())
                  .count()
                  .block(TIMEOUT))
          .isEqualTo(20);
    } finally {
      store.close();
    }
  }
}
