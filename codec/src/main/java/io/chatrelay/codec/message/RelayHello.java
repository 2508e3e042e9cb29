package io.chatrelay.codec.message;

import io.chatrelay.codec.crypto.Ed25519KeyPair;
import io.chatrelay.codec.crypto.Ed25519PublicKey;
import io.chatrelay.codec.crypto.Hashes;
import io.chatrelay.codec.encoding.BinaryReader;
import io.chatrelay.codec.encoding.BinaryWriter;
import io.chatrelay.codec.encoding.Bytes;
import io.chatrelay.codec.encoding.DecodeException;
import io.chatrelay.codec.group.Signing;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * {@code RHELLO}: the relay's answer to {@link ClientHello}. {@code version(Word16)
 * certificate(Large, X.509 DER, <= 2 KiB) serverNonce(ByteString, 32) signature(ByteString, 64)}.
 *
 * <p>The relay's address carries {@code keyHash = SHA-256(certificate)}. The certificate holds the
 * relay's Ed25519 identity key, which signs {@code ctx(relay-hello/1) clientNonce serverNonce
 * version}: a client that checks {@link #verify} knows it talks to the relay its link names,
 * whether TLS ends at the relay or at a reverse proxy. Owners and members sign the server nonce in
 * their proofs, binding them to this connection.
 */
public record RelayHello(int version, Bytes certificate, Bytes serverNonce, Bytes signature)
    implements RelayMessage {
  public static final String TAG = "RHELLO";
  public static final int MAX_CERTIFICATE = 2048;

  public RelayHello {
    if (version < 1 || version > 0xFFFF) {
      throw DecodeException.invalid("version out of range: " + version);
    }
    Fields.required(certificate, "certificate");
    if (certificate.length() > MAX_CERTIFICATE) {
      throw DecodeException.overLimit("certificate exceeds 2 KiB");
    }
    Fields.exactly(serverNonce, Fields.NONCE, "server nonce");
    Fields.exactly(signature, Fields.SIGNATURE, "signature");
  }

  public static RelayHello sign(
      int version,
      byte[] certificate,
      Ed25519KeyPair identity,
      byte[] clientNonce,
      byte[] serverNonce) {
    byte[] msg = signedBytes(clientNonce, serverNonce, version);
    return new RelayHello(
        version, Bytes.of(certificate), Bytes.of(serverNonce), Bytes.of(identity.sign(msg)));
  }

  private static byte[] signedBytes(byte[] clientNonce, byte[] serverNonce, int version) {
    return Signing.start(Signing.RELAY_HELLO)
        .writeShortBytes(clientNonce)
        .writeShortBytes(serverNonce)
        .writeWord16(version)
        .toByteArray();
  }

  /**
   * Checks that the certificate hashes to {@code expectedKeyHash} (from the relay's link) and that
   * its key signed this session's nonces.
   *
   * @return the relay's identity key
   * @throws DecodeException with reason {@code BAD_KEY} if the hash, certificate or signature does
   *     not check out
   */
  public Ed25519PublicKey verify(byte[] expectedKeyHash, byte[] clientNonce) {
    byte[] der = certificate.toByteArray();
    if (!MessageDigest.isEqual(Hashes.sha256(der), expectedKeyHash)) {
      throw new DecodeException(
          DecodeException.Reason.BAD_KEY, "relay certificate does not match the key hash");
    }
    Ed25519PublicKey key = identityKey(der);
    if (!key.verify(
        signedBytes(clientNonce, serverNonce.toByteArray(), version), signature.toByteArray())) {
      throw new DecodeException(
          DecodeException.Reason.BAD_KEY, "relay hello signature does not verify");
    }
    return key;
  }

  /** The Ed25519 key of an X.509 certificate (DER). */
  public static Ed25519PublicKey identityKey(byte[] certificateDer) {
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(certificateDer));
      byte[] spki = cert.getPublicKey().getEncoded();
      // Ed25519 SubjectPublicKeyInfo: 12-byte header (OID 1.3.101.112), then the 32-byte key.
      byte[] header = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
      if (spki.length != 44 || !Arrays.equals(Arrays.copyOf(spki, 12), header)) {
        throw new DecodeException(
            DecodeException.Reason.BAD_KEY, "relay certificate key is not Ed25519");
      }
      return Ed25519PublicKey.of(Arrays.copyOfRange(spki, 12, 44));
    } catch (CertificateException | RuntimeException e) {
      if (e instanceof DecodeException d) {
        throw d;
      }
      throw new DecodeException(
          DecodeException.Reason.BAD_KEY, "invalid relay certificate: " + e.getMessage(), e);
    }
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public void encodeBody(BinaryWriter w) {
    w.writeWord16(version).writeLarge(certificate.toByteArray());
    serverNonce.writeShort(w);
    signature.writeShort(w);
  }

  static RelayHello read(BinaryReader r) {
    return new RelayHello(
        r.readWord16(),
        Bytes.of(r.readLarge(MAX_CERTIFICATE)),
        Fields.readExactly(r, Fields.NONCE, "server nonce"),
        Fields.readExactly(r, Fields.SIGNATURE, "signature"));
  }
}
