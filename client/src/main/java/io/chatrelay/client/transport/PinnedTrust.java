package io.chatrelay.client.transport;

import io.chatrelay.codec.crypto.Hashes;
import java.net.Socket;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a relay's TLS certificate if it is the one the relay address pins ({@code SHA-256(cert) ==
 * keyHash}) — a self-signed identity certificate, for which host names are irrelevant — and
 * otherwise only if the platform's CAs trust it for the host connected to (a relay behind a reverse
 * proxy with a CA certificate). Either way the protocol handshake then proves the relay's identity
 * key.
 *
 * <p>An {@link X509ExtendedTrustManager} receives the engine, so the host name check of the CA path
 * is the platform's own ({@code HTTPS} endpoint identification).
 */
final class PinnedTrust extends X509ExtendedTrustManager {
  private final byte[] keyHash;
  private final X509ExtendedTrustManager platform;

  PinnedTrust(byte[] keyHash) {
    this.keyHash = keyHash.clone();
    this.platform = platformTrustManager();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    if (!pinned(chain)) {
      platform.checkServerTrusted(chain, authType, engine);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    if (!pinned(chain)) {
      platform.checkServerTrusted(chain, authType, socket);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (!pinned(chain)) {
      platform.checkServerTrusted(chain, authType);
    }
  }

  private boolean pinned(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("relay sent no certificate");
    }
    try {
      return MessageDigest.isEqual(Hashes.sha256(chain[0].getEncoded()), keyHash);
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("client certificates are not used");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("client certificates are not used");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("client certificates are not used");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return platform.getAcceptedIssuers();
  }

  private static X509ExtendedTrustManager platformTrustManager() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("no platform X509ExtendedTrustManager");
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the platform trust store", e);
    }
  }
}
