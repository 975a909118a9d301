package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

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
@Command(name = "idcard", subcommands = {IdCardCommand.Read.class, IdCardCommand.Watch.class,
        IdCardCommand.Bench.class}, description = "the ID card readers")
final class IdCardCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration UNTIL_INTERRUPTED = Duration.ofDays(36500);
    /** Bytes on the line for one read: find (10 + 15), select (10 + 19), read text and photo (10 + 1295). */
    static final int READ_WIRE_BYTES = 10 + 15 + 10 + 19 + 10 + 1295;
    private static final int READ_REPLY_BYTES = GaT467Codec.HEADER_LENGTH + 3 + 4 + GaT467Codec.TEXT_LENGTH
            + GaT467Codec.PHOTO_LENGTH + 1;

    @Command(name = "read", description = {"read the ID card on a GA/T 467 serial reader, or a social security card in a"
            + " PC/SC reader:",
        "idcard read --port PATH [--baud N]: port and baud default to idcard.port/idcard.baud; port \"sim\" = the"
            + " simulator's sample card",
        "idcard read --pcsc [--reader NAME]: a social security card",
        "--json prints one object (cardType, name, ..., idNumberValid, ms)"})
    static final class Read extends CliCommand {
        @Mixin
        SerialReader serial;

        @Option(names = "--pcsc", description = "read a social security card in a PC/SC reader")
        boolean pcsc;

        @Option(names = "--reader", paramLabel = "NAME", description = "the PC/SC reader (default: the first)")
        String reader;

        @Option(names = "--wait", paramLabel = "S", converter = Positive.class,
                description = "seconds to wait for a card (default 5)")
        Long waitFor;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        Read(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            KioskConfig config = options.config();
            Duration wait = waitFor == null ? DEFAULT_WAIT : Duration.ofSeconds(waitFor);
            if (pcsc) {
                if (serial.port != null || serial.baud != null) {
                    throw new Main.UsageException("idcard read: --pcsc reads a PC/SC reader; --port and --baud are for serial readers");
                }
                return readPcsc(wait);
            }
            if (reader != null) {
                throw new Main.UsageException("idcard read: --reader names a PC/SC reader; add --pcsc");
            }
            String path = serial.port(config);
            int rate = serial.baud(config);
            try (SerialPort p = SerialPort.open(path, rate);
                 SerialIdCardReader card = new SerialIdCardReader(new IdReaderConfig(p.path(), rate, REPLY_TIMEOUT))) {
                TimedRead read = card.readTimed(wait);
                if (json) {
                    out.println(JSON.writeValueAsString(json(read)));
                } else {
                    text(json(read), out);
                    out.println("photo: " + read.card().photoWlt().length + " bytes of WLT (decoding it needs the licensed library)");
                }
                out.flush();
                return 0;
            } catch (NoCardException e) {
                err.println("kiosk: idcard read: no card on the reader at " + path + " within " + wait.toSeconds()
                        + " s: place the card flat on the reader");
                return 1;
            } catch (DeviceException e) {
                err.println("kiosk: idcard read: " + e.getMessage());
                return 1;
            }
        }

        private int readPcsc(Duration wait) throws Exception {
            PcscConfig config = new PcscConfig(Optional.ofNullable(reader), wait);
            try (SocialSecurityCardReader pcscReader = new SocialSecurityCardReader(config)) {
                TimedSocialSecurityRead read = pcscReader.readTimed(wait);
                ObjectNode card = json(read);
                if (json) {
                    out.println(JSON.writeValueAsString(card));
                } else {
                    text(card, out);
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

    @Command(name = "watch", description = "print \"<time> placed\" / \"<time> removed\" as cards come and go")
    static final class Watch extends CliCommand {
        @Mixin
        SerialReader serial;

        @Option(names = "--events", paramLabel = "N", converter = Positive.class, description = "stop after N events")
        Long eventCount;

        @Option(names = "--seconds", paramLabel = "S", converter = Positive.class, description = "stop after S seconds")
        Long secondsLimit;

        Watch(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            KioskConfig config = options.config();
            String port = serial.port(config);
            int baud = serial.baud(config);
            long maxEvents = eventCount != null ? eventCount : Long.MAX_VALUE;
            // without --seconds: until interrupted (a century stands in for "for ever" and keeps the arithmetic exact)
            long seconds = Math.min(secondsLimit != null ? secondsLimit : UNTIL_INTERRUPTED.toSeconds(),
                    UNTIL_INTERRUPTED.toSeconds());
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
    }

    @Command(name = "bench", description = "read the simulator's card over a pty N times (default 10); print the read"
            + " time beside the wire time and their ratio")
    static final class Bench extends CliCommand {
        @Option(names = "--reads", paramLabel = "N", converter = Positive.class, description = "how many reads (at most 1000)")
        Long reads;

        @Option(names = "--baud", paramLabel = "N", converter = Positive.class, description = "the line speed")
        Long baud;

        Bench(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            int reads = (int) Math.min(1000, this.reads != null ? this.reads : 10);
            int baud = this.baud != null ? this.baud.intValue() : IdReaderConfig.DEFAULT_BAUD;
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
    }

    /** Time for {@code bytes} on an 8N1 line: ten bits a byte. */
    static double wireMillis(int bytes, int baud) {
        return bytes * 10.0 * 1000 / baud;
    }

    /** {@code --port PATH [--baud N]}: a GA/T 467 serial reader, by default the configured one. */
    static final class SerialReader {
        @Option(names = "--port", paramLabel = "PATH", description = "the serial reader's port, or sim")
        String port;

        @Option(names = "--baud", paramLabel = "N", converter = Positive.class, description = "its line speed")
        Long baud;

        String port(KioskConfig config) {
            return port != null ? port : config.idcard().port();
        }

        int baud(KioskConfig config) {
            return baud != null ? baud.intValue() : config.idcard().baud();
        }
    }

    /** A whole number above zero. */
    static final class Positive implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                long n = Long.parseLong(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("needs a positive whole number, not '" + value + "'");
        }
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
