package org.openkiosk.app.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the store key (the 32-byte key that wraps every application's data key and keys the ID-number index) lives.
 * {@code store.tpm} in {@code kiosk.properties} says:
 * <ul>
 *   <li>{@code auto} (default): sealed to the machine's TPM 2.0 when {@code /dev/tpmrm0} exists (and tpm2-tools are
 *       installed), else a plain file;
 *       a key already sealed is unsealed with the TPM it was sealed to (its TCTI is recorded beside the blob);</li>
 *   <li>{@code off}: the plain file {@code store.key} (owner read/write only) as before; {@code ./kiosk selftest}
 *       warns, since anyone who copies the data folder then has the key;</li>
 *   <li>a TCTI, e.g. {@code device:/dev/tpmrm0} or {@code swtpm:host=127.0.0.1,port=2321}: sealed to that TPM.</li>
 * </ul>
 * Sealing uses tpm2-tools: a primary key re-derived from the owner hierarchy's seed ({@code tpm2_createprimary}), the
 * key as a sealed data object under it ({@code tpm2_create -i -}, read from standard input), its public and private
 * blobs kept as {@code store.key.tpm.pub} / {@code store.key.tpm.priv}. The private blob is encrypted by the TPM's
 * seed: only that TPM can load it, so the data folder alone (database and blobs) decrypts nothing. Unsealing
 * ({@code tpm2_load} + {@code tpm2_unseal}) writes the key to a pipe, never to a file. An existing plain
 * {@code store.key} is sealed, checked by unsealing, then overwritten and deleted: the same key, so no data is lost.
 */
public final class StoreKeyVault {

    private static final Logger LOG = LoggerFactory.getLogger(StoreKeyVault.class);
    public static final String AUTO = "auto";
    public static final String OFF = "off";
    public static final String KEY_FILE = PersonalDataCipher.KEY_FILE;
    static final String SEALED_PUB = "store.key.tpm.pub";
    static final String SEALED_PRIV = "store.key.tpm.priv";
    static final String SEALED_INFO = "store.key.tpm";
    static final Path KERNEL_TPM = Path.of("/dev/tpmrm0");
    private static final long TOOL_SECONDS = 30;

    private StoreKeyVault() {
    }

    /** How the store key of a data folder is kept, for selftest. */
    public record Protection(boolean sealed, String tcti, String detail) {
    }

