package org.openkiosk.app.sync;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * The kiosk's credential at its centre, from {@code ./kiosk enrol}: kept in
 * {@code centre-credential.properties} in the kiosk's data directory (outside the database file),
 * readable by the kiosk's user only.
 *
 * <p>The credential is the one source of where the kiosk's token and data go: {@code centre.url} in
 * {@code kiosk.properties} must name this same centre (see {@link CentreBinding}), and the centre's signing key and the
 * pin of its TLS key, both learned at enrolment, are what later answers are checked against.
 *
 * @param kioskId    the identity the centre enrolled this kiosk under
 * @param centreUrl  the centre it was enrolled at
 * @param token      the bearer token; never logged
 * @param signingKey the centre's Ed25519 public key (Base64 X.509) the catalogue and results are verified with; null
 *                   for a kiosk enrolled before centres signed (it must enrol again to receive them)
 * @param pin        {@code sha256/BASE64} of the SubjectPublicKeyInfo of the centre's TLS certificate seen at
 *                   enrolment, enforced on every later connection; null when not pinned (plain http on loopback, or
 *                   {@code ./kiosk enrol --no-pin})
 */
public record KioskCredential(String kioskId, String centreUrl, String token, String signingKey, String pin) {

    public static final String FILE_NAME = "centre-credential.properties";

    public KioskCredential(String kioskId, String centreUrl, String token) {
        this(kioskId, centreUrl, token, null, null);
    }

    /** The same credential without a TLS pin. */
    public KioskCredential withoutPin() {
        return new KioskCredential(kioskId, centreUrl, token, signingKey, null);
    }

    public KioskCredential {
        if (kioskId == null || kioskId.isBlank() || centreUrl == null || centreUrl.isBlank() || token == null
                || token.isBlank()) {
            throw new IllegalArgumentException("a credential needs a kiosk id, a centre URL and a token");
        }
    }

    /** The credential stored in {@code dataDir}, if the kiosk was enrolled. */
    public static Optional<KioskCredential> load(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kiosk credential " + file, e);
        }
        try {
            return Optional.of(new KioskCredential(p.getProperty("kiosk.id"), p.getProperty("centre.url"),
                    p.getProperty("token"), blankToNull(p.getProperty("centre.signing-key")),
                    blankToNull(p.getProperty("centre.pin"))));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the kiosk credential " + file + " is incomplete: enrol the kiosk again");
        }
    }

    /** Writes the credential to {@code dataDir} (owner read/write only), replacing any earlier one atomically. */
    public void save(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Properties p = new Properties();
            p.setProperty("kiosk.id", kioskId);
            p.setProperty("centre.url", centreUrl);
            p.setProperty("token", token);
            if (signingKey != null) {
                p.setProperty("centre.signing-key", signingKey);
            }
            if (pin != null) {
                p.setProperty("centre.pin", pin);
            }
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, "OpenKiosk credential at the service centre: keep secret");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kiosk credential " + file, e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "KioskCredential[kioskId=" + kioskId + ", centreUrl=" + centreUrl + ", token=***, signingKey="
                + signingKey + ", pin=" + pin + "]";
    }
}
