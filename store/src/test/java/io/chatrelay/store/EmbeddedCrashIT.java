package io.chatrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.join.JoinQueue;
import io.chatrelay.store.join.JoinReceipt;
import io.chatrelay.store.testing.TestData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * A relay process on the embedded database is killed with SIGKILL: its postgres outlives it. The
 * next start on the same data directory must stop that orphan, start, and find every join the dead
 * process had acknowledged.
 */
class EmbeddedCrashIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** The relay process to kill: enqueues joins, prints their receipts, then waits. */
  public static final class Victim {
    public static void main(String[] args) throws Exception {
      RelayStore store = RelayStore.open(StoreConfig.embedded(Path.of(args[0]))).block(TIMEOUT);
      TestData data = new TestData(8);
      GroupRegistration group = data.group();
      store.groups().register(group).block(TIMEOUT);
      JoinQueue joins = store.joins();
      for (int i = 0; i < 20; i++) {
        JoinReceipt receipt = joins.enqueue(data.join(group.groupId())).block(TIMEOUT);
        System.out.println("ACK " + receipt.queueId());
        System.out.flush();
      }
      System.out.println("READY");
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }

  @Test
  void aKilledRelaysJoinsAreThereWhenItStartsAgain(@TempDir Path dataDir) throws Exception {
    Process victim =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Victim.class.getName(),
                dataDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<Long> acknowledged = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine();
          line != null && !line.equals("READY");
          line = out.readLine()) {
        if (line.startsWith("ACK ")) {
          acknowledged.add(Long.parseLong(line.substring(4)));
        }
      }
    } finally {
      victim.destroyForcibly(); // SIGKILL: no shutdown hook, the embedded postgres is orphaned
      victim.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(acknowledged).hasSize(20);

    RelayStore store = RelayStore.open(StoreConfig.embedded(dataDir)).block(TIMEOUT);
    try {
      for (long queueId : acknowledged) {
        StepVerifier.create(store.joins().find(queueId))
            .assertNext(j -> assertThat(j.queueId()).isEqualTo(queueId))
            .expectComplete()
            .verify(TIMEOUT);
      }
    } finally {
      store.close();
    }
  }
}
