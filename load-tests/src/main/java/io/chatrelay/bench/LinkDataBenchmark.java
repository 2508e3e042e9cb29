package io.chatrelay.bench;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.group.FixedLinkData;
import io.chatrelay.codec.group.GroupLinkData;
import io.chatrelay.codec.group.GroupProfile;
import io.chatrelay.codec.group.GroupType;
import io.chatrelay.codec.group.MutableLinkData;
import io.chatrelay.codec.group.OwnerAuth;
import io.chatrelay.codec.group.RelayEntry;
import io.chatrelay.codec.group.SignedLinkData;
import io.chatrelay.codec.link.SmpServer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing and verifying signed group link data, as a member does on every link it opens and a relay
 * on every "profile updated", against the floor set by Ed25519 verification alone.
 *
 * <p>Run: {@code java -jar load-tests/target/relay-load.jar LinkDataBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LinkDataBenchmark {

  /** {@code root}: root-signed, no owners (1 signature); {@code owner}: 1 owner signs (2). */
  @Param({"root", "owner"})
  public String signer;

  private byte[] linkKey;
  private byte[] fixedBytes;
  private byte[] signedBytes;
  private byte[] message;
  private byte[] signature;
  private byte[] rawKey;
  private Ed25519PublicKey key;

  @Setup
  public void setup() {
    Random random = new Random(1);
    Ed25519KeyPair root = keyPair(random);
    Ed25519KeyPair owner = keyPair(random);
    FixedLinkData fixed = FixedLinkData.create(GroupType.CHANNEL, root.publicKey());
    List<OwnerAuth> owners =
        signer.equals("owner")
            ? List.of(OwnerAuth.create(fixed.groupId(), new byte[8], owner.publicKey(), 0, root))
            : List.of();
    List<RelayEntry> relays =
        List.of(
            relay(random, "relay1.example.org"),
            relay(random, "relay2.example.org"),
            relay(random, "relay3.example.org"));
    byte[] profile =
        new GroupProfile("Benchmark channel", "A channel with a short description, ~100 bytes.")
            .toJson();
    MutableLinkData data = new MutableLinkData(42, owners, profile, relays);
    SignedLinkData signed = SignedLinkData.sign(fixed, data, signer.equals("owner") ? owner : root);
    linkKey = fixed.linkKey();
    fixedBytes = fixed.encode();
    signedBytes = signed.encode();

    message = data.encode();
    signature = root.sign(message);
    rawKey = root.publicKey().bytes();
    key = root.publicKey();
  }

  private static Ed25519KeyPair keyPair(Random random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return Ed25519KeyPair.fromSeed(seed);
  }

  private static RelayEntry relay(Random random, String host) {
    byte[] hash = new byte[32];
    byte[] address = new byte[24];
    random.nextBytes(hash);
    random.nextBytes(address);
    return new RelayEntry(
        SmpServer.of(List.of(host), 443, hash), address, keyPair(random).publicKey());
  }

  /** Decode fixed and signed data, check the hash, the owner chain and the signature. */
  @Benchmark
  public GroupLinkData parseAndVerify() {
    return GroupLinkData.verify(linkKey, fixedBytes, signedBytes);
  }

  /** Floor: one Ed25519 verification with an already decoded key, same message size. */
  @Benchmark
  public boolean ed25519Verify() {
    return key.verify(message, signature);
  }

  /** One Ed25519 verification including decoding and fully validating the public key. */
  @Benchmark
  public boolean ed25519DecodeKeyAndVerify() {
    return Ed25519PublicKey.of(rawKey).verify(message, signature);
  }
}