    /** Checks a {@code store.tpm} value; empty when fine, else what is wrong. */
    public static java.util.Optional<String> problem(String setting) {
        if (setting == null || setting.isBlank() || setting.equals(AUTO) || setting.equals(OFF)
                || setting.matches("(device|swtpm|mssim|tabrmd):[A-Za-z0-9_=,./:-]*")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("must be auto, off, or a TCTI such as device:/dev/tpmrm0 or "
                + "swtpm:host=127.0.0.1,port=2321, not '" + setting + "'");
    }

    /** How the key of {@code dataDir} is kept now (without unsealing), for {@code ./kiosk selftest}. */
    public static Protection protection(Path dataDir, String setting) {
        if (Files.exists(dataDir.resolve(SEALED_PRIV))) {
            String tcti = recordedTcti(dataDir);
            return new Protection(true, tcti, "store key sealed to the TPM at " + tcti);
        }
        String tcti = tctiFor(setting, dataDir);
        if (tcti != null) {
            return new Protection(false, tcti, "store key not sealed yet: it is sealed to the TPM at " + tcti
                    + " when the kiosk store next opens");
        }
        return new Protection(false, null, "store key kept in plain in " + dataDir.resolve(KEY_FILE)
                + (OFF.equals(setting) ? " (store.tpm=off)" : !Files.exists(KERNEL_TPM) ? " (no TPM 2.0: no "
                + KERNEL_TPM + ")" : " (tpm2-tools not installed)")
                + ": anyone who copies the data folder can decrypt the residents' data");
    }

    /**
     * The store key of {@code dataDir}: unsealed with the TPM, or read from (or created in) the plain file, sealing
     * and then removing the plain file when a TPM is to be used.
     *
     * @throws StoreException when the key is sealed but cannot be unsealed (another machine's TPM, no TPM, TPM fault)
     */
    static byte[] storeKey(Path dataDir, String setting) {
        Path plain = dataDir.resolve(KEY_FILE);
        boolean sealed = Files.exists(dataDir.resolve(SEALED_PRIV)) && Files.exists(dataDir.resolve(SEALED_PUB));
        String tcti = tctiFor(setting, dataDir);
        try {
            if (sealed) {
                if (tcti == null) {
                    throw new StoreException("the store key of " + dataDir + " is sealed to a TPM (" + SEALED_PRIV
                            + ") but store.tpm=" + setting + " names none: set store.tpm to the TPM it was sealed to", null);
                }
                byte[] key = unseal(dataDir, tcti);
                if (Files.exists(plain)) { // a migration cut short after sealing: finish it
                    destroyPlainKey(plain, key);
                }
                return key;
            }
            byte[] key = Files.exists(plain) ? readPlain(plain) : null;
            if (tcti == null) {
                if (key == null) {
                    key = createPlain(dataDir);
                }
                LOG.warn("The store key is kept in plain in {}: no TPM is used (store.tpm={})", plain, setting);
                return key;
            }
            if (key == null) {
                key = new byte[32];
                new SecureRandom().nextBytes(key);
            }
            seal(dataDir, tcti, key);
            if (!MessageDigest.isEqual(key, unseal(dataDir, tcti))) {
                throw new StoreException("the TPM at " + tcti + " gave back another key than the one sealed", null);
            }
            if (Files.exists(plain)) {
                destroyPlainKey(plain, key);
                LOG.info("Sealed the existing store key to the TPM at {} and removed the plain {}", tcti, plain);
            } else {
                LOG.info("Created a store key sealed to the TPM at {}", tcti);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the store key in " + dataDir, e);
        }
    }

    /** The TCTI to use, or null for the plain file. */
    private static String tctiFor(String setting, Path dataDir) {
        String s = setting == null || setting.isBlank() ? AUTO : setting.strip();
        if (s.equals(OFF)) {
            return null;
        }
        if (s.equals(AUTO)) {
            if (Files.exists(dataDir.resolve(SEALED_INFO))) {
                return recordedTcti(dataDir);
            }
            return Files.exists(KERNEL_TPM) && toolsInstalled() ? "device:" + KERNEL_TPM : null;
        }
        problem(s).ifPresent(p -> {
            throw new IllegalArgumentException("store.tpm " + p);
        });
        return s;
    }

    /** Whether tpm2-tools are on the PATH (without them {@code auto} keeps the plain file and selftest warns). */
    static boolean toolsInstalled() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(d -> !d.isBlank())
                .anyMatch(d -> Files.isExecutable(Path.of(d, "tpm2_unseal")));
    }

    private static String recordedTcti(Path dataDir) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve(SEALED_INFO))) {
            p.load(in);
        } catch (IOException e) {
            return "device:" + KERNEL_TPM;
        }
        return p.getProperty("tcti", "device:" + KERNEL_TPM);
    }

    private static byte[] readPlain(Path plain) throws IOException {
        byte[] key = Files.readAllBytes(plain);
        if (key.length != 32) {
            throw new StoreException("the store key " + plain + " is damaged (" + key.length + " bytes instead of 32)",
                    null);
        }
        return key;
    }

    /** Today's plain key file, created owner-only and atomically (another process racing us wins). */
    private static byte[] createPlain(Path dataDir) throws IOException {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Path file = dataDir.resolve(KEY_FILE);
        Path tmp = ownerOnlyFile(dataDir.resolve(KEY_FILE + ".new"), fresh);
        try {
            Files.createLink(file, tmp);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // theirs wins
        } finally {
            Files.deleteIfExists(tmp);
        }
        return readPlain(file);
    }

    private static Path ownerOnlyFile(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, content);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return file;
    }

    /** Overwrites the plain key file with zeros, then deletes it (only once the sealed key is known to be the same). */
    private static void destroyPlainKey(Path plain, byte[] key) throws IOException {
        if (!MessageDigest.isEqual(readPlain(plain), key)) {
            throw new StoreException("both a sealed store key and a different plain " + plain + " exist: refusing to "
                    + "guess which one the data was written with", null);
        }
        try (FileChannel channel = FileChannel.open(plain, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.allocate(32));
            channel.force(true);
        }
        Files.delete(plain);
    }

    // ---------------------------------------------------------------- tpm2-tools

    private static void seal(Path dataDir, String tcti, byte[] key) throws IOException {
        Path work = workDir();
        try {
            Path primary = work.resolve("primary.ctx");
            tool(tcti, null, "tpm2_createprimary", "-Q", "-C", "o", "-c", primary.toString());
            Path pub = work.resolve("sealed.pub");
            Path priv = work.resolve("sealed.priv");
            tool(tcti, key, "tpm2_create", "-Q", "-C", primary.toString(), "-i", "-", "-u", pub.toString(), "-r",
                    priv.toString());
            // blobs first, the record of the TPM last: a crash in between leaves the plain key in charge
            Files.move(pub, dataDir.resolve(SEALED_PUB), StandardCopyOption.REPLACE_EXISTING);
            Files.move(priv, dataDir.resolve(SEALED_PRIV), StandardCopyOption.REPLACE_EXISTING);
            byte[] info = ("# the TPM the store key is sealed to (store.tpm=auto uses it)\ntcti=" + tcti + "\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            Path tmp = ownerOnlyFile(dataDir.resolve(SEALED_INFO + ".new"), info);
            Files.move(tmp, dataDir.resolve(SEALED_INFO), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(work);
        }
    }

    private static byte[] unseal(Path dataDir, String tcti) throws IOException {
        Path work = workDir();
        try {
            Path primary = work.resolve("primary.ctx");
            Path sealed = work.resolve("sealed.ctx");
            tool(tcti, null, "tpm2_createprimary", "-Q", "-C", "o", "-c", primary.toString());
            tool(tcti, null, "tpm2_load", "-Q", "-C", primary.toString(), "-u", dataDir.resolve(SEALED_PUB).toString(),
                    "-r", dataDir.resolve(SEALED_PRIV).toString(), "-c", sealed.toString());
            byte[] key = tool(tcti, null, "tpm2_unseal", "-c", sealed.toString());
            if (key.length != 32) {
                throw new StoreException("the TPM at " + tcti + " unsealed " + key.length + " bytes instead of a 32-byte"
                        + " store key", null);
            }
            return key;
        } finally {
            deleteTree(work);
        }
    }

    /** Runs one tpm2-tools command against {@code tcti} (then flushes its transient objects); returns its stdout. */
    private static byte[] tool(String tcti, byte[] stdin, String... command) throws IOException {
        byte[] out = run(tcti, stdin, command);
        run(tcti, null, "tpm2_flushcontext", "-t"); // a TPM without a resource manager keeps them otherwise
        return out;
    }

    private static byte[] run(String tcti, byte[] stdin, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TPM2TOOLS_TCTI", tcti);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new StoreException("cannot run " + command[0] + " for the TPM at " + tcti
                    + " (install tpm2-tools): " + e.getMessage(), e);
        }
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process went away
            }
        });
        errReader.start();
        p.getInputStream().transferTo(out);
        try {
            if (!p.waitFor(TOOL_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new StoreException(command[0] + " did not finish within " + TOOL_SECONDS + " s (TPM at " + tcti
                        + ")", null);
            }
            errReader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new StoreException("interrupted while talking to the TPM", e);
        }
        if (p.exitValue() != 0) {
            String why = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("ERROR"))
                    .reduce((a, b) -> b).orElse(err.toString(StandardCharsets.UTF_8).strip());
            throw new StoreException("the TPM at " + tcti + " refused " + command[0] + " (exit " + p.exitValue() + "): "
                    + why + (command[0].equals("tpm2_load") ? " - the store key was sealed to another TPM?" : ""), null);
        }
        return out.toByteArray();
    }

    /** A private folder for the tools' context files (TPM-encrypted contexts, no secret in clear). */
    private static Path workDir() throws IOException {
        try {
            return Files.createTempDirectory("kiosk-tpm-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempDirectory("kiosk-tpm-");
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.getMessage());
        }
    }

    static void wipe(byte[] key) {
        Arrays.fill(key, (byte) 0);
    }
}
