package io.chatrelay.store.group;

/** Whether only owners post ({@link #CHANNEL}) or members post too ({@link #GROUP}). */
public enum GroupType {
  CHANNEL("channel"),
  GROUP("group");

  private final String sql;

  GroupType(String sql) {
    this.sql = sql;
  }

  /** The value stored in {@code relay_groups.group_type}. */
  public String sql() {
    return sql;
  }

  public static GroupType fromSql(String value) {
    for (GroupType t : values()) {
      if (t.sql.equals(value)) {
        return t;
      }
    }
    throw new IllegalStateException("unknown group type in the database: " + value);
  }
}
