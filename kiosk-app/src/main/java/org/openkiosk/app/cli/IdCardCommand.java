package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.demo.SimulatedDevices;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.idcard.CardEvent;
import org.openkiosk.device.idcard.CardWatcher;
import org.openkiosk.device.idcard.GaT467Codec;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.IdReaderConfig;
import org.openkiosk.device.idcard.NoCardException;
import org.openkiosk.device.idcard.SerialIdCardReader;
import org.openkiosk.device.idcard.TimedRead;
import org.openkiosk.device.io.pcsc.NoCardInReaderException;
import org.openkiosk.device.io.pcsc.PcscConfig;
import org.openkiosk.device.sscard.SocialSecurityCard;
import org.openkiosk.device.sscard.SocialSecurityCardReader;
import org.openkiosk.device.sscard.TimedSocialSecurityRead;

/**
 * {@code ./kiosk idcard read|watch|bench}: the technician's view of the ID card readers.
 *
 * <ul>
 *   <li>{@code read --port PATH [--baud N] [--wait S] [--json]}: one resident ID card (or permit) from a GA/T 467 serial
 *       reader. With {@code --json}, one object: cardType, name, sex, nation, birthDate, address, idNumber, issuer,
 *       validFrom, validUntil, permitNumber (only on a J card), idNumberValid, ms (find + select + read). Port and baud
 *       default to {@code idcard.port} / {@code idcard.baud}; the port {@code sim} reads the simulator's sample card.
 *   <li>{@code read --pcsc [--reader NAME] [--wait S] [--json]}: a social security card through PC/SC; JSON: cardType
 *       ({@code social-security}), name, sex, nation, birthDate, birthPlace, idNumber, idNumberValid, cardNumber,
 *       cardId, issueDate, expiryDate, reader, ms (the APDUs).
 *   <li>{@code watch --port PATH [--baud N] [--events N] [--seconds S]}: one line per change,
 *       {@code <ISO instant> placed} or {@code <ISO instant> removed}; a reader unplugged while watching is waited for
 *       (one line on stderr when it goes, one when it is back).
 *   <li>{@code bench [--reads N] [--baud N]}: reads the simulator's card over a pty and prints the read time beside
 *       the wire time.
 * </ul>
 * No card: one line on stderr, exit 1. Bad options: exit 2.
 */
