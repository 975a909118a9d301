package org.openkiosk.app.diag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.store.PersonalDataCipher;
import org.openkiosk.app.sync.KioskCredential;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.sync.api.Json;

/**
 * A diagnostic bundle: one zip a technician takes away or sends in. It holds {@code versions.json},
 * {@code config.properties} (the configuration file with every secret value redacted), {@code devices.json} (the
 * {@link DeviceInventory}), {@code selftest.json}, {@code health.json} (the supervisor's view, when a kiosk runs),
 * {@code queue.json} and the last {@value #LOG_LINES} lines of each log file under {@code logs/}, every text passed
 * through a {@link Redactor} that knows the kiosk's own secrets (its centre token, PIN hash and store key). The key
 * and credential files themselves are never read into the bundle.
 */
public final class DiagBundle {
    public static final int LOG_LINES = 2000;

    /**
     * What goes in.
     *
     * @param configFile the configuration file as read (may not exist: then only the effective defaults are noted)
     * @param logFiles   the log files to take the tail of (missing ones are skipped)
     * @param health     the device supervisor's view; empty when no kiosk runs in this process
     */
    public record Contents(KioskConfig config, Path configFile, Map<String, String> versions,
                           DeviceInventory.Inventory devices, List<DeviceStatus> selftest, Object queue,
                           Map<String, ?> health, List<Path> logFiles) {
    }

    private DiagBundle() {
    }

    /** The log files of a kiosk: {@code $OPENKIOSK_LOG_DIR} (or /var/log/openkiosk) and {@code DATA/logs}. */
    public static List<Path> logFiles(KioskConfig config) {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("OPENKIOSK_LOG_DIR");
        dirs.add(Path.of(env != null && !env.isBlank() ? env : "/var/log/openkiosk"));
        dirs.add(config.kiosk().dataDir().resolve("logs"));
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.getFileName().toString().matches(".*\\.log(\\.\\d+)?") && Files.isRegularFile(p))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                // an unreadable log folder is noted in the bundle by its absence
            }
        }
        return files;
    }

    /** A redactor that knows this kiosk's secrets: its credential token, its PIN hash and its store key. */
    public static Redactor redactorFor(KioskConfig config) {
        Path data = config.kiosk().dataDir();
        List<String> secrets = new ArrayList<>();
        KioskCredential.load(data).ifPresent(c -> secrets.add(c.token()));
        config.technician().pinHash().ifPresent(secrets::add);
        Path key = data.resolve(PersonalDataCipher.KEY_FILE);
        if (Files.isReadable(key)) {
            try {
                byte[] bytes = Files.readAllBytes(key);
                secrets.add(Base64.getEncoder().encodeToString(bytes));
                secrets.add(HexFormat.of().formatHex(bytes));
                secrets.add(HexFormat.of().withUpperCase().formatHex(bytes));
            } catch (IOException e) {
                // the key cannot be read, so it cannot leak from here either
            }
        }
        return new Redactor(secrets);
    }

    /** Writes the bundle to {@code out} (through a temporary file, so a half-written bundle is never left). */
    public static void write(Path out, Contents c) throws IOException {
        Redactor r = redactorFor(c.config());
        ObjectMapper mapper = Json.mapper();
        ObjectWriter json = mapper.writerWithDefaultPrettyPrinter();
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".diag-", ".zip.tmp");
        try {
            try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(file)) {
                Map<String, Object> versions = new LinkedHashMap<>(c.versions());
                versions.put("createdAt", Instant.now().toString());
                versions.put("kioskId", c.config().kiosk().id());
                put(zip, "versions.json", r.text(json.writeValueAsString(versions)));
                put(zip, "config.properties", redactedConfig(c, r));
                put(zip, "devices.json", r.text(json.writeValueAsString(c.devices())));
                put(zip, "selftest.json", r.text(json.writeValueAsString(c.selftest())));
                put(zip, "health.json", r.text(json.writeValueAsString(c.health())));
                put(zip, "queue.json", r.text(json.writeValueAsString(c.queue())));
                StringBuilder index = new StringBuilder();
                for (Path log : c.logFiles()) {
                    Optional<List<String>> tail = tail(log);
                    if (tail.isEmpty()) {
                        index.append(log).append(": unreadable\n");
                        continue;
                    }
                    StringBuilder b = new StringBuilder();
                    tail.get().forEach(line -> b.append(r.text(line)).append('\n'));
                    put(zip, "logs/" + log.getFileName(), b.toString());
                    index.append(log).append(": last ").append(tail.get().size()).append(" lines\n");
                }
                put(zip, "logs/INDEX.txt", index.length() == 0 ? "no log files found\n" : index.toString());
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String redactedConfig(Contents c, Redactor r) throws IOException {
        StringBuilder b = new StringBuilder("# ").append(c.configFile()).append(", secrets redacted\n");
        if (c.configFile() == null || !Files.isReadable(c.configFile())) {
            return b.append("# (no configuration file: defaults)\n").toString();
        }
        for (String line : Files.readAllLines(c.configFile(), StandardCharsets.UTF_8)) {
            String t = line.strip();
            int eq = t.startsWith("#") || t.startsWith("!") ? -1 : indexOfSeparator(t);
            if (eq > 0) {
                String key = t.substring(0, eq).strip();
                b.append(key).append('=').append(r.value(key, t.substring(eq + 1).strip())).append('\n');
            } else {
                b.append(r.text(line)).append('\n');
            }
        }
        return b.toString();
    }

    private static int indexOfSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        return eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    }

    private static Optional<List<String>> tail(Path log) {
        try {
            return Optional.of(tail(log, LOG_LINES));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The last {@code lines} lines of {@code file}, read backwards in blocks from its end until enough lines are
     * in hand, so a log of any size costs only what is shown. Bytes that are not UTF-8 become U+FFFD.
     */
    static List<String> tail(Path file, int lines) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long end = f.length();
            long start = end;
            int newlines = 0;
            byte[] block = new byte[64 * 1024];
            while (start > 0 && newlines <= lines) {
                int n = (int) Math.min(block.length, start);
                start -= n;
                f.seek(start);
                f.readFully(block, 0, n);
                for (int i = 0; i < n; i++) {
                    if (block[i] == '\n') {
                        newlines++;
                    }
                }
            }
            byte[] bytes = new byte[(int) (end - start)];
            f.seek(start);
            f.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            if (start > 0 && !all.isEmpty()) {
                all = all.subList(1, all.size()); // the first line read may be cut
            }
            return new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
