package org.openkiosk.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.demo.SimulatedDevices;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.printer.EscPosReceiptPrinter;
import org.openkiosk.device.printer.PrinterConfig;
import org.openkiosk.device.printer.PrinterStatus;
import org.openkiosk.device.printer.ReceiptPrinters;
import org.openkiosk.print.DocumentPrinter;
import org.openkiosk.print.DocumentTemplates;
import org.openkiosk.print.ReceiptTemplates;
import org.openkiosk.print.TemplateException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code ./kiosk print}: a receipt (ESC/POS) or an A4 document (PDF) from a template and a JSON data file, to a file
 * or to a printer, and {@code print test} on the configured printers. Nothing is written to {@code --out} unless
 * the whole output could be made; data that does not fit the template is refused with the field named.
 */
@Command(name = "print", subcommands = {PrintCommand.Receipt.class, PrintCommand.Document.class,
        PrintCommand.Test.class}, description = "receipts and A4 documents")
final class PrintCommand implements CliErrors.OwnWords {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String usageError(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return "print: unknown kind '" + u.getUnmatched().get(0) + "' (receipt, licence or test)";
        }
        return null;
    }

    /** A document filled from a template and a JSON data file: its options and their usage errors. */
    abstract static class Filled extends CliCommand implements CliErrors.OwnWords {
        @Option(names = "--template", paramLabel = "NAME", required = true, description = "the template's name")
        String template;

        @Option(names = "--data", paramLabel = "FILE.json", required = true, description = "the values to fill in,"
                + " one JSON object")
        String dataFile;

        @Option(names = "--templates", paramLabel = "DIR", order = 50, description = "edited templates (NAME.txt"
                + " receipts, NAME.json documents) that override the built-in ones of the same name")
        Path templates;

        Filled(Streams streams) {
            super(streams);
        }

        /** The target options as today's message names them: {@code give exactly one of --out FILE and --port PORT}. */
        abstract String device();

        @Override
        public String usageError(ParameterException e) {
            boolean target = e instanceof MutuallyExclusiveArgsException || e instanceof MissingParameterException m
                    && !m.getMissing().isEmpty() && m.getMissing().get(0).group() != null;
            if (target) {
                return "give exactly one of --out FILE and " + device() + " "
                        + device().substring(2).toUpperCase(java.util.Locale.ROOT);
            }
            if (e instanceof MissingParameterException m && m.getMissing().get(0) instanceof OptionSpec o
                    && !CliErrors.valueMissing(e)) {
                return "print: " + o.longestName() + " is required";
            }
            return null;
        }

        Optional<Path> templatesDir() throws Main.UsageException {
            if (templates != null && !Files.isDirectory(templates)) {
                throw new Main.UsageException("--templates " + templates + " is not a directory");
            }
            return Optional.ofNullable(templates);
        }
    }

    @Command(name = "receipt", description = "a receipt (templates: application, checklist, test) as ESC/POS bytes to a"
            + " file or a printer: serial port, /dev/usb/lp0, tcp://HOST:9100")
    static final class Receipt extends Filled {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--out", paramLabel = "FILE.bin", description = "write the bytes to a file")
            Path file;

            @Option(names = "--port", paramLabel = "PORT", description = "send them to a receipt printer")
            String port;
        }

        Receipt(Streams streams) {
            super(streams);
        }

        @Override
        String device() {
            return "--port";
        }

        @Override
        public Integer call() throws Exception {
            Optional<Path> templatesDir = templatesDir();
            Map<String, Object> data = data(dataFile);
            KioskConfig config = options.config();
            ReceiptTemplates templates = templatesDir.map(ReceiptTemplates::fromDirectory).orElseGet(ReceiptTemplates::fromClasspath);
            byte[] job = fill(() -> templates.render(template, data), "receipt " + template);
            if (target.file != null) {
                write(target.file, job);
                out.println("receipt " + template + ": " + job.length + " bytes written to " + target.file);
                return 0;
            }
            try (EscPosReceiptPrinter printer = ReceiptPrinters.open(
                    new PrinterConfig(target.port, config.printer().baud(), config.printer().timeout()))) {
                printer.print(job);
                out.println("receipt " + template + ": " + job.length + " bytes printed on " + printer.address() + " ("
                        + printer.status().describe() + ")");
            }
            return 0;
        }
    }

    @Command(name = "licence", aliases = {"license", "document"}, description = "an A4 document (templates:"
            + " result-notice, certificate, checklist) as PDF to a file or a CUPS queue")
    static final class Document extends Filled {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--out", paramLabel = "FILE.pdf", description = "write the PDF to a file")
            Path file;

            @Option(names = "--printer", paramLabel = "QUEUE", description = "send it to a CUPS queue")
            String printer;
        }

        Document(Streams streams) {
            super(streams);
        }

        @Override
        String device() {
            return "--printer";
        }

        @Override
        public Integer call() throws Exception {
            Optional<Path> templatesDir = templatesDir();
            Map<String, Object> data = data(dataFile);
            options.config(); // a bad configuration is reported even when it is not needed here
            DocumentTemplates templates = templatesDir.map(DocumentTemplates::fromDirectory).orElseGet(DocumentTemplates::fromClasspath);
            byte[] pdf = fill(() -> templates.render(template, data), "document " + template);
            int pages = pages(pdf);
            if (target.file != null) {
                write(target.file, pdf);
                out.println("document " + template + ": " + pages + " page(s), " + pdf.length + " bytes written to "
                        + target.file);
            } else {
                DocumentPrinter.print(pdf, target.printer, template + "-" + data.getOrDefault("applicationNo", "document"));
                out.println("document " + template + ": " + pages + " page(s) sent to printer queue " + target.printer);
            }
            return 0;
        }
    }

    @Command(name = "test", description = "a test receipt and a test page on the configured printers")
    static final class Test extends CliCommand {
        Test(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            KioskConfig config = options.config();
            String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
            List<String> failures = new ArrayList<>();
            KioskConfig.Printer p = config.printer();
            Path simDir = config.kiosk().dataDir().resolve("print-test");
            String where = p.simulated() ? "sim" : p.port();
            try (SimPrinter sim = p.simulated() ? SimPrinter.start(simDir, config.idcard().baud()) : null;
                 EscPosReceiptPrinter printer = ReceiptPrinters.open(new PrinterConfig(
                         sim != null ? sim.port() : p.port(), p.baud(), p.timeout()))) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("kioskId", config.kiosk().id());
                data.put("printer", where);
                data.put("printedAt", now);
                printer.print(ReceiptTemplates.fromClasspath().render("test", data));
                PrinterStatus status = printer.status();
                out.println("receipt printer " + where + ": test receipt printed (" + status.describe() + ")"
                        + (sim != null ? ", image " + sim.lastImage() : ""));
            } catch (DeviceException | TemplateException e) {
                failures.add("receipt printer " + where + ": " + e.getMessage());
            }
            Optional<String> queue = p.documentQueue();
            if (queue.isEmpty()) {
                out.println("document printer: none configured (printer.document-queue is empty)");
            } else {
                try {
                    Map<String, Object> data = Map.of("kioskId", config.kiosk().id(), "queue", queue.get(), "printedAt", now);
                    DocumentPrinter.print(DocumentTemplates.fromClasspath().render("test-page", data), queue.get(),
                            "kiosk-test-page");
                    out.println("document printer " + queue.get() + ": test page sent");
                } catch (DeviceException | TemplateException e) {
                    failures.add("document printer " + queue.get() + ": " + e.getMessage());
                }
            }
            failures.forEach(f -> err.println("kiosk: " + f));
            return failures.isEmpty() ? 0 : 1;
        }
    }

    private interface Render {
        byte[] render() throws TemplateException;
    }

    private static byte[] fill(Render r, String what) throws PrintFailure {
        try {
            return r.render();
        } catch (TemplateException e) {
            throw new PrintFailure(e.getMessage() + (e.field() != null && !e.getMessage().contains(e.field())
                    ? " (field " + e.field() + ")" : ""));
        }
    }

    private static Map<String, Object> data(String file) throws PrintFailure {
        Path path = Path.of(file);
        try {
            Map<String, Object> data = JSON.readValue(Files.readAllBytes(path), new TypeReference<LinkedHashMap<String, Object>>() {
            });
            if (data == null) {
                throw new PrintFailure("data file " + file + " must hold a JSON object");
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new PrintFailure("data file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new PrintFailure("data file " + file + " is not a JSON object: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new PrintFailure("cannot read data file " + file + ": " + e.getMessage());
        }
    }

    /** Writes through a temporary file in the same folder, so a failure never leaves half a file or clobbers one. */
    private static void write(Path target, byte[] bytes) throws PrintFailure {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, ".print-", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new PrintFailure("cannot write " + target + ": " + e.getMessage());
        }
    }

    private static int pages(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getNumberOfPages();
        }
    }

    /** A failure with a message for the technician (exit 1). */
    static final class PrintFailure extends Exception {
        PrintFailure(String message) {
            super(message);
        }
    }

    /**
     * The simulated devices of {@code ./kiosk demo} (the receipt printer on a pty pair among them), for
     * {@code print test} with {@code printer.port=sim}; its receipts are written as PNG to a folder of the data dir.
     */
    private record SimPrinter(SimulatedDevices devices) implements AutoCloseable {
        static SimPrinter start(Path dir, int baud) throws DeviceException {
            return new SimPrinter(SimulatedDevices.start(dir, baud, Optional.empty()));
        }

        String port() {
            return devices.printerPort();
        }

        String lastImage() {
            try (var files = Files.list(devices.printerOutput())) {
                return files.filter(f -> f.getFileName().toString().endsWith(".png")).sorted()
                        .reduce((a, b) -> b).map(Path::toString).orElse("(none)");
            } catch (IOException e) {
                return "(none: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            devices.close();
        }
    }
}
