package io.chatrelay.store.join;

/** Where a join is in the queue. */
public enum JoinState {
  /**
   * Waiting to be admitted, possibly held by its group's state (address not validated, suspended).
   */
  PENDING("pending"),
  /** Done: the member is admitted. */
  ADMITTED("admitted"),
  /** Never to be admitted: its group was removed; see the park reason. */
  PARKED("parked");

  private final String sql;

  JoinState(String sql) {
    this.sql = sql;
  }

  public String sql() {
    return sql;
  }

  public static JoinState fromSql(String value) {
    for (JoinState s : values()) {
      if (s.sql.equals(value)) {
        return s;
      }
    }
    throw new IllegalStateException("unknown join status in the database: " + value);
  }
}
