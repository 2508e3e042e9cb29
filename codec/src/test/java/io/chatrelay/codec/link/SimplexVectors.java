package io.chatrelay.codec.link;

import io.chatrelay.codec.crypto.DhAlgorithm;
import io.chatrelay.codec.crypto.DhPublicKey;
import io.chatrelay.codec.version.VersionRange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The values of simplexmq {@code tests/AgentTests/ConnectionRequestTests.hs}, built by hand from
 * the Haskell definitions. Public so that tests of other packages (link data) reuse them.
 */
public final class SimplexVectors {
  private SimplexVectors() {}

  public static final String ONION =
      "jjbyvoemxysm7qxap7m5d5m35jzv5qq6gnlv7s4rsn7tdwwmuqciwpid.onion";

  /** {@code C.KeyHash "\215m\248\251"}. */
  public static final byte[] KEY_HASH = {(byte) 215, 'm', (byte) 248, (byte) 251};

  /** {@code EntityId "\223\142z\251"}. */
  public static final byte[] SENDER_ID = {(byte) 223, (byte) 142, 'z', (byte) 251};

  /** srv: both hosts, port 5223. */
  public static final SmpServer SRV =
      SmpServer.of(List.of("smp.simplex.im", ONION), 5223, KEY_HASH);

  /** srv1: public host only. */
  public static final SmpServer SRV1 = SmpServer.of(List.of("smp.simplex.im"), 5223, KEY_HASH);

  /** shortSrv: public host, no port, empty key hash. */
  public static final SmpServer SHORT_SRV =
      new SmpServer(List.of("smp.simplex.im"), OptionalInt.empty(), new byte[0]);

  public static SmpServer noPort(SmpServer s) {
    return new SmpServer(s.hosts(), OptionalInt.empty(), s.keyHash());
  }

  /** testDhKey, written in the Haskell source in standard base64. */
  public static final DhPublicKey DH_KEY =
      new DhPublicKey(
          DhAlgorithm.X25519,
          Base64.getDecoder()
              .decode("MCowBQYDK2VuAyEAjiswwI3O/NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o="));

  /** testDhKeyStr = strEncode testDhKey. */
  public static final String DH_KEY_STR =
      "MCowBQYDK2VuAyEAjiswwI3O_NlS8Fk3HJUW870EY2bAwmttMBsvRB9eV3o=";

  /** testDhPubKey (X448). */
  public static final DhPublicKey X448_KEY =
      new DhPublicKey(
          DhAlgorithm.X448,
          Base64.getDecoder()
              .decode(
                  "MEIwBQYDK2VvAzkAmKuSYeQ/m0SixPDS8Wq8VBaTS1cW+Lp0n0h4Diu+kUpR+qXx4SDJ32YGEFoGFGSbGPry5Ychr6U="));

  /** supportedSMPClientVRange. */
  public static final VersionRange SMP_CLIENT = new VersionRange(1, 4);

  /** supportedSMPAgentVRange. */
  public static final VersionRange AGENT = new VersionRange(2, 7);

  public static SmpQueueUri queue(VersionRange vr, SmpServer srv, Optional<QueueMode> mode) {
    return new SmpQueueUri(vr, srv, SENDER_ID, DH_KEY, mode);
  }

  public static final Optional<QueueMode> M = Optional.of(QueueMode.MESSAGING);

  public static final SmpQueueUri QUEUE = queue(SMP_CLIENT, SRV, M);
  public static final SmpQueueUri QUEUE_NO_QM = queue(SMP_CLIENT, SRV, Optional.empty());
  public static final SmpQueueUri QUEUE_CONTACT =
      queue(SMP_CLIENT, SRV, Optional.of(QueueMode.CONTACT));
  public static final SmpQueueUri QUEUE_1 = queue(SMP_CLIENT, SRV1, M);
  public static final SmpQueueUri QUEUE_V1 = queue(VersionRange.of(1), SRV, Optional.empty());
  public static final SmpQueueUri QUEUE_V1_NO_PORT =
      queue(VersionRange.of(1), noPort(SRV), Optional.empty());
  public static final SmpQueueUri QUEUE_NEW = queue(new VersionRange(2, 4), SRV, M);
  public static final SmpQueueUri QUEUE_NEW_NO_PORT = queue(new VersionRange(2, 4), noPort(SRV), M);
  public static final SmpQueueUri QUEUE_NEW_1 = queue(new VersionRange(2, 4), SRV1, M);
  public static final SmpQueueUri QUEUE_NEW_1_NO_PORT =
      queue(new VersionRange(2, 4), noPort(SRV1), M);

  /** testE2ERatchetParams: version 1, testDhPubKey twice, no KEM. */
  public static final E2eRatchetParams E2E =
      new E2eRatchetParams(VersionRange.of(1), X448_KEY, X448_KEY, Optional.empty());

  public static ConnReqData data(List<SmpQueueUri> queues) {
    return new ConnReqData(AGENT, queues, Optional.empty());
  }

  /** contactConnRequest = CRContactUri connReqData. */
  public static final ContactRequest CONTACT_CONN_REQUEST =
      new ContactRequest(data(List.of(QUEUE)));

  /** invConnRequest = CRInvitationUri connReqData testE2ERatchetParams. */
  public static final InvitationRequest INV_CONN_REQUEST =
      new InvitationRequest(data(List.of(QUEUE)), E2E);

  public static final byte[] LINK_KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  public static final byte[] LINK_ID =
      "0123456789abcdef01234567".getBytes(StandardCharsets.US_ASCII);
}
