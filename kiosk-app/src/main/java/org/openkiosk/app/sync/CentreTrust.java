package org.openkiosk.app.sync;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Whom the kiosk believes when it opens TLS to its centre: the CA certificates of {@code centre.ca-file} (a PEM
 * bundle; a government network's private CA) or else the system's trusted CAs, and, when the credential pinned one at
 * enrolment, only the centre key with that SPKI pin ({@code sha256/BASE64} of the certificate's
 * SubjectPublicKeyInfo), checked on every new connection after the usual chain and host name checks.
 *
 * @param caFile the PEM bundle; empty for the system's trusted CAs
 * @param pin    the pinned key; empty for none
 */
public record CentreTrust(Optional<Path> caFile, Optional<String> pin) {

    /** The system's CAs, no pin. */
    public static final CentreTrust SYSTEM = new CentreTrust(Optional.empty(), Optional.empty());

    /** The TLS certificate's key is not the one pinned at enrolment. */
    static final class PinMismatch extends CertificateException {
        PinMismatch(String message) {
            super(message);
        }
    }

    /** {@code sha256/BASE64} of a certificate's SubjectPublicKeyInfo. */
    public static String pinOf(Certificate certificate) {
        try {
            return "sha256/" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** An SSL context that trusts as described above. */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(caFile.isPresent() ? caStore(caFile.get()) : null);
            X509ExtendedTrustManager chain = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    chain = x;
                }
            }
            if (chain == null) {
                throw new IllegalStateException("this Java runtime has no X.509 trust manager");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {pin.isPresent() ? new Pinning(chain, pin.get()) : chain}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS to the centre: " + e.getMessage(), e);
        }
    }

    private static KeyStore caStore(Path file) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalStateException("centre.ca-file " + file + " holds no certificate");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read centre.ca-file " + file + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** The platform's checks first (chain, validity, host name), then the pin on the server's own certificate. */
    private static final class Pinning extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager chain;
        private final String pin;

        Pinning(X509ExtendedTrustManager chain, String pin) {
            this.chain = chain;
            this.pin = pin;
        }

        private void pinned(X509Certificate[] certificates) throws CertificateException {
            String seen = certificates == null || certificates.length == 0 ? "none" : pinOf(certificates[0]);
            if (!pin.equals(seen)) {
                throw new PinMismatch("the centre's TLS key (" + seen + ") is not the one pinned at enrolment ("
                        + pin + ")");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket)
                throws CertificateException {
            chain.checkServerTrusted(certificates, authType, socket);
            pinned(certificates);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
                throws CertificateException {
            chain.checkServerTrusted(certificates, authType, engine);
            pinned(certificates);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
            chain.checkServerTrusted(certificates, authType);
            pinned(certificates);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("the kiosk does not accept TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the kiosk does not accept TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
            throw new CertificateException("the kiosk does not accept TLS clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return chain.getAcceptedIssuers();
        }
    }
}
