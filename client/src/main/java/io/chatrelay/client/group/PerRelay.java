package io.chatrelay.client.group;

import io.chatrelay.client.transport.RelayConnection;
import io.chatrelay.client.transport.RelayException;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.message.ErrorCode;
import io.chatrelay.codec.message.Ok;
import io.chatrelay.codec.message.RelayMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs one request at each of a group's relays, concurrently, and reports each relay's answer. */
public final class PerRelay {
  private PerRelay() {}

  /**
   * Sends, at every relay in {@code relays}, the request {@code request} builds for its connection
   * and entry; a relay succeeds when it answers {@code OK}.
   */
  public static Outcome expectOk(
      GroupSession session,
      List<RelayEntry> relays,
      BiFunction<RelayConnection, RelayEntry, Mono<RelayMessage>> request,
      Duration timeout) {
    Map<Integer, Throwable> errors = new HashMap<>();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < relays.size(); i++) {
      indexes.add(i);
    }
    Flux.fromIterable(indexes)
        .flatMap(
            i ->
                session
                    .connection(relays.get(i))
                    .flatMap(c -> request.apply(c, relays.get(i)))
                    .flatMap(
                        m ->
                            m instanceof Ok
                                ? Mono.<Throwable>empty()
                                : Mono.<Throwable>just(
                                    new RelayException(
                                        ErrorCode.UNKNOWN, 0, "relay answered " + m.tag())))
                    .onErrorResume(Mono::just)
                    .doOnNext(
                        e -> {
                          synchronized (errors) {
                            errors.put(i, e);
                          }
                        }),
            16)
        .then()
        .block(timeout.plusSeconds(30));
    List<String> ok = new ArrayList<>();
    List<RelayFailure> failed = new ArrayList<>();
    synchronized (errors) {
      for (int i = 0; i < relays.size(); i++) {
        Throwable e = errors.get(i);
        if (e == null) {
          ok.add(RelayNames.of(relays.get(i).server()));
        } else {
          failed.add(RelayFailure.of(relays.get(i).server(), e));
        }
      }
    }
    return new Outcome(ok, failed);
  }
}
