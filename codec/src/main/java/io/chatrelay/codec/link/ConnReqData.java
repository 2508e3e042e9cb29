package io.chatrelay.codec.link;

import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.version.VersionRange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The part common to both kinds of full connection request (simplexmq {@code ConnReqUriData}): the
 * agent version range, one or more queues, and optional client data (application text, usually
 * JSON).
 *
 * <p>Invariants: 1–{@value #MAX_QUEUES} queues; client data at most 65535 UTF-8 bytes.
 *
 * @param agentVersions SMP agent version range
 * @param queues the queues to connect through
 * @param clientData application data, printed as the {@code data} parameter
 */
public record ConnReqData(
    VersionRange agentVersions, List<SmpQueueUri> queues, Optional<String> clientData) {

  /** Most queues in one connection request. */
  public static final int MAX_QUEUES = 16;

  /**
   * @throws DecodeException MISSING_FIELD for no queue, OVER_LIMIT for too many queues or too much
   *     client data
   */
  public ConnReqData {
    Objects.requireNonNull(agentVersions, "agentVersions");
    Objects.requireNonNull(queues, "queues");
    Objects.requireNonNull(clientData, "clientData");
    if (queues.isEmpty()) {
      throw DecodeException.missing("connection request has no queue");
    }
    if (queues.size() > MAX_QUEUES) {
      throw DecodeException.overLimit(
          "connection request has " + queues.size() + " queues, at most " + MAX_QUEUES);
    }
    queues = List.copyOf(queues);
    clientData.ifPresent(
        d -> {
          int n = d.getBytes(StandardCharsets.UTF_8).length;
          if (n > 0xFFFF) {
            throw DecodeException.overLimit("client data of " + n + " bytes exceeds 65535");
          }
        });
  }

  /**
   * Binary form ({@code smpEncode (crAgentVRange, crSmpQueues, Large <$> crClientData)}): version
   * range, counted non-empty list of queues, Maybe of the client data as a Word16-length string.
   */
  public void encode(BinaryWriter w) {
    agentVersions.encode(w);
    w.writeNonEmpty(queues, SmpQueueUri::encode);
    w.writeMaybe(clientData, (d, ww) -> ww.writeLarge(d.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Reads the binary form. Like SimpleX, a queue decoded without a mode gets the contact mode (the
   * binary form of old version ranges does not carry it).
   *
   * @throws DecodeException TRUNCATED, OVER_LIMIT, INVALID_VALUE or BAD_KEY
   */
  public static ConnReqData decode(BinaryReader r) {
    VersionRange vr = VersionRange.decode(r);
    List<SmpQueueUri> queues =
        r.readNonEmpty(
            rr -> {
              SmpQueueUri q = SmpQueueUri.decode(rr);
              return q.queueMode().isPresent()
                  ? q
                  : new SmpQueueUri(
                      q.clientVersions(),
                      q.server(),
                      q.senderId(),
                      q.dhKey(),
                      Optional.of(QueueMode.CONTACT));
            },
            MAX_QUEUES);
    Optional<String> data = r.readMaybe(rr -> new String(rr.readLarge(), StandardCharsets.UTF_8));
    return new ConnReqData(vr, queues, data);
  }
}
