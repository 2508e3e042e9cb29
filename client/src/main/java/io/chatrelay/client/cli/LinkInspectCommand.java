package io.chatrelay.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.link.Link;
import io.chatrelay.codec.link.Links;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code relay-cli link inspect LINK}: decodes a queue URI, full connection request or short link
 * and prints one JSON object on stdout (see {@link LinkJson} for its fields).
 *
 * <p>Exit codes: 0 for a valid link; 2 for an invalid one, with exactly one line on stderr: the
 * decoder's message, no stack trace.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Decode a link and print its fields as one JSON object.")
public final class LinkInspectCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "LINK",
      description = "smp://…, simplex:/…, or https://host/… link")
  String link;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Link parsed;
    try {
      parsed = Links.parse(link);
    } catch (DecodeException e) {
      err.println("invalid link (" + e.reason() + "): " + oneLine(e.getMessage()));
      err.flush();
      return LinkCommand.EXIT_INVALID_LINK;
    }
    out.println(JSON.writeValueAsString(LinkJson.of(parsed)));
    out.flush();
    return 0;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
