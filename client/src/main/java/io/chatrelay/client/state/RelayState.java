package io.chatrelay.client.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a client remembers about one relay of one group: whether it joined there and the last
 * sequence number it read from that relay (each relay numbers the group's posts its own way, so
 * read positions are per relay).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public final class RelayState {
  private final String address;
  private boolean joined;
  private long lastSeq;

  @JsonCreator
  RelayState(
      @JsonProperty("address") String address,
      @JsonProperty("joined") boolean joined,
      @JsonProperty("lastSeq") long lastSeq) {
    this.address = address;
    this.joined = joined;
    this.lastSeq = lastSeq;
  }

  static RelayState of(String address) {
    return new RelayState(address, false, 0);
  }

  /** The per-group relay address link ({@code https://host/r#<addressId>/<relayKey>?…}). */
  public String address() {
    return address;
  }

  public boolean joined() {
    return joined;
  }

  public long lastSeq() {
    return lastSeq;
  }

  void markJoined() {
    joined = true;
  }

  /** Moves the read position forward (never back). */
  void advance(long seq) {
    lastSeq = Math.max(lastSeq, seq);
  }
}
