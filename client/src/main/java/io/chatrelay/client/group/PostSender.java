package io.chatrelay.client.group;

import io.chatrelay.client.transport.AskedRetry;
import io.chatrelay.client.transport.RelayException;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.group.Post;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.message.Posted;
import io.chatrelay.codec.message.Publish;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends one signed post to every relay given ({@code POST} → {@code POSTED}), each over the group
 * session's connection. A relay that answers {@code BUSY} is tried again after the delay it asks
 * for, a few times; every relay that did not store the post is reported with its reason.
 */
public final class PostSender {
  private static final int BUSY_RETRIES = 3;

  private PostSender() {}

  /**
   * The outcome of one post.
   *
   * @param post the post sent
   * @param acceptedBy relays that stored it ({@code host:port})
   * @param failures relays that did not
   */
  public record Result(Post post, List<String> acceptedBy, List<RelayFailure> failures) {
    public Result {
      acceptedBy = List.copyOf(acceptedBy);
      failures = List.copyOf(failures);
    }

    public boolean accepted() {
      return !acceptedBy.isEmpty();
    }
  }

  private record Answer(RelayEntry relay, Throwable error) {}

  public static Result send(
      GroupSession session, Collection<RelayEntry> relays, Post post, Duration timeout) {
    List<Answer> answers =
        Flux.fromIterable(relays)
            .flatMap(e -> sendOne(session, e, post), 16)
            .collectList()
            .block(timeout.plusSeconds(30));
    List<String> ok = new ArrayList<>();
    List<RelayFailure> failed = new ArrayList<>();
    for (RelayEntry e : relays) {
      for (Answer a : answers == null ? List.<Answer>of() : answers) {
        if (a.relay() == e) {
          if (a.error() == null) {
            ok.add(RelayNames.of(e.server()));
          } else {
            failed.add(RelayFailure.of(e.server(), a.error()));
          }
        }
      }
    }
    return new Result(post, ok, failed);
  }

  private static Mono<Answer> sendOne(GroupSession session, RelayEntry entry, Post post) {
    Publish message = new Publish(Bytes.of(entry.addressId()), post);
    return session
        .connection(entry)
        .flatMap(c -> Mono.defer(() -> c.request(message)).retryWhen(AskedRetry.upTo(BUSY_RETRIES)))
        .map(
            m -> {
              if (!(m instanceof Posted)) {
                throw new RelayException(
                    io.chatrelay.codec.message.ErrorCode.UNKNOWN,
                    0,
                    "relay answered POST with " + m.tag());
              }
              return new Answer(entry, null);
            })
        .onErrorResume(e -> Mono.just(new Answer(entry, e)));
  }
}
