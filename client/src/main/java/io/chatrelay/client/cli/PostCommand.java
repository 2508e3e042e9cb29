package io.chatrelay.client.cli;

import io.chatrelay.client.group.ClientContext;
import io.chatrelay.client.group.GroupPoster;
import io.chatrelay.client.state.GroupState;
import io.chatrelay.codec.encoding.Base64Url;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code relay-cli post CHANNEL TEXT}: signs a post (owner key; in a group, the member key of a
 * member) and sends it to every relay. Succeeds when at least one relay stored it; names the relays
 * that did not on stderr.
 */
@Command(
    name = "post",
    mixinStandardHelpOptions = true,
    description =
        "Post to a channel (owners) or group (owners and members), through all its relays.")
final class PostCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CHANNEL", description = "Group link or local name.")
  String channel;

  @Parameters(index = "1", paramLabel = "TEXT")
  String text;

  @Override
  public Integer call() {
    ClientContext ctx = Args.root(spec).context();
    GroupState g = Args.group(ctx.home(), channel);
    GroupPoster.Posted p = new GroupPoster(ctx).post(g, text);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Args.failures(err, "relay did not accept the post: ", p.result().failures());
    int total = p.result().acceptedBy().size() + p.result().failures().size();
    out.println(
        "posted "
            + Base64Url.encodeUnpadded(p.result().post().postId()).substring(0, 8)
            + " as "
            + p.role()
            + " (#"
            + p.result().post().authorSeq()
            + ") to "
            + p.result().acceptedBy().size()
            + " of "
            + total
            + " relays: "
            + String.join(", ", p.result().acceptedBy()));
    out.flush();
    return 0;
  }
}
