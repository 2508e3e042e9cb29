package io.chatrelay.server.identity;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Hashes;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The relay's identity: an Ed25519 key pair and a self-signed certificate of it.
 *
 * <p>The certificate is the relay's TLS certificate when TLS ends at the relay, and is sent in the
 * protocol handshake in every mode; {@code keyHash = SHA-256(certificate DER)} is what the relay
 * address carries, so clients pin this relay by it. Generated once, on first start, and kept in the
 * store: a restart with the same data keeps the same address.
 */
public final class RelayKeys {
  private static final byte[] PKCS8_ED25519 =
      HexFormat.of().parseHex("302e020100300506032b657004220420");
  private static final byte[] SPKI_ED25519 = HexFormat.of().parseHex("302a300506032b6570032100");

  private final Ed25519KeyPair keyPair;
  private final byte[] certificate;
  private final byte[] keyHash;

  public RelayKeys(Ed25519KeyPair keyPair, byte[] certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate.clone();
    this.keyHash = Hashes.sha256(certificate);
  }

  /** A new identity with a fresh key and a self-signed certificate valid for 100 years. */
  public static RelayKeys generate(SecureRandom random) {
    Ed25519KeyPair kp = Ed25519KeyPair.generate(random);
    try {
      X500Name name = new X500Name("CN=chat relay");
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
      byte[] der =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial,
                  Date.from(now.minus(1, ChronoUnit.DAYS)),
                  Date.from(now.plus(36_500, ChronoUnit.DAYS)),
                  name,
                  publicKey(kp))
              .build(new JcaContentSignerBuilder("Ed25519").build(privateKey(kp)))
              .getEncoded();
      return new RelayKeys(kp, der);
    } catch (OperatorCreationException | CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the relay certificate", e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot encode the relay certificate", e);
    }
  }

  public Ed25519KeyPair keyPair() {
    return keyPair;
  }

  public byte[] certificate() {
    return certificate.clone();
  }

  /** SHA-256 of the certificate: the key hash in the relay address. */
  public byte[] keyHash() {
    return keyHash.clone();
  }

  /** The private key as JCA needs it for the TLS server. */
  public PrivateKey jcaPrivateKey() throws GeneralSecurityException {
    return privateKey(keyPair);
  }

  public X509Certificate jcaCertificate() throws GeneralSecurityException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(certificate));
  }

  private static PrivateKey privateKey(Ed25519KeyPair kp) throws GeneralSecurityException {
    byte[] der = concat(PKCS8_ED25519, kp.seed());
    return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  private static PublicKey publicKey(Ed25519KeyPair kp) throws GeneralSecurityException {
    byte[] der = concat(SPKI_ED25519, kp.publicKey().bytes());
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public String toString() {
    return "RelayKeys[" + keyPair.publicKey() + "]";
  }
}
