package org.openkiosk.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code kiosk.properties} read once into validated records, one key prefix per part. A port of
 * {@code sim} (or a centre of {@code embedded}) means the simulated device (or the in-process centre).
 */
public record KioskConfig(Kiosk kiosk, Ui ui, Centre centre, SerialDevice idcard, Printer printer,
                          Camera camera, Optional<Path> catalogueDir, Technician technician, Sync sync, Store store,
                          Help help, SsCard sscard) {

    /**
     * The social security card reader (PC/SC), which identifies residents where the catalogue allows it.
     *
     * @param reader empty: none; {@code any}: whichever PC/SC reader holds a card; otherwise the reader's name (or a
     *               unique part of it)
     */
    public record SsCard(String reader) {
        public static final SsCard NONE = new SsCard("");

        public boolean enabled() {
            return !reader.isEmpty();
        }

        /** The reader's name to look for; empty for any reader. */
        public Optional<String> readerName() {
            return enabled() && !"any".equals(reader) ? Optional.of(reader) : Optional.empty();
        }
    }

    public static final String SIM = "sim";

    public record Kiosk(String id, Path dataDir) {
    }

    /**
     * {@code store.tpm}: where the store key is kept ({@code auto}, {@code off} or a TCTI; see
     * {@link org.openkiosk.app.store.StoreKeyVault}).
     */
    /**
     * Remote help (远程帮办): the service hotline shown when the centre cannot be reached, and the kiosk's place as the
     * help desk sees it (empty: the kiosk id alone).
     */
    public record Help(String hotline, String place) {
    }

    public record Store(String tpm) {
    }

    public record Ui(Locale locale, boolean elderly, boolean fullscreen, Duration idleTimeout) {
    }

    /**
     * @param url    {@code embedded}, or the centre this kiosk is enrolled at (it must be the URL in the kiosk's
     *               credential from {@code ./kiosk enrol}; a different one sends nothing until the kiosk is enrolled
     *               there); {@code http://} only on loopback (see {@link CentreUrl})
     * @param caFile {@code centre.ca-file}: a PEM bundle of the CA certificates the centre's TLS certificate must come
     *               from (a government network's private CA); empty for the system's trusted CAs
     */
    public record Centre(boolean embedded, String url, Optional<Path> caFile) {
        public Centre(boolean embedded, String url) {
            this(embedded, url, Optional.empty());
        }
    }

    /**
     * @param interval  how often queued applications are sent and changes pulled (a new application is sent at once)
     * @param heartbeat how often the kiosk reports its health to the centre at most; a device or paper
     *                  change is reported at the next round whatever this says
     * @param retention how long residents' personal data stays on the kiosk after the centre confirmed receipt
     */
    public record Sync(Duration interval, Duration heartbeat, Duration retention) {
    }

    public record SerialDevice(String port, int baud, Duration timeout) {
        public boolean simulated() {
            return SIM.equals(port);
        }
    }

    /**
     * The receipt printer ({@code port}: a serial port, {@code /dev/usb/lp0} or {@code file:PATH}, {@code tcp://HOST[:PORT]},
     * or {@code sim}) and the CUPS queue of the A4 document printer, if the kiosk has one.
     */
    public record Printer(String port, int baud, Duration timeout, Optional<String> documentQueue) {
        public boolean simulated() {
            return SIM.equals(port);
        }
    }

    /**
     * @param ocr the OCR engine that reads field-bearing papers in the trip ({@code auto}, {@code paddle},
     *            {@code tesseract}), or {@code off} to leave every field for typing (saves ~600 MB on a small PC)
     */
    public record Camera(String source, Optional<Path> simDir, String ocr) {
        public boolean simulated() {
            return SIM.equals(source);
        }

        public boolean readsPapers() {
            return !OCR_OFF.equals(ocr);
        }
    }

    /** {@code camera.ocr} value that turns reading papers off. */
    public static final String OCR_OFF = "off";

    /**
     * Technician mode: {@code technician.pin-hash} is the PIN as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (set it
     * with {@code ./kiosk technician set-pin}); empty when no PIN was set, and then technician mode stays closed.
     */
    public record Technician(Optional<String> pinHash) {
        @Override
        public String toString() {
            return "Technician[pinHash=" + (pinHash.isPresent() ? "<set>" : "<none>") + "]"; // never the hash itself
        }
    }

    /** Every key {@code kiosk.properties} may hold, in the order {@code ./kiosk config show} lists them. */
    public static final List<String> KEYS = List.of("kiosk.id", "kiosk.data", "centre.url", "centre.ca-file", "idcard.port", "idcard.baud",
            "idcard.timeout-seconds", "printer.port", "printer.baud", "printer.document-queue", "camera.source",
            "camera.sim-dir", "camera.ocr", "catalogue.dir", "ui.locale", "ui.elderly", "ui.fullscreen", "ui.idle-seconds",
            "sync.interval-seconds", "sync.heartbeat-seconds", "sync.retention-days", "technician.pin-hash", "store.tpm",
            "help.hotline", "help.place", "sscard.reader");
    private static final Set<String> KNOWN = Set.copyOf(KEYS);
    /** The key prefixes of the file ({@code kiosk.}, {@code sync.}, ...), taken from {@link #KEYS} so they cannot drift. */
    private static final Set<String> PREFIXES = KEYS.stream().map(k -> k.substring(0, k.indexOf('.') + 1))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** System properties in a configuration prefix that are the launcher's, not configuration keys. */
    private static final Set<String> LAUNCHER_PROPERTIES = Set.of(KioskHome.PROPERTY, "kiosk.config");

    /**
     * Whether {@code key} belongs to the configuration's name space (a known key or a misspelt one under a known
     * prefix): what a {@code -D} override may set. The launcher's own {@code kiosk.home} and {@code kiosk.config} do not.
     */
    public static boolean inNamespace(String key) {
        return !LAUNCHER_PROPERTIES.contains(key) && PREFIXES.stream().anyMatch(key::startsWith)
                && key.length() > key.indexOf('.') + 1;
    }

    /** Reads {@code file}, then applies {@code overrides} (from -D or --set), resolving paths against the file's folder. */
    public static KioskConfig load(Path file, Map<String, String> overrides) throws ConfigException {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                throw new ConfigException(List.of("cannot read " + file + ": " + e.getMessage()));
            }
        }
        overrides.forEach(props::setProperty);
        Path base = file.toAbsolutePath().getParent();
        return parse(props, base);
    }

    /** Validates {@code props}; every problem is collected and reported in one exception. */
    public static KioskConfig parse(Properties props, Path base) throws ConfigException {
        Parser p = new Parser(props, base);
        for (String key : props.stringPropertyNames()) {
            if (!KNOWN.contains(key) && inNamespace(key)) {
                p.problems.add(key + ": unknown key");
            }
        }
        String id = p.text("kiosk.id", "K0001");
        if (!id.matches("[A-Za-z0-9-]{1,32}")) {
            p.problems.add("kiosk.id: '" + id + "' must be 1-32 letters, digits or '-'");
        }
        Kiosk kiosk = new Kiosk(id, p.path("kiosk.data", "data"));
        Ui ui = new Ui(p.locale("ui.locale"), p.bool("ui.elderly", false), p.bool("ui.fullscreen", true),
                Duration.ofSeconds(p.integer("ui.idle-seconds", 120, 15, 3600)));
        String url = p.text("centre.url", "embedded");
        if (!"embedded".equals(url) && CentreUrl.problem(url) != null) {
            p.problems.add("centre.url: " + (url.matches("https?:.*") ? CentreUrl.problem(url)
                    : "'" + url + "' is neither 'embedded' nor an https:// URL"));
        }
        Centre centre = new Centre("embedded".equals(url), url, p.optionalFile("centre.ca-file"));
        SerialDevice idcard = new SerialDevice(p.port("idcard.port"), p.baud("idcard.baud"),
                Duration.ofSeconds(p.integer("idcard.timeout-seconds", 30, 1, 600)));
        String printerPort = p.text("printer.port", SIM);
        if (printerPort.startsWith("tcp:") && !printerPort.matches("tcp://[A-Za-z0-9.-]+(:\\d{1,5})?/?")
                || printerPort.startsWith("file:") && !printerPort.startsWith("file:/")) {
            p.problems.add("printer.port: '" + printerPort + "' must be tcp://HOST[:PORT] or file:/PATH");
        } else if (!printerPort.startsWith("tcp:") && !printerPort.startsWith("file:")) {
            p.port("printer.port");
        }
        String queue = p.text("printer.document-queue", "");
        if (!queue.isEmpty() && !queue.matches("[A-Za-z0-9_.@-]{1,127}")) {
            p.problems.add("printer.document-queue: '" + queue + "' is not a printer queue name (letters, digits, _ . @ -)");
        }
        Printer printer = new Printer(printerPort, p.baud("printer.baud"), Duration.ofSeconds(5),
                queue.isEmpty() ? Optional.empty() : Optional.of(queue));
        String cameraSource = p.text("camera.source", SIM);
        if (!SIM.equals(cameraSource) && !cameraSource.matches("\\d{1,2}") && !cameraSource.startsWith("/")) {
            p.problems.add("camera.source: '" + cameraSource + "' is neither 'sim', a UVC camera index such as 0, "
                    + "nor an absolute path (/dev/video0, or a video file to replay as the camera)");
        }
        String ocr = p.text("camera.ocr", org.openkiosk.device.ocr.OcrEngines.DEFAULT);
        if (!OCR_OFF.equals(ocr) && !org.openkiosk.device.ocr.OcrEngines.NAMES.contains(ocr)) {
            p.problems.add("camera.ocr: '" + ocr + "' is none of " + String.join(", ",
                    org.openkiosk.device.ocr.OcrEngines.NAMES) + ", " + OCR_OFF);
        }
        Camera camera = new Camera(cameraSource, p.optionalDir("camera.sim-dir"), ocr);
        Optional<Path> catalogue = p.optionalDir("catalogue.dir");
        String pinHash = p.text("technician.pin-hash", "");
        if (!pinHash.isEmpty() && !pinHash.matches("pbkdf2-sha256\\$\\d{4,7}\\$[A-Za-z0-9+/=]{16,}\\$[A-Za-z0-9+/=]{32,}")) {
            p.problems.add("technician.pin-hash: not a PIN hash made by ./kiosk technician set-pin");
        }
        Technician technician = new Technician(pinHash.isEmpty() ? Optional.empty() : Optional.of(pinHash));
        Sync sync = new Sync(Duration.ofSeconds(p.integer("sync.interval-seconds", 10, 5, 3600)),
                Duration.ofSeconds(p.integer("sync.heartbeat-seconds", 300, 30, 3600)),
                Duration.ofDays(p.integer("sync.retention-days", 7, 0, 365)));
        String tpm = p.text("store.tpm", org.openkiosk.app.store.StoreKeyVault.AUTO);
        org.openkiosk.app.store.StoreKeyVault.problem(tpm).ifPresent(x -> p.problems.add("store.tpm: " + x));
        String hotline = p.text("help.hotline", "12345");
        if (!hotline.matches("[0-9][0-9 -]{1,18}[0-9]")) {
            p.problems.add("help.hotline: '" + hotline + "' is not a telephone number (digits, spaces and '-')");
        }
        String place = p.text("help.place", "");
        if (place.length() > 40 || place.chars().anyMatch(Character::isISOControl)) {
            p.problems.add("help.place: at most 40 characters on one line");
        }
        if (!p.problems.isEmpty()) {
            throw new ConfigException(p.problems);
        }
        String ssReader = p.text("sscard.reader", "");
        if (!ssReader.isEmpty() && !ssReader.matches("[\\p{L}\\p{N} ._()-]{1,80}")) {
            p.problems.add("sscard.reader: '" + ssReader + "' is not a PC/SC reader name (letters, digits, spaces . _ ( ) -)");
        }
        return new KioskConfig(kiosk, ui, centre, idcard, printer, camera, catalogue, technician, sync, new Store(tpm),
                new Help(hotline, place), new SsCard(ssReader));
    }

    /**
     * Every key of {@link #KEYS} with the value in effect, defaults included, as {@code kiosk.properties} would spell
     * it (paths absolute): reading these back with {@link #parse} gives this same configuration. Secrets included: a
     * caller that shows them redacts them.
     */
    public Map<String, String> effective() {
        Map<String, String> v = new java.util.LinkedHashMap<>();
        v.put("kiosk.id", kiosk.id());
        v.put("kiosk.data", kiosk.dataDir().toString());
        v.put("centre.url", centre.url());
        v.put("centre.ca-file", centre.caFile().map(Path::toString).orElse(""));
        v.put("idcard.port", idcard.port());
        v.put("idcard.baud", Integer.toString(idcard.baud()));
        v.put("idcard.timeout-seconds", Long.toString(idcard.timeout().toSeconds()));
        v.put("printer.port", printer.port());
        v.put("printer.baud", Integer.toString(printer.baud()));
        v.put("printer.document-queue", printer.documentQueue().orElse(""));
        v.put("camera.source", camera.source());
        v.put("camera.sim-dir", camera.simDir().map(Path::toString).orElse(""));
        v.put("camera.ocr", camera.ocr());
        v.put("catalogue.dir", catalogueDir.map(Path::toString).orElse(""));
        v.put("ui.locale", ui.locale().equals(Locale.ENGLISH) ? "en" : "zh-CN");
        v.put("ui.elderly", Boolean.toString(ui.elderly()));
        v.put("ui.fullscreen", Boolean.toString(ui.fullscreen()));
        v.put("ui.idle-seconds", Long.toString(ui.idleTimeout().toSeconds()));
        v.put("sync.interval-seconds", Long.toString(sync.interval().toSeconds()));
        v.put("sync.heartbeat-seconds", Long.toString(sync.heartbeat().toSeconds()));
        v.put("sync.retention-days", Long.toString(sync.retention().toDays()));
        v.put("technician.pin-hash", technician.pinHash().orElse(""));
        v.put("store.tpm", store.tpm());
        v.put("help.hotline", help.hotline());
        v.put("help.place", help.place());
        v.put("sscard.reader", sscard.reader());
        return v;
    }

    /** The same configuration with every device simulated and the centre embedded: what {@code ./kiosk demo} runs. */
    public KioskConfig simulated() {
        return new KioskConfig(kiosk, ui, new Centre(true, "embedded"),
                new SerialDevice(SIM, idcard.baud(), idcard.timeout()), new Printer(SIM, printer.baud(), printer.timeout(), printer.documentQueue()),
                new Camera(SIM, camera.simDir(), camera.ocr()), catalogueDir, technician, sync, store, help, sscard);
    }

    public KioskConfig withUi(Ui newUi) {
        return new KioskConfig(kiosk, newUi, centre, idcard, printer, camera, catalogueDir, technician, sync, store, help, sscard);
    }

    public KioskConfig withDataDir(Path dir) {
        return new KioskConfig(new Kiosk(kiosk.id(), dir), ui, centre, idcard, printer, camera, catalogueDir, technician, sync,
                store, help, sscard);
    }

    private static final class Parser {
        private static final Set<Integer> BAUDS = Set.of(9600, 19200, 38400, 57600, 115200);
        final Properties props;
        final Path base;
        final List<String> problems = new ArrayList<>();

        Parser(Properties props, Path base) {
            this.props = props;
            this.base = base;
        }

        String text(String key, String fallback) {
            String v = props.getProperty(key);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        <T> T parsed(String key, T fallback, Function<String, T> parse, String expected) {
            String v = props.getProperty(key);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            try {
                T t = parse.apply(v.trim());
                if (t != null) {
                    return t;
                }
            } catch (RuntimeException ignored) {
                // reported below
            }
            problems.add(key + ": '" + v.trim() + "' is not " + expected);
            return fallback;
        }

        boolean bool(String key, boolean fallback) {
            return parsed(key, fallback, v -> v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : null,
                    "true or false");
        }

        int integer(String key, int fallback, int min, int max) {
            return parsed(key, fallback, v -> {
                int i = Integer.parseInt(v);
                return i >= min && i <= max ? i : null;
            }, "a whole number from " + min + " to " + max);
        }

        int baud(String key) {
            return parsed(key, 115200, v -> BAUDS.contains(Integer.parseInt(v)) ? Integer.parseInt(v) : null,
                    "one of " + new java.util.TreeSet<>(BAUDS));
        }

        Locale locale(String key) {
            return parsed(key, Locale.SIMPLIFIED_CHINESE, v -> switch (v) {
                case "zh-CN", "zh_CN", "zh" -> Locale.SIMPLIFIED_CHINESE;
                case "en", "en-US", "en_US" -> Locale.ENGLISH;
                default -> null;
            }, "zh-CN or en");
        }

        String port(String key) {
            String v = text(key, SIM);
            if (!SIM.equals(v) && !v.startsWith("/") && !v.matches("COM\\d+")) {
                problems.add(key + ": '" + v + "' is neither 'sim' nor a device path such as /dev/ttyUSB0");
            }
            return v;
        }

        Path path(String key, String fallback) {
            return base.resolve(text(key, fallback)).normalize();
        }

        Optional<Path> optionalFile(String key) {
            String v = props.getProperty(key);
            if (v == null || v.isBlank()) {
                return Optional.empty();
            }
            Path file = base.resolve(v.trim()).normalize();
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                problems.add(key + ": " + file + " is not a readable file");
            }
            return Optional.of(file);
        }

        Optional<Path> optionalDir(String key) {
            String v = props.getProperty(key);
            if (v == null || v.isBlank()) {
                return Optional.empty();
            }
            Path dir = base.resolve(v.trim()).normalize();
            if (!Files.isDirectory(dir)) {
                problems.add(key + ": " + dir + " is not a directory");
            }
            return Optional.of(dir);
        }
    }
}
