package io.chatrelay.codec.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every complete link in a code block of docs/protocol.md parses, and prints back unchanged: the
 * document's examples cannot drift from the code.
 */
class ProtocolDocExamplesTest {

  static List<String> exampleLinks() throws IOException {
    Path doc = Path.of("..", "docs", "protocol.md");
    List<String> links = new ArrayList<>();
    boolean inBlock = false;
    for (String line : Files.readAllLines(doc)) {
      if (line.startsWith("```")) {
        inBlock = !inBlock;
        continue;
      }
      boolean isLink =
          line.startsWith("smp://") || line.startsWith("simplex:") || line.startsWith("https://");
      if (inBlock && isLink && !line.contains("…") && !line.contains("<")) {
        links.add(line.strip());
      }
    }
    return links;
  }

  @Test
  void docExamplesParseAndPrintUnchanged() throws IOException {
    List<String> links = exampleLinks();
    assertThat(links).hasSizeGreaterThanOrEqualTo(7);
    for (String s : links) {
      assertThat(Links.parse(s).print()).as(s).isEqualTo(s);
    }
  }
}
