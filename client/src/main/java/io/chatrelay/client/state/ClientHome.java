package io.chatrelay.client.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chatrelay.codec.crypto.Hashes;
import io.chatrelay.codec.encoding.Base64Url;
import io.chatrelay.codec.link.RelayShortLink;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The client's state directory (default {@code ~/.chat-relay}):
 *
 * <pre>
 * relays.json            the relay configuration: {"relays": ["https://host/r#key?p=..&amp;c=..", …]}
 * groups/&lt;id&gt;.json       one {@link GroupState} per group (keys, link data, relays, read positions)
 * .lock                  serialises read-modify-write of these files between processes
 * </pre>
 *
 * {@code <id>} is derived from the group's link key, never from anything shared between groups.
 * Files are written whole to a temporary file and moved into place, so a reader never sees half a
 * file; on POSIX systems the directory is {@code rwx------} and files {@code rw-------}, because
 * group files hold private keys.
 */
public final class ClientHome {
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path dir;
  private final Path groups;

  private ClientHome(Path dir) {
    this.dir = dir;
    this.groups = dir.resolve("groups");
  }

  /**
   * Opens (creating if needed) the state directory {@code dir}.
   *
   * @throws StateException if it cannot be created or is not a directory
   */
  public static ClientHome open(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      createPrivateDirectory(abs);
      createPrivateDirectory(abs.resolve("groups"));
    } catch (IOException e) {
      throw new StateException("cannot use " + abs + " as the client's home: " + e.getMessage(), e);
    }
    return new ClientHome(abs);
  }

  /** The default home: {@code ~/.chat-relay}. */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("user.home"), ".chat-relay");
  }

  public Path directory() {
    return dir;
  }

  // ---- relay configuration ----------------------------------------------------------------------

  /** The configured relays' server addresses, as canonical {@code /r} links. */
  public List<String> relays() {
    return readRelays().relays();
  }

  /**
   * Adds a relay's server address to the configuration.
   *
   * @return false if it was already configured
   */
  public boolean addRelay(RelayShortLink relay) {
    String link = relay.print();
    return locked(
        () -> {
          RelayList list = readRelays();
          if (list.relays().contains(link)) {
            return false;
          }
          List<String> next = new ArrayList<>(list.relays());
          next.add(link);
          write(dir.resolve("relays.json"), new RelayList(next));
          return true;
        });
  }

  /**
   * Removes a relay from the configuration (matched by its identity: key hash and hosts).
   *
   * @return false if it was not configured
   */
  public boolean removeRelay(RelayShortLink relay) {
    return locked(
        () -> {
          RelayList list = readRelays();
          List<String> next = list.relays().stream().filter(l -> !sameRelay(l, relay)).toList();
          if (next.size() == list.relays().size()) {
            return false;
          }
          write(dir.resolve("relays.json"), new RelayList(next));
          return true;
        });
  }

  private static boolean sameRelay(String configured, RelayShortLink relay) {
    RelayShortLink c = (RelayShortLink) io.chatrelay.codec.link.Links.parse(configured);
    return c.server().equals(relay.server());
  }

  private RelayList readRelays() {
    Path f = dir.resolve("relays.json");
    if (!Files.exists(f)) {
      return new RelayList(List.of());
    }
    RelayList l = read(f, RelayList.class);
    return l.relays() == null ? new RelayList(List.of()) : l;
  }

  /** The relay configuration file's content. */
  record RelayList(List<String> relays) {}

  // ---- groups -----------------------------------------------------------------------------------

  /** Every group held here. */
  public List<GroupState> groups() {
    try (Stream<Path> files = Files.list(groups)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted()
          .map(p -> read(p, GroupState.class))
          .toList();
    } catch (IOException e) {
      throw new StateException("cannot list " + groups + ": " + e.getMessage(), e);
    }
  }

  /** The group with this link key, if held. */
  public Optional<GroupState> byLinkKey(byte[] linkKey) {
    Path f = file(linkKey);
    return Files.exists(f) ? Optional.of(read(f, GroupState.class)) : Optional.empty();
  }

  /** The group with this local name, if held. */
  public Optional<GroupState> byName(String name) {
    return groups().stream().filter(g -> g.name().equals(name)).findFirst();
  }

  /**
   * Stores a new group under a free local name (its own, or with {@code -2}, {@code -3}… added).
   *
   * @throws StateException if the group is already held here
   */
  public GroupState create(GroupState state) {
    return locked(
        () -> {
          Path f = file(state.linkKey());
          if (Files.exists(f)) {
            throw new StateException(
                "this home already holds that group, as '"
                    + read(f, GroupState.class).name()
                    + "'");
          }
          List<String> taken = groups().stream().map(GroupState::name).toList();
          String base = state.name();
          String name = base;
          for (int i = 2; taken.contains(name); i++) {
            name = base + "-" + i;
          }
          state.rename(name);
          write(f, state);
          return state;
        });
  }

  /**
   * Reloads the group, applies {@code change} and writes it back, all under the home's lock, so
   * concurrent processes (a reader following a channel while its owner posts) do not lose each
   * other's changes.
   *
   * @return the state as written
   */
  public GroupState update(GroupState group, Consumer<GroupState> change) {
    return locked(
        () -> {
          Path f = file(group.linkKey());
          GroupState fresh;
          try {
            fresh = read(f, GroupState.class);
          } catch (StateException e) {
            if (e.getCause() instanceof NoSuchFileException) {
              throw new StateException("the group '" + group.name() + "' was deleted meanwhile");
            }
            throw e;
          }
          change.accept(fresh);
          write(f, fresh);
          return fresh;
        });
  }

  /** Forgets a group: its keys and positions are deleted. */
  public void delete(GroupState group) {
    locked(
        () -> {
          try {
            Files.deleteIfExists(file(group.linkKey()));
          } catch (IOException e) {
            throw new StateException("cannot delete " + group.name() + ": " + e.getMessage(), e);
          }
          return null;
        });
  }

  private Path file(byte[] linkKey) {
    byte[] h = Hashes.sha256(linkKey);
    return groups.resolve(Base64Url.encodeUnpadded(Arrays.copyOf(h, 12)) + ".json");
  }

  // ---- files ------------------------------------------------------------------------------------

  private interface Work<T> {
    T run();
  }

  /** Runs {@code work} holding this home's lock: in this JVM and, by a file lock, across JVMs. */
  private <T> T locked(Work<T> work) {
    ReentrantLock local = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    local.lock();
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = ch.lock();
      try {
        return work.run();
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new StateException("cannot lock " + dir + ": " + e.getMessage(), e);
    } finally {
      local.unlock();
    }
  }

  private static <T> T read(Path f, Class<T> type) {
    try {
      return JSON.readValue(Files.readAllBytes(f), type);
    } catch (NoSuchFileException e) {
      throw new StateException(f + " does not exist", e);
    } catch (IOException e) {
      throw new StateException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path f, Object value) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    try {
      Files.write(tmp, bytes);
      restrict(tmp);
      try {
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new StateException("cannot write " + f + ": " + e.getMessage(), e);
    }
  }

  private static void createPrivateDirectory(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      Files.createDirectories(d);
      if (d.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
      }
    }
  }

  private static void restrict(Path f) throws IOException {
    if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }
  }
}
