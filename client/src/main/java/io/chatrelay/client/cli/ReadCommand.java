package io.chatrelay.client.cli;

import io.chatrelay.client.member.GroupReader;
import io.chatrelay.client.member.ReadEvent;
import io.chatrelay.client.owner.OwnerClient;
import io.chatrelay.client.state.GroupState;
import io.chatrelay.codec.group.Post;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code relay-cli read CHANNEL [--follow]}: prints each verified post once, one per line:
 *
 * <pre>
 * 2026-11-23T10:00:00Z owner:AbCdEfGh hello everyone
 * 2026-11-23T10:00:05Z member:XyZ12345 (certified) hi
 * 2026-11-23T10:00:09Z member:QwErTy12 (unverified) yo
 * </pre>
 *
 * The time is the author's (signed); the key prefix names the author; the text ends the line (line
 * breaks in it are written {@code \n}). Rejected posts and unavailable relays are reported on
 * stderr.
 */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description =
        "Print new posts of a channel or group, verified and de-duplicated across its relays.")
final class ReadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CHANNEL", description = "Group link or local name.")
  String channel;

  @Option(names = "--follow", description = "Keep reading new posts as they arrive.")
  boolean follow;

  @Option(names = "--limit", paramLabel = "N", description = "Stop after N posts.")
  Long limit;

  @Option(
      names = "--ping-interval",
      paramLabel = "SECONDS",
      description = "With --follow: seconds between PINGs that keep connections open (60).",
      defaultValue = "60")
  int pingSeconds;

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw new CliException("--limit must be at least 1");
    }
    if (pingSeconds < 1) {
      throw new CliException("--ping-interval must be at least 1 second");
    }
    RelayCli root = Args.root(spec);
    var ctx = root.context();
    GroupState g = Args.group(ctx.home(), channel);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GroupReader.Options options =
        new GroupReader.Options(
            follow,
            limit == null ? OptionalLong.empty() : OptionalLong.of(limit),
            Duration.ofSeconds(pingSeconds));
    new GroupReader(ctx)
        .read(
            g,
            options,
            e -> {
              if (e instanceof ReadEvent.Shown s) {
                out.println(line(s));
                out.flush();
              } else if (e instanceof ReadEvent.Rejected r) {
                err.println(
                    "rejected post #"
                        + r.seq()
                        + " from relay "
                        + r.relay()
                        + ": "
                        + Errors.oneLine(r.reason()));
                err.flush();
              } else if (e instanceof ReadEvent.OutOfOrder o) {
                err.println(
                    "out of order: post "
                        + o.laterSeq()
                        + " of "
                        + OwnerClient.shortKey(o.post().author())
                        + " came from relay "
                        + o.laterRelay()
                        + " before post "
                        + o.seq()
                        + " (from relay "
                        + o.relay()
                        + "): a relay reordered or withheld posts");
                err.flush();
              } else if (e instanceof ReadEvent.RelayDown d) {
                err.println("relay " + d.relay() + " unavailable: " + Errors.oneLine(d.reason()));
                err.flush();
              }
            });
    return 0;
  }

  static String line(ReadEvent.Shown s) {
    Post p = s.post();
    String who =
        switch (s.authorship()) {
          case OWNER -> "owner:" + OwnerClient.shortKey(p.author());
          case CERTIFIED -> "member:" + OwnerClient.shortKey(p.author()) + " (certified)";
          case UNVERIFIED -> "member:" + OwnerClient.shortKey(p.author()) + " (unverified)";
        };
    return Instant.ofEpochMilli(p.sentAt()).truncatedTo(ChronoUnit.SECONDS)
        + " "
        + who
        + " "
        + escape(p.text());
  }

  /** Keeps one post on one line: line breaks and other control characters are escaped. */
  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
