package io.chatrelay.store.member;

import static io.chatrelay.store.testing.StoreAssertions.assertKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.RelayStore;
import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.join.Admission;
import io.chatrelay.store.join.JoinReceipt;
import io.chatrelay.store.join.JoinRequest;
import io.chatrelay.store.testing.TestData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

@ExtendWith(TestDatabaseExtension.class)
class MemberStoreIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TestData data = new TestData(21);
  private static RelayStore store;

  @BeforeAll
  static void open(TestDatabase database) {
    store = database.openStore();
  }

  @AfterAll
  static void close() {
    store.close();
  }

  /** Admits {@code requests} through the queue, the only way members are made. */
  private static List<Admission> admit(byte[] group, List<JoinRequest> requests) {
    store.joins().enqueueAll(requests).blockLast(TIMEOUT);
    return store.joins().admitNext(group, 1000).collectList().block(TIMEOUT);
  }

  private static byte[] activeGroup() {
    GroupRegistration g = data.group();
    store.groups().register(g).block(TIMEOUT);
    store.groups().markValidated(g.groupId()).block(TIMEOUT);
    return g.groupId();
  }

  @Test
  void admittedMembersCanBeFoundListedAndCounted() {
    byte[] group = activeGroup();
    List<JoinRequest> requests = IntStream.range(0, 5).mapToObj(i -> data.join(group)).toList();
    List<Admission> admissions = admit(group, requests);
    JoinRequest first = requests.get(0);

    StepVerifier.create(store.members().find(group, first.memberKey()))
        .assertNext(
            m -> {
              assertThat(m.memberId()).isEqualTo(admissions.get(0).memberId());
              assertThat(m.profile())
                  .hasValueSatisfying(p -> assertThat(p).isEqualTo(first.profile().orElseThrow()));
              assertThat(m.admittedBy()).hasValue(admissions.get(0).queueId());
            })
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(store.members().find(group, data.bytes(32)))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(store.members().count(group))
        .expectNext(5L)
        .expectComplete()
        .verify(TIMEOUT);
    List<Member> page1 = store.members().list(group, 0, 3).collectList().block(TIMEOUT);
    List<Member> page2 =
        store.members().list(group, page1.get(2).memberId(), 3).collectList().block(TIMEOUT);
    assertThat(page1).hasSize(3);
    assertThat(page2).hasSize(2);
    assertThat(page2.get(0).memberId()).isGreaterThan(page1.get(2).memberId());
  }

  @Test
  void certificatesAreStoredForMembersOnlyAndReplaced() {
    byte[] group = activeGroup();
    JoinRequest join = data.join(group);
    admit(group, List.of(join));
    byte[] first = data.bytes(100);
    byte[] second = data.bytes(120);

    store.members().putCertificate(group, join.memberKey(), first).block(TIMEOUT);
    StepVerifier.create(store.members().certificate(group, join.memberKey()))
        .assertNext(c -> assertThat(c).isEqualTo(first))
        .expectComplete()
        .verify(TIMEOUT);
    store.members().putCertificate(group, join.memberKey(), second).block(TIMEOUT);
    StepVerifier.create(store.members().certificate(group, join.memberKey()))
        .assertNext(c -> assertThat(c).isEqualTo(second))
        .expectComplete()
        .verify(TIMEOUT);

    StepVerifier.create(store.members().putCertificate(group, data.bytes(32), first))
        .expectErrorSatisfies(e -> assertKind(e, Kind.NOT_FOUND))
        .verify(TIMEOUT);
    StepVerifier.create(store.members().putCertificate(group, join.memberKey(), new byte[0]))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
  }

  @Test
  void aMemberKeyIsAMemberOnceEvenAcrossManyJoins() {
    byte[] group = activeGroup();
    byte[] key = data.bytes(32);
    List<JoinReceipt> receipts =
        store
            .joins()
            .enqueueAll(List.of(JoinRequest.of(group, key, null), JoinRequest.of(group, key, null)))
            .collectList()
            .block(TIMEOUT);
    List<Admission> admitted = store.joins().admitNext(group, 10).collectList().block(TIMEOUT);

    assertThat(admitted)
        .hasSize(2)
        .extracting(Admission::memberId)
        .containsOnly(admitted.get(0).memberId());
    StepVerifier.create(store.members().find(group, key))
        .assertNext(m -> assertThat(m.admittedBy()).hasValue(receipts.get(0).queueId()))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(store.members().count(group))
        .expectNext(1L)
        .expectComplete()
        .verify(TIMEOUT);
  }
}
