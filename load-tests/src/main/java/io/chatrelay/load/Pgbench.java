package io.chatrelay.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The durable-write yardstick: pgbench running single-row INSERTs, one transaction each, on the
 * PostgreSQL server the relay stores in, in the same run.
 */
final class Pgbench {
  private Pgbench() {}

  static Map<String, Object> run(RelayUnderTest.PgTarget db, int clients, int seconds) {
    try {
      Path script = Files.createTempFile("relay-pgbench-", ".sql");
      Files.writeString(
          script,
          "\\set k random(1, 1000000000)\n" + "INSERT INTO bench_single_insert (v) VALUES (:k);\n");
      String[] conn = {
        "-h", db.host(), "-p", Integer.toString(db.port()), "-U", db.user(), db.database()
      };
      RelayUnderTest.run(
          concat(
              new String[] {
                "psql",
                "-q",
                "-c",
                "DROP TABLE IF EXISTS bench_single_insert;"
                    + " CREATE TABLE bench_single_insert (id bigserial PRIMARY KEY, v bigint)"
              },
              conn));
      String output =
          RelayUnderTest.run(
              concat(
                  new String[] {
                    "pgbench",
                    "-n",
                    "-c",
                    Integer.toString(clients),
                    "-j",
                    "2",
                    "-T",
                    Integer.toString(seconds),
                    "-f",
                    script.toString()
                  },
                  conn));
      RelayUnderTest.run(
          concat(new String[] {"psql", "-q", "-c", "DROP TABLE bench_single_insert"}, conn));
      Files.deleteIfExists(script);
      Matcher m = Pattern.compile("tps = ([0-9.]+) \\(without initial").matcher(output);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("clients", clients);
      out.put("seconds", seconds);
      out.put("tps", m.find() ? Math.round(Double.parseDouble(m.group(1))) : -1);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
