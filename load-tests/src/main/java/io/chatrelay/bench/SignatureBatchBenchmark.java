package io.chatrelay.bench;

import io.chatrelay.codec.crypto.Ed25519Batch;
import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.crypto.SignatureCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ed25519 signatures checked per second, one by one (Bouncy Castle) against in batches ({@link
 * Ed25519Batch}): a channel's posts, all by one owner key ({@code keys = one}), and joins, each by
 * its own member key ({@code keys = each}). Each operation is one signature; the batch of {@code
 * size} is checked whole. The {@code parsed…} pair parses each key from its bytes first, as the
 * relay does for a join (its member key is new), so key validation is in the figure.
 *
 * <p>Run: {@code java -jar load-tests/target/relay-load.jar jmh SignatureBatchBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureBatchBenchmark {
  private static final int SIZE = 64;

  @Param({"one", "each"})
  public String keys;

  private List<SignatureCheck> checks;

  /** Each check's key as bytes, for the {@code parsed…} benchmarks. */
  private List<byte[]> keyBytes;

  @Setup
  public void setup() {
    Random random = new Random(1);
    List<Ed25519KeyPair> signers = new ArrayList<>();
    for (int i = 0; i < (keys.equals("one") ? 1 : SIZE); i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      signers.add(Ed25519KeyPair.fromSeed(seed));
    }
    checks = new ArrayList<>();
    keyBytes = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      Ed25519KeyPair k = signers.get(i % signers.size());
      byte[] m = new byte[330]; // about a post's signed bytes
      random.nextBytes(m);
      checks.add(new SignatureCheck(k.publicKey(), m, k.sign(m)));
      keyBytes.add(k.publicKey().bytes());
    }
  }

  @Benchmark
  @OperationsPerInvocation(SIZE)
  public boolean oneByOne() {
    boolean all = true;
    for (SignatureCheck c : checks) {
      all &= c.verifyAlone();
    }
    return all;
  }

  @Benchmark
  @OperationsPerInvocation(SIZE)
  public boolean batch64() {
    return Ed25519Batch.verify(checks);
  }

  @Benchmark
  @OperationsPerInvocation(16)
  public boolean batch16() {
    return Ed25519Batch.verify(checks.subList(0, 16));
  }

  @Benchmark
  @OperationsPerInvocation(4)
  public boolean batch4() {
    return Ed25519Batch.verify(checks.subList(0, 4));
  }

  @Benchmark
  @OperationsPerInvocation(SIZE)
  public boolean parsedOneByOne() {
    boolean all = true;
    for (int i = 0; i < SIZE; i++) {
      SignatureCheck c = checks.get(i);
      all &= Ed25519PublicKey.of(keyBytes.get(i)).verify(c.message(), c.signature());
    }
    return all;
  }

  @Benchmark
  @OperationsPerInvocation(SIZE)
  public boolean parsedBatch64() {
    List<SignatureCheck> parsed = new ArrayList<>(SIZE);
    for (int i = 0; i < SIZE; i++) {
      SignatureCheck c = checks.get(i);
      parsed.add(
          new SignatureCheck(Ed25519PublicKey.of(keyBytes.get(i)), c.message(), c.signature()));
    }
    return Ed25519Batch.verify(parsed);
  }
}
