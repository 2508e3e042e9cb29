package io.chatrelay.store.log;

import static io.chatrelay.store.testing.StoreAssertions.assertKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.store.RelayStore;
import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.testing.TestData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@ExtendWith(TestDatabaseExtension.class)
class ServiceLogIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TestData data = new TestData(11);
  private static TestDatabase db;
  private static RelayStore store;

  @BeforeAll
  static void open(TestDatabase database) {
    db = database;
    store = database.openStore();
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static byte[] group() {
    GroupRegistration g = data.group();
    store.groups().register(g).block(TIMEOUT);
    return g.groupId();
  }

  @Test
  void appendsAreNumberedWithoutGapsAndReadBackInOrder() {
    byte[] group = group();
    byte[] owner = data.bytes(32);
    Flux.range(0, 40)
        .flatMap(
            i ->
                store
                    .serviceLog()
                    .append(
                        group,
                        NewServiceLogEntry.signed(
                            "cmd-" + i, owner, data.bytes(20), data.bytes(64))),
            8)
        .blockLast(TIMEOUT);
    store
        .serviceLog()
        .append(group, NewServiceLogEntry.byRelay("relay-validated", new byte[0]))
        .block(TIMEOUT);

    List<ServiceLogEntry> all =
        store.serviceLog().read(group, 1, 1000).collectList().block(TIMEOUT);
    assertThat(all)
        .extracting(ServiceLogEntry::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 41).boxed().toList());
    ServiceLogEntry last = all.get(40);
    assertThat(last.kind()).isEqualTo("relay-validated");
    assertThat(last.actorKey()).isEmpty();
    assertThat(last.signature()).isEmpty();
    assertThat(all.get(0).actorKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(owner));
    assertThat(store.serviceLog().read(group, 40, 10).collectList().block(TIMEOUT)).hasSize(2);
    assertThat(store.groups().find(group).block(TIMEOUT).lastLogSeq()).isEqualTo(41);
  }

  @Test
  void theLogCannotBeChangedEvenBypassingTheStore() {
    byte[] group = group();
    store
        .serviceLog()
        .append(group, NewServiceLogEntry.byRelay("created", data.bytes(4)))
        .block(TIMEOUT);

    assertThatThrownBy(
            () ->
                db.execute(
                    "UPDATE service_log SET kind = 'forged' WHERE group_id = ?", (Object) group))
        .hasMessageContaining("append-only");
    assertThatThrownBy(
            () -> db.execute("DELETE FROM service_log WHERE group_id = ?", (Object) group))
        .hasMessageContaining("append-only");
    assertThat(store.serviceLog().read(group, 1, 10).collectList().block(TIMEOUT))
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo("created"));
  }

  @Test
  void appendingToAnUnknownGroupIsNotFound() {
    StepVerifier.create(
            store.serviceLog().append(data.bytes(32), NewServiceLogEntry.byRelay("x", new byte[1])))
        .expectErrorSatisfies(e -> assertKind(e, Kind.NOT_FOUND))
        .verify(TIMEOUT);
  }

  @Test
  void aCommandIdIsAppliedOnceEvenUnderConcurrentRepeats() {
    byte[] group = group();
    byte[] owner = data.bytes(32);
    byte[] commandId = data.bytes(16);
    List<ServiceLogEntry> appended =
        Flux.range(0, 20)
            .flatMap(
                i ->
                    store
                        .serviceLog()
                        .appendCommand(
                            group,
                            commandId,
                            NewServiceLogEntry.signed(
                                "COMMAND", owner, data.bytes(20), data.bytes(64))),
                20)
            .collectList()
            .block(TIMEOUT);
    assertThat(appended).hasSize(1);
    // Another command id is appended, and numbering stays gap-free after the refusals.
    ServiceLogEntry next =
        store
            .serviceLog()
            .appendCommand(
                group,
                data.bytes(16),
                NewServiceLogEntry.signed("COMMAND", owner, data.bytes(20), data.bytes(64)))
            .block(TIMEOUT);
    assertThat(next.seq()).isEqualTo(2);
    assertThat(store.serviceLog().read(group, 1, 100).collectList().block(TIMEOUT))
        .extracting(ServiceLogEntry::seq)
        .containsExactly(1L, 2L);
  }
}
