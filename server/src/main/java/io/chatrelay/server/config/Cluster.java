package io.chatrelay.server.config;

/**
 * How relay instances sharing one database tell each other about posts, admissions and changes.
 *
 * @param bus {@code none} (one instance), {@code postgres} (LISTEN/NOTIFY on the shared database)
 *     or {@code nats} (NATS core at {@code natsUrl})
 * @param natsUrl the NATS server, for {@code bus = nats}
 */
public record Cluster(String bus, String natsUrl) {
  public Cluster {
    if (!bus.equals("none") && !bus.equals("postgres") && !bus.equals("nats")) {
      throw new IllegalArgumentException("cluster.bus must be none, postgres or nats");
    }
  }

  public static Cluster single() {
    return new Cluster("none", "nats://127.0.0.1:4222");
  }
}
