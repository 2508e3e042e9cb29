package io.chatrelay.store.post;

import static io.chatrelay.store.testing.StoreAssertions.assertKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.store.RelayStore;
import io.chatrelay.store.StoreException.Kind;
import io.chatrelay.store.group.GroupRegistration;
import io.chatrelay.store.group.GroupState;
import io.chatrelay.store.testing.TestData;
import io.chatrelay.store.testing.TestDatabase;
import io.chatrelay.store.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@ExtendWith(TestDatabaseExtension.class)
class PostStoreIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TestData data = new TestData(5);
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

  private static byte[] activeGroup() {
    GroupRegistration g = data.group();
    store.groups().register(g).block(TIMEOUT);
    store.groups().markValidated(g.groupId()).block(TIMEOUT);
    return g.groupId();
  }

  private static NewPost post() {
    return new NewPost(data.bytes(16), data.bytes(32), data.bytes(100));
  }

  private static List<NewPost> posts(int n) {
    return IntStream.range(0, n).mapToObj(i -> post()).toList();
  }

  @Test
  void sequenceNumbersAreGapFreeUnderConcurrentAppends() {
    byte[] group = activeGroup();
    byte[] other = activeGroup();
    // 12 appenders x 25 batches of 1..4 posts, to two groups at once.
    List<Integer> sizes = IntStream.range(0, 300).map(i -> 1 + i % 4).boxed().toList();
    Flux.fromIterable(sizes)
        .flatMap(n -> store.posts().append(n % 2 == 0 ? group : other, posts(n)).collectList(), 12)
        .blockLast(TIMEOUT);

    for (byte[] g : List.of(group, other)) {
      long count = db.queryLong("SELECT count(*) FROM posts WHERE group_id = ?", (Object) g);
      long max = db.queryLong("SELECT max(seq) FROM posts WHERE group_id = ?", (Object) g);
      long distinct =
          db.queryLong("SELECT count(DISTINCT seq) FROM posts WHERE group_id = ?", (Object) g);
      assertThat(distinct).isEqualTo(count);
      assertThat(max).isEqualTo(count);
      assertThat(db.queryLong("SELECT min(seq) FROM posts WHERE group_id = ?", (Object) g))
          .isEqualTo(1);
      assertThat(store.groups().find(g).block(TIMEOUT).lastPostSeq()).isEqualTo(count);
    }
    assertThat(
            db.queryLong(
                "SELECT count(*) FROM posts WHERE group_id = ? OR group_id = ?", group, other))
        .isEqualTo(sizes.stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void aPostIdIsStoredOnce() {
    byte[] group = activeGroup();
    NewPost a = post();
    NewPost b = post();
    List<PostReceipt> first =
        store.posts().append(group, List.of(a, a, b)).collectList().block(TIMEOUT);
    List<PostReceipt> again =
        store.posts().append(group, List.of(post(), b)).collectList().block(TIMEOUT);

    assertThat(first).extracting(PostReceipt::seq).containsExactly(1L, 1L, 2L);
    assertThat(first).extracting(PostReceipt::duplicate).containsExactly(false, true, false);
    assertThat(again).extracting(PostReceipt::seq).containsExactly(3L, 2L);
    assertThat(again).extracting(PostReceipt::duplicate).containsExactly(false, true);
    List<PostReceipt> allStored =
        store.posts().append(group, List.of(b, a)).collectList().block(TIMEOUT);
    assertThat(allStored).extracting(PostReceipt::seq).containsExactly(2L, 1L);
    assertThat(allStored).extracting(PostReceipt::duplicate).containsExactly(true, true);
    assertThat(db.queryLong("SELECT count(*) FROM posts WHERE group_id = ?", (Object) group))
        .isEqualTo(3);
    assertThat(store.groups().find(group).block(TIMEOUT).lastPostSeq()).isEqualTo(3);
  }

  /** Appenders racing with the same new posts: one stores them, every receipt agrees, no gaps. */
  @Test
  void racingAppendsOfTheSamePostsStoreThemOnce() {
    byte[] group = activeGroup();
    List<NewPost> shared = posts(4);
    List<List<PostReceipt>> all =
        Flux.range(0, 12)
            .flatMap(
                i -> {
                  List<NewPost> batch = new ArrayList<>(shared);
                  batch.add(i % 2 == 0 ? 0 : batch.size(), post());
                  return store.posts().append(group, batch).collectList();
                },
                12)
            .collectList()
            .block(TIMEOUT);

    assertThat(db.queryLong("SELECT count(*) FROM posts WHERE group_id = ?", (Object) group))
        .isEqualTo(4 + 12);
    assertThat(db.queryLong("SELECT max(seq) FROM posts WHERE group_id = ?", (Object) group))
        .isEqualTo(4 + 12);
    assertThat(store.groups().find(group).block(TIMEOUT).lastPostSeq()).isEqualTo(4 + 12);
    for (NewPost p : shared) {
      List<PostReceipt> receipts =
          all.stream()
              .flatMap(List::stream)
              .filter(r -> Arrays.equals(r.postId(), p.postId()))
              .toList();
      assertThat(receipts).hasSize(12);
      assertThat(receipts).extracting(PostReceipt::seq).containsOnly(receipts.get(0).seq());
      assertThat(receipts).filteredOn(r -> !r.duplicate()).hasSize(1);
      assertThat(
              db.queryLong(
                  "SELECT seq FROM posts WHERE group_id = ? AND post_id = ?", group, p.postId()))
          .isEqualTo(receipts.get(0).seq());
    }
  }

  @Test
  void readsBoundedPagesFromASequenceNumber() {
    byte[] group = activeGroup();
    List<NewPost> written = posts(25);
    store.posts().append(group, written).blockLast(TIMEOUT);

    List<Post> page = store.posts().read(group, 11, 10).collectList().block(TIMEOUT);
    assertThat(page)
        .extracting(Post::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(11, 20).boxed().toList());
    assertThat(page.get(0).post()).isEqualTo(written.get(10).post());
    assertThat(page.get(0).postId()).isEqualTo(written.get(10).postId());
    assertThat(store.posts().read(group, 26, 10).collectList().block(TIMEOUT)).isEmpty();
    StepVerifier.create(store.posts().read(group, 1, 1001))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
  }

  @Test
  void retentionDeletesByCountAndByAgeWithoutReusingNumbers() {
    byte[] group = activeGroup();
    store.posts().append(group, posts(10)).blockLast(TIMEOUT);
    assertThat(store.posts().prune(group, PostRetention.keepLatest(4)).block(TIMEOUT)).isEqualTo(6);
    assertThat(store.posts().read(group, 0, 100).map(Post::seq).collectList().block(TIMEOUT))
        .containsExactly(7L, 8L, 9L, 10L);

    db.execute(
        "UPDATE posts SET posted_at = now() - interval '3 days' WHERE group_id = ? AND seq <= 8",
        (Object) group);
    assertThat(store.posts().prune(group, PostRetention.maxAge(Duration.ofDays(1))).block(TIMEOUT))
        .isEqualTo(2);
    List<PostReceipt> next = store.posts().append(group, posts(1)).collectList().block(TIMEOUT);
    assertThat(next.get(0).seq()).isEqualTo(11);
    assertThat(store.posts().read(group, 0, 100).map(Post::seq).collectList().block(TIMEOUT))
        .containsExactly(9L, 10L, 11L);
  }

  @Test
  void postsAreRefusedForPendingRemovedAndUnknownGroups() {
    GroupRegistration pending = data.group();
    store.groups().register(pending).block(TIMEOUT);
    StepVerifier.create(store.posts().append(pending.groupId(), posts(1)))
        .expectErrorSatisfies(e -> assertKind(e, Kind.GROUP_NOT_ACTIVE))
        .verify(TIMEOUT);

    byte[] removed = activeGroup();
    store.groups().setState(removed, GroupState.REMOVED).block(TIMEOUT);
    StepVerifier.create(store.posts().append(removed, posts(1)))
        .expectErrorSatisfies(e -> assertKind(e, Kind.GROUP_NOT_ACTIVE))
        .verify(TIMEOUT);

    byte[] unknown = data.bytes(32);
    StepVerifier.create(store.posts().append(unknown, posts(1)))
        .expectErrorSatisfies(e -> assertKind(e, Kind.NOT_FOUND))
        .verify(TIMEOUT);
    // No foreign key stands behind these refusals (V8): the append's own lookup of the group is
    // what keeps every refused post out of the table.
    for (byte[] g : List.of(pending.groupId(), removed, unknown)) {
      assertThat(db.queryLong("SELECT count(*) FROM posts WHERE group_id = ?", (Object) g))
          .isZero();
    }
    List<NewPost> tooMany = new ArrayList<>(posts(PostStore.MAX_BATCH + 1));
    StepVerifier.create(store.posts().append(removed, tooMany))
        .expectErrorSatisfies(e -> assertKind(e, Kind.INVALID_ARGUMENT))
        .verify(TIMEOUT);
  }

  /**
   * A channel far bigger than the statistics say (here: ANALYZE saw 200 small groups, then one
   * group grew to 50,000 posts) must not make an append's duplicate check read the whole group: it
   * looks up the batch's ids, 128 index probes, under custom and generic plans alike. The check
   * planned as {@code post_id IN (…)} scanned the group's 50,000 posts here.
   */
  @Test
  void theDuplicateCheckReadsOnlyTheBatchWhateverTheStatistics() throws Exception {
    byte[] big = activeGroup();
    int batch = 128;
    String bigHex = "'\\x" + HexFormat.of().formatHex(big) + "'";
    try (Connection j = db.jdbc();
        Statement st = j.createStatement()) {
      // No ANALYZE but ours: the statistics stay those of the small groups.
      st.execute("ALTER TABLE posts SET (autovacuum_enabled = false)");
      try {
        st.execute(
            "INSERT INTO posts (group_id, seq, post_id, author_key, post)"
                + " SELECT sha256(int8send(g)), i, sha256(int8send(g * 100 + i)),"
                + " sha256(int8send(0)), sha256(int8send(1))"
                + " FROM generate_series(1, 200) g, generate_series(1, 10) i");
        st.execute("ANALYZE posts");
        st.execute(
            "INSERT INTO posts (group_id, seq, post_id, author_key, post)"
                + " SELECT "
                + bigHex
                + "::bytea, i, sha256(int8send(-i)), sha256(int8send(0)), sha256(int8send(1))"
                + " FROM generate_series(1, 50000) i");
        StringBuilder types = new StringBuilder("bytea");
        StringBuilder args = new StringBuilder(bigHex);
        for (int i = 0; i < batch; i++) {
          types.append(", bytea");
          // Half of the ids are stored: the check finds them.
          args.append(
              i % 2 == 0
                  ? ", sha256(int8send(-" + (i + 1) + "::bigint))"
                  : ", '\\x" + HexFormat.of().formatHex(data.bytes(16)) + "'");
        }
        st.execute("PREPARE existing(" + types + ") AS " + PostStore.existingStatement(batch));
        for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
          st.execute("SET plan_cache_mode = " + mode);
          List<String> plan = new ArrayList<>();
          try (ResultSet rs =
              st.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE existing(" + args + ")")) {
            while (rs.next()) {
              plan.add(rs.getString(1));
            }
          }
          Matcher m = Pattern.compile("rows=(\\d+) loops=(\\d+)").matcher(String.join("\n", plan));
          long mostRowsOfANode = 0;
          while (m.find()) {
            mostRowsOfANode =
                Math.max(mostRowsOfANode, Long.parseLong(m.group(1)) * Long.parseLong(m.group(2)));
          }
          assertThat(mostRowsOfANode)
              .as(mode + ":\n" + String.join("\n", plan))
              .isBetween(1L, (long) batch);
          assertThat(String.join("\n", plan)).as(mode).doesNotContain("Rows Removed by Filter");
        }
        try (ResultSet rs = st.executeQuery("EXECUTE existing(" + args + ")")) {
          int found = 0;
          while (rs.next()) {
            rs.getLong("seq");
            found += rs.wasNull() ? 0 : 1;
          }
          assertThat(found).isEqualTo(batch / 2);
        }
      } finally {
        st.execute("ALTER TABLE posts RESET (autovacuum_enabled)");
      }
    }
  }
}
