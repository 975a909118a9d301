package org.openkiosk.app.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private certificate authority made for one test run with the JDK's {@code keytool} (nothing committed, nothing
 * that expires in the repository): a CA certificate as PEM, and server key stores (PKCS12) whose certificates it
 * signs for 127.0.0.1 and localhost.
 */
final class TestPki {
    static final String PASSWORD = "test-pki-password";

    private final Path dir;
    private final String name;

    private TestPki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** A new CA called {@code name}, its files under {@code dir}. */
    static TestPki create(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir, name);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "bc:c", "-validity", "3",
                "-keystore", pki.caStore().toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", pki.caStore().toString(), "-storepass", PASSWORD,
                "-file", pki.caPem().toString());
        return pki;
    }

    /** The CA certificate as PEM: what {@code centre.ca-file} names. */
    Path caPem() {
        return dir.resolve(name + "-ca.pem");
    }

    private Path caStore() {
        return dir.resolve(name + "-ca.p12");
    }

    /** A new server key with a certificate from this CA for 127.0.0.1 and localhost, in a PKCS12 key store. */
    Path serverKeyStore(String serverName) throws Exception {
        Path store = dir.resolve(name + "-" + serverName + ".p12");
        Path csr = dir.resolve(name + "-" + serverName + ".csr");
        Path cert = dir.resolve(name + "-" + serverName + ".pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + serverName, "-validity", "3",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", caStore().toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", cert.toString(), "-rfc", "-validity", "3",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth");
        keytool("-importcert", "-alias", "ca", "-file", caPem().toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD, "-noprompt");
        keytool("-importcert", "-alias", "server", "-file", cert.toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD, "-noprompt");
        return store;
    }

    /** {@code sha256/BASE64} of the server certificate's SubjectPublicKeyInfo in {@code keyStore}. */
    static String spkiPin(Path keyStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate("server");
        return "sha256/" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
