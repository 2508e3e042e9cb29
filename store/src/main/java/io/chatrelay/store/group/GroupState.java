package io.chatrelay.store.group;

/**
 * A group's state at this relay.
 *
 * <ul>
 *   <li>{@link #PENDING}: registered, relay address not yet validated; joins are held;
 *   <li>{@link #ACTIVE}: validated; joins are processed;
 *   <li>{@link #SUSPENDED}: an owner suspended joins; joins are held until resumed;
 *   <li>{@link #REMOVED}: final; pending joins are parked and no state change is accepted.
 * </ul>
 */
public enum GroupState {
  PENDING("pending"),
  ACTIVE("active"),
  SUSPENDED("suspended"),
  REMOVED("removed");

  private final String sql;

  GroupState(String sql) {
    this.sql = sql;
  }

  /** The value stored in {@code relay_groups.state}. */
  public String sql() {
    return sql;
  }

  public static GroupState fromSql(String value) {
    for (GroupState s : values()) {
      if (s.sql.equals(value)) {
        return s;
      }
    }
    throw new IllegalStateException("unknown group state in the database: " + value);
  }
}
