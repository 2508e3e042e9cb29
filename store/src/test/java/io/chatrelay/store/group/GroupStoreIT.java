package io.chatrelay.store.group;

import static io.chatrelay.store.testing.StoreAssertions.assertKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.store.RelayStore;
import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.testing.TestData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

@ExtendWith(TestDatabaseExtension.class)
class GroupStoreIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static RelayStore store;
  private static TestDatabase db;
  private static final TestData data = new TestData(42);

  @BeforeAll
  static void open(TestDatabase database) {
    db = database;
    store = database.openStore();
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void concurrentDuplicateRegistrationsCreateOneAddress() {
    GroupRegistration registration = new TestData(7).group();
    List<RegisteredGroup> results =
        Flux.range(0, 50)
            .parallel(50)
            .runOn(Schedulers.boundedElastic())
            .flatMap(i -> store.groups().register(registration))
            .sequential()
            .collectList()
            .block(TIMEOUT);

    assertThat(results).hasSize(50);
    Set<String> addressIds =
        results.stream()
            .map(r -> HexFormat.of().formatHex(r.address().addressId()))
            .collect(Collectors.toSet());
    assertThat(addressIds).hasSize(1);
    assertThat(results.stream().filter(RegisteredGroup::created)).hasSize(1);
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM relay_addresses WHERE group_id = ?",
                (Object) registration.groupId()))
        .isEqualTo(1);
    assertThat(results.get(0).group().state()).isEqualTo(GroupState.PENDING);
  }

  @Test
  void concurrentRegistrationsOfNewGroupsNeverFailOnTheLinkKey() {
    // Two registrations of a new group that pass the id check together: the second must find the
    // first's row, not fail on the link key's unique index.
    TestData fresh = new TestData(71);
    List<GroupRegistration> groups = Stream.generate(fresh::group).limit(200).toList();
    List<RegisteredGroup> results =
        Flux.fromIterable(groups)
            .concatMap(
                g ->
                    Flux.range(0, 4)
                        .parallel(4)
                        .runOn(Schedulers.boundedElastic())
                        .flatMap(i -> store.groups().register(g))
                        .sequential())
            .collectList()
            .block(Duration.ofMinutes(2));

    assertThat(results).hasSize(800);
    assertThat(results.stream().filter(RegisteredGroup::created)).hasSize(200);
  }

  @Test
  void countLeavesOutRemovedGroups() {
    long before = store.groups().count().block(TIMEOUT);
    GroupRegistration a = data.group();
    GroupRegistration b = data.group();
    store.groups().register(a).block(TIMEOUT);
    store.groups().register(b).block(TIMEOUT);
    assertThat(store.groups().count().block(TIMEOUT)).isEqualTo(before + 2);
    store.groups().setState(b.groupId(), GroupState.REMOVED).block(TIMEOUT);
    assertThat(store.groups().count().block(TIMEOUT)).isEqualTo(before + 1);
  }

  @Test
  void registrationWithOtherLinkDataForTheSameGroupIsAConflict() {
    GroupRegistration first = data.group();
    store.groups().register(first).block(TIMEOUT);
    GroupRegistration other =
        new GroupRegistration(
            first.groupId(), first.linkKey(), first.type(), data.bytes(10), first.linkData(), 1);

    StepVerifier.create(store.groups().register(other))
        .expectErrorSatisfies(e -> assertKind(e, Kind.CONFLICT))
        .verify(TIMEOUT);
  }

  @Test
  void aLinkKeyBelongsToOneGroup() {
    GroupRegistration first = data.group();
    store.groups().register(first).block(TIMEOUT);
    GroupRegistration thief =
        new GroupRegistration(
            data.bytes(32), first.linkKey(), GroupType.GROUP, data.bytes(10), data.bytes(10), 0);

    StepVerifier.create(store.groups().register(thief))
        .expectErrorSatisfies(e -> assertKind(e, Kind.CONFLICT))
        .verify(TIMEOUT);
    StepVerifier.create(store.groups().find(thief.groupId())).expectComplete().verify(TIMEOUT);
  }

  @Test
  void linkDataVersionRollbackIsRefused() {
    GroupRegistration g = data.group();
    store.groups().register(g).block(TIMEOUT);
    byte[] v5 = data.bytes(50);
    StepVerifier.create(store.groups().updateLinkData(g.groupId(), 5, v5))
        .assertNext(
            group -> {
              assertThat(group.linkDataVersion()).isEqualTo(5);
              assertThat(group.linkData()).isEqualTo(v5);
            })
        .expectComplete()
        .verify(TIMEOUT);

    for (long stale : new long[] {5, 4, 0}) {
      StepVerifier.create(store.groups().updateLinkData(g.groupId(), stale, data.bytes(50)))
          .expectErrorSatisfies(e -> assertKind(e, Kind.STALE_VERSION))
          .verify(TIMEOUT);
    }
    StepVerifier.create(store.groups().find(g.groupId()))
        .assertNext(
            group -> {
              assertThat(group.linkDataVersion()).isEqualTo(5);
              assertThat(group.linkData()).isEqualTo(v5);
            })
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void updatingAnUnknownGroupIsNotFound() {
    StepVerifier.create(store.groups().updateLinkData(data.bytes(32), 9, data.bytes(5)))
        .expectErrorSatisfies(e -> assertKind(e, Kind.NOT_FOUND))
        .verify(TIMEOUT);
  }

  @Test
  void findsGroupsByLinkKeyAndByAddressId() {
    GroupRegistration g = data.group();
    RegisteredGroup registered = store.groups().register(g).block(TIMEOUT);

    StepVerifier.create(store.groups().findByLinkKey(g.linkKey()))
        .assertNext(group -> assertThat(group.groupId()).isEqualTo(g.groupId()))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(store.groups().findByAddressId(registered.address().addressId()))
        .assertNext(group -> assertThat(group.groupId()).isEqualTo(g.groupId()))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(store.groups().findByLinkKey(data.bytes(32)))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(store.groups().findByAddressId(data.bytes(24)))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void validationActivatesThePendingGroupOnce() {
    GroupRegistration g = data.group();
    store.groups().register(g).block(TIMEOUT);
    RelayAddress first = store.groups().markValidated(g.groupId()).block(TIMEOUT);
    RelayAddress again = store.groups().markValidated(g.groupId()).block(TIMEOUT);

    assertThat(first.validated()).isTrue();
    assertThat(again.validatedAt()).isEqualTo(first.validatedAt());
    StepVerifier.create(store.groups().find(g.groupId()))
        .assertNext(group -> assertThat(group.state()).isEqualTo(GroupState.ACTIVE))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void stateChangesFollowTheRules() {
    GroupRegistration g = data.group();
    store.groups().register(g).block(TIMEOUT);

    StepVerifier.create(store.groups().setState(g.groupId(), GroupState.ACTIVE))
        .expectErrorSatisfies(e -> assertKind(e, Kind.GROUP_NOT_ACTIVE))
        .verify(TIMEOUT);
    store.groups().markValidated(g.groupId()).block(TIMEOUT);
    StepVerifier.create(store.groups().setState(g.groupId(), GroupState.SUSPENDED))
        .assertNext(group -> assertThat(group.state()).isEqualTo(GroupState.SUSPENDED))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(store.groups().setState(g.groupId(), GroupState.ACTIVE))
        .assertNext(group -> assertThat(group.state()).isEqualTo(GroupState.ACTIVE))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(store.groups().setState(g.groupId(), GroupState.REMOVED))
        .assertNext(group -> assertThat(group.state()).isEqualTo(GroupState.REMOVED))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(store.groups().setState(g.groupId(), GroupState.ACTIVE))
        .expectErrorSatisfies(e -> assertKind(e, Kind.GROUP_NOT_ACTIVE))
        .verify(TIMEOUT);
    StepVerifier.create(store.groups().setState(g.groupId(), GroupState.PENDING))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
  }

  @Test
  void aGroupsRowIsKeptEvenBypassingTheStoreSoJoinsAndPostsNeedNoForeignKeyToIt() {
    GroupRegistration g = data.group();
    store.groups().register(g).block(TIMEOUT);
    store.groups().setState(g.groupId(), GroupState.REMOVED).block(TIMEOUT);

    // Joins, members and posts name their group without a foreign key (ADR 0007)…
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                    + " AND conrelid IN"
                    + " ('pending_joins'::regclass, 'members'::regclass, 'posts'::regclass)"
                    + " AND confrelid = 'relay_groups'::regclass"))
        .isZero();
    // …because no group's row is ever deleted: removed is a state.
    assertThatThrownBy(
            () -> db.execute("DELETE FROM relay_groups WHERE group_id = ?", (Object) g.groupId()))
        .hasMessageContaining("relay_groups rows are kept");
    assertThatThrownBy(() -> db.execute("TRUNCATE relay_groups CASCADE"))
        .hasMessageContaining("relay_groups rows are kept");
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM relay_groups WHERE group_id = ?", (Object) g.groupId()))
        .isEqualTo(1);
  }

  @Test
  void malformedIdsAreRefusedBeforeTouchingTheDatabase() {
    StepVerifier.create(store.groups().markValidated(new byte[31]))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
    StepVerifier.create(store.groups().setState(new byte[33], GroupState.ACTIVE))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
  }
}
