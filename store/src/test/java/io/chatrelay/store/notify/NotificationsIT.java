package io.chatrelay.store.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.RelayStore;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

@ExtendWith(TestDatabaseExtension.class)
class NotificationsIT {
  @Test
  void everyListenerGetsEveryNotificationInOrder(TestDatabase db) throws Exception {
    try (RelayStore a = db.openStore();
        RelayStore b = db.openStore()) {
      java.util.concurrent.CountDownLatch listening = new java.util.concurrent.CountDownLatch(2);
      var listenA =
          a.notifications()
              .listen("relay_test", listening::countDown)
              .take(20)
              .collectList()
              .toFuture();
      var listenB =
          b.notifications()
              .listen("relay_test", listening::countDown)
              .take(20)
              .collectList()
              .toFuture();
      assertThat(listening.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      Flux.range(0, 20)
          .concatMap(i -> (i % 2 == 0 ? a : b).notifications().notify("relay_test", "m" + i))
          .blockLast(Duration.ofSeconds(30));
      List<String> expected = Flux.range(0, 20).map(i -> "m" + i).collectList().block();
      assertThat(listenA.join()).containsExactlyElementsOf(expected);
      assertThat(listenB.join()).containsExactlyElementsOf(expected);
    }
  }
}
