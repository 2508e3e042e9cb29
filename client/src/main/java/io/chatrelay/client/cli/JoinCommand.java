package io.chatrelay.client.cli;

import io.chatrelay.client.member.MemberClient;
import io.chatrelay.codec.link.GroupShortLink;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code relay-cli join LINK [--relays N]}: resolves and verifies the link data, then joins through
 * the group's relays with a fresh member key for this group.
 */
@Command(
    name = "join",
    mixinStandardHelpOptions = true,
    description =
        "Join a channel or group: fetch and verify its link data from the relays the link names,"
            + " then join through its relays with a fresh member key.")
final class JoinCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "LINK", description = "The channel or group link.")
  String link;

  @Option(names = "--relays", paramLabel = "N", description = "Join through at most N relays.")
  Integer relays;

  @Option(names = "--name", paramLabel = "NAME", description = "Local name (default: profile).")
  String name;

  @Override
  public Integer call() {
    GroupShortLink l = Args.groupLink(link);
    MemberClient.JoinResult r =
        new MemberClient(Args.root(spec).context())
            .join(
                l,
                relays == null ? OptionalInt.empty() : OptionalInt.of(relays),
                Optional.ofNullable(name));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Args.failures(err, "relay link data not used: ", r.linkFailures());
    Args.failures(err, "relay did not take the join: ", r.failures());
    if (!r.admitted().isEmpty()) {
      out.println(
          "joined "
              + r.group().kind()
              + " '"
              + r.group().name()
              + "' through "
              + String.join(", ", r.admitted()));
    }
    if (!r.queued().isEmpty()) {
      out.println(
          "join queued (not admitted yet) at "
              + String.join(", ", r.queued())
              + " for '"
              + r.group().name()
              + "'");
    }
    out.println("member key: " + Args.keyString(r.memberKey()));
    out.flush();
    return 0;
  }
}