final class IdCardCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration UNTIL_INTERRUPTED = Duration.ofDays(36500);
    /** Bytes on the line for one read: find (10 + 15), select (10 + 19), read text and photo (10 + 1295). */
    static final int READ_WIRE_BYTES = 10 + 15 + 10 + 19 + 10 + 1295;
    private static final int READ_REPLY_BYTES = GaT467Codec.HEADER_LENGTH + 3 + 4 + GaT467Codec.TEXT_LENGTH
            + GaT467Codec.PHOTO_LENGTH + 1;

    @Override
    public String usage() {
        return """
                  idcard read --port PATH [--baud N] [--wait S] [--json]
                                      read the ID card on a GA/T 467 serial reader (port/baud default to
                                      idcard.port/idcard.baud; port "sim" = the simulator's sample card);
                                      --json prints one object (cardType, name, ..., idNumberValid, ms)
                  idcard read --pcsc [--reader NAME] [--wait S] [--json]
                                      read a social security card in a PC/SC reader
                  idcard watch --port PATH [--baud N] [--events N] [--seconds S]
                                      print "<time> placed" / "<time> removed" as cards come and go
                  idcard bench [--reads N] [--baud N]
                                      read the simulator's card over a pty N times (default 10); print the
                                      read time beside the wire time and their ratio
                """;
    }

    @Override
    public int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        String sub = args.isEmpty() ? "" : args.pop();
        return switch (sub) {
            case "read" -> read(args, out, err);
            case "watch" -> watch(args, out, err);
            case "bench" -> bench(args, out);
            default -> throw new Main.UsageException("idcard: say read, watch or bench"
                    + (sub.isEmpty() ? "" : ", not '" + sub + "'") + " (see ./kiosk help)");
        };
    }

    // ------------------------------------------------------------------ read

    private int read(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of("--json", "--pcsc"),
                List.of("--port", "--baud", "--wait", "--reader"));
        noRest(o, "read");
        KioskConfig config = o.config();
        Duration wait = Duration.ofSeconds(positive(o, "--wait", DEFAULT_WAIT.toSeconds()));
        if (o.flag("--pcsc")) {
            if (o.value("--port").isPresent() || o.value("--baud").isPresent()) {
                throw new Main.UsageException("idcard read: --pcsc reads a PC/SC reader; --port and --baud are for serial readers");
            }
            return readPcsc(o, wait, out, err);
        }
        if (o.value("--reader").isPresent()) {
            throw new Main.UsageException("idcard read: --reader names a PC/SC reader; add --pcsc");
        }
        String port = o.value("--port").orElse(config.idcard().port());
        int baud = (int) positive(o, "--baud", config.idcard().baud());
        try (SerialPort p = SerialPort.open(port, baud);
             SerialIdCardReader reader = new SerialIdCardReader(new IdReaderConfig(p.path(), baud, REPLY_TIMEOUT))) {
            TimedRead read = reader.readTimed(wait);
            if (o.flag("--json")) {
                out.println(JSON.writeValueAsString(json(read)));
            } else {
                text(json(read), out);
                out.println("photo: " + read.card().photoWlt().length + " bytes of WLT (decoding it needs the licensed library)");
            }
            out.flush();
            return 0;
        } catch (NoCardException e) {
            err.println("kiosk: idcard read: no card on the reader at " + port + " within " + wait.toSeconds()
                    + " s: place the card flat on the reader");
            return 1;
        } catch (DeviceException e) {
            err.println("kiosk: idcard read: " + e.getMessage());
            return 1;
        }
    }

    private int readPcsc(Main.Options o, Duration wait, PrintStream out, PrintStream err) throws Exception {
        PcscConfig config = new PcscConfig(o.value("--reader"), wait);
        try (SocialSecurityCardReader reader = new SocialSecurityCardReader(config)) {
            TimedSocialSecurityRead read = reader.readTimed(wait);
            ObjectNode json = json(read);
            if (o.flag("--json")) {
                out.println(JSON.writeValueAsString(json));
            } else {
                text(json, out);
            }
            out.flush();
            return 0;
        } catch (NoCardInReaderException e) {
            err.println("kiosk: idcard read: " + e.getMessage() + ": insert the social security card, chip first");
            return 1;
        } catch (DeviceException e) {
            err.println("kiosk: idcard read: " + e.getMessage());
            return 1;
        }
    }

    /** The JSON object of {@code idcard read --json}, fields in the documented order. */
    static ObjectNode json(TimedRead read) {
        IdCard c = read.card();
        ObjectNode n = JSON.createObjectNode()
                .put("cardType", c.cardType().wireName())
                .put("name", c.name())
                .put("sex", c.sex())
                .put("nation", c.nation())
                .put("birthDate", c.birthDate().toString())
                .put("address", c.address())
                .put("idNumber", c.idNumber())
                .put("issuer", c.issuer())
                .put("validFrom", c.validFrom().toString())
                .put("validUntil", c.validUntil());
        if (c.permitNumber() != null && !c.permitNumber().isEmpty()) {
            n.put("permitNumber", c.permitNumber());
        }
        return n.put("idNumberValid", c.idNumberValid()).put("ms", read.exchange().toMillis());
    }

    /** The JSON object of {@code idcard read --pcsc --json}. */
    static ObjectNode json(TimedSocialSecurityRead read) {
        SocialSecurityCard c = read.card();
        return JSON.createObjectNode()
                .put("cardType", "social-security")
                .put("name", c.name())
                .put("sex", c.sex())
                .put("nation", c.nation())
                .put("birthDate", c.birthDate().toString())
                .put("birthPlace", c.birthPlace())
                .put("idNumber", c.idNumber())
                .put("idNumberValid", c.idNumberValid())
                .put("cardNumber", c.cardNumber())
                .put("cardId", c.cardId())
                .put("issueDate", c.issueDate().toString())
                .put("expiryDate", c.expiryDate().toString())
                .put("reader", read.reader())
                .put("ms", read.exchange().toMillis());
    }

    private static void text(ObjectNode json, PrintStream out) {
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
            out.println(e.getKey() + ": " + e.getValue().asText());
        }
    }

    // ------------------------------------------------------------------ watch

    private int watch(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of(), List.of("--port", "--baud", "--events", "--seconds"));
        noRest(o, "watch");
        KioskConfig config = o.config();
        String port = o.value("--port").orElse(config.idcard().port());
        int baud = (int) positive(o, "--baud", config.idcard().baud());
        long maxEvents = positive(o, "--events", Long.MAX_VALUE);
        // without --seconds: until interrupted (a century stands in for "for ever" and keeps the arithmetic exact)
        long seconds = Math.min(positive(o, "--seconds", UNTIL_INTERRUPTED.toSeconds()), UNTIL_INTERRUPTED.toSeconds());
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        try (SerialPort p = SerialPort.open(port, baud);
             SerialIdCardReader reader = new SerialIdCardReader(new IdReaderConfig(p.path(), baud, REPLY_TIMEOUT))) {
            CardWatcher watcher = new CardWatcher(reader);
            long events = 0;
            boolean started = false;
            boolean gone = false;
            while (events < maxEvents) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Optional<CardEvent> event;
                try {
                    event = watcher.nextEvent(Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())));
                } catch (DeviceNotFoundException e) {
                    if (!started) {
                        throw e; // wrong port: say so at once
                    }
                    if (!gone) {
                        err.println("kiosk: idcard watch: the reader at " + port + " went away; waiting for it to come back");
                        err.flush();
                        gone = true;
                    }
                    Thread.sleep(Math.max(1, Math.min(500, left / 1_000_000)));
                    continue;
                }
                started = true;
                if (gone) {
                    err.println("kiosk: idcard watch: the reader at " + port + " is back");
                    err.flush();
                    gone = false;
                }
                if (event.isPresent()) {
                    out.println(event.get().at() + " " + event.get().kind().wireName());
                    out.flush();
                    events++;
                }
            }
            return 0;
        } catch (DeviceException e) {
            err.println("kiosk: idcard watch: " + e.getMessage());
            return 1;
        }
    }

    // ------------------------------------------------------------------ bench

    private int bench(Deque<String> args, PrintStream out) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of(), List.of("--reads", "--baud"));
        noRest(o, "bench");
        int reads = (int) Math.min(1000, positive(o, "--reads", 10));
        int baud = (int) positive(o, "--baud", IdReaderConfig.DEFAULT_BAUD);
        Path dir = Files.createTempDirectory("kiosk-idcard-bench-");
        List<Double> times = new ArrayList<>();
        try (SimulatedDevices devices = SimulatedDevices.start(dir, baud, Optional.empty());
             SerialIdCardReader reader = new SerialIdCardReader(
                     new IdReaderConfig(devices.idCardPort(), baud, Duration.ofSeconds(5)))) {
            for (int i = 0; i < 2; i++) {
                reader.readTimed(DEFAULT_WAIT); // warm-up: class loading, JIT, port open
            }
            for (int i = 0; i < reads; i++) {
                times.add(reader.readTimed(DEFAULT_WAIT).exchange().toNanos() / 1e6);
            }
        } finally {
            deleteTree(dir);
        }
        double wire = wireMillis(READ_WIRE_BYTES, baud);
        List<Double> sorted = times.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        out.printf("idcard bench: %d reads at %d baud, real driver against the simulator over a pty paced to the line%n",
                reads, baud);
        out.printf("wire time  %7.1f ms  (%d bytes: find, select, read; the %d-byte read reply alone %.1f ms)%n",
                wire, READ_WIRE_BYTES, READ_REPLY_BYTES, wireMillis(READ_REPLY_BYTES, baud));
        out.printf("read time  %7.1f ms median  (min %.1f, max %.1f)%n", median, sorted.get(0),
                sorted.get(sorted.size() - 1));
        out.printf("ratio      %7.3f  (driver overhead %+.1f%% of wire time)%n", median / wire, (median / wire - 1) * 100);
        out.flush();
        return 0;
    }

    /** Time for {@code bytes} on an 8N1 line: ten bits a byte. */
    static double wireMillis(int bytes, int baud) {
        return bytes * 10.0 * 1000 / baud;
    }

    // ------------------------------------------------------------------ helpers

    private static void noRest(Main.Options o, String sub) throws Main.UsageException {
        if (o.hasRest()) {
            throw new Main.UsageException("idcard " + sub + ": unexpected argument '" + o.rest().get(0) + "'");
        }
    }

    private static long positive(Main.Options o, String name, long fallback) throws Main.UsageException {
        Optional<String> v = o.value(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.get());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Main.UsageException(name + " needs a positive whole number, not '" + v.get() + "'");
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /** The reader's port: a real path, or {@code sim}, the simulator on a fresh pty pair with the sample card on it. */
    private static final class SerialPort implements AutoCloseable {
        private final String path;
        private final SimulatedDevices devices;
        private final Path dir;

        private SerialPort(String path, SimulatedDevices devices, Path dir) {
            this.path = path;
            this.devices = devices;
            this.dir = dir;
        }

        static SerialPort open(String port, int baud) throws DeviceException, IOException {
            if (!KioskConfig.SIM.equals(port)) {
                return new SerialPort(port, null, null);
            }
            Path dir = Files.createTempDirectory("kiosk-idcard-sim-");
            try {
                SimulatedDevices devices = SimulatedDevices.start(dir, baud, Optional.empty());
                return new SerialPort(devices.idCardPort(), devices, dir);
            } catch (DeviceException | RuntimeException e) {
                deleteTree(dir);
                throw e;
            }
        }

        String path() {
            return path;
        }

        @Override
        public void close() {
            if (devices != null) {
                devices.close();
                deleteTree(dir);
            }
        }
    }
}
