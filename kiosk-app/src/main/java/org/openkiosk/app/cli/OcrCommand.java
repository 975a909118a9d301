package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.camera.PageScanner;
import org.openkiosk.device.ocr.DocumentReader;
import org.openkiosk.device.ocr.NativeProcess;
import org.openkiosk.device.ocr.OcrEngine;
import org.openkiosk.device.ocr.OcrEngines;
import org.openkiosk.device.ocr.OcrException;
import org.openkiosk.device.ocr.RecognisedDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code ./kiosk ocr [--engine NAME] [--json] IMAGE...}: straightens and reads each image with one engine loaded
 * once. With {@code --json}, exactly one line per image on stdout:
 * {@code {"file", "text", "confidence", "ms", "document": {"type", "fields", "readings"} | null, "quality", "problems"}}
 * ({@code readings}: each field's confidence and the line it was read on) or, for
 * a file that cannot be read as an image, {@code {"file", "error"}}. Engines print progress natively; that goes to
 * stderr so stdout holds only the JSON lines. Exit 0 when every image was read, 1 when any was not.
 */
@Command(name = "ocr", description = "straighten and read each image (engine loaded once; default auto)")
final class OcrCommand extends CliCommand implements CliErrors.OwnWords {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--engine", paramLabel = "auto|paddle|tesseract|rapidocr",
            description = "the OCR engine (default auto; rapidocr: paddle on RapidOCR's packaged library)")
    String engineName = OcrEngines.DEFAULT;

    @Option(names = "--json", description = "one line per image with file, text, confidence, ms (that image's own time),"
            + " document {type, fields, readings} or null, quality, problems")
    boolean json;

    @Option(names = "--raw", description = "read the photo as it is, without the page pipeline")
    boolean raw;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "the photographed pages")
    List<String> files;

    OcrCommand(Streams streams) {
        super(streams);
    }

    @Override
    public String usageError(ParameterException e) {
        return e instanceof MissingParameterException ? "ocr needs at least one IMAGE" : null;
    }

    @Override
    public Integer call() throws Exception {
        if (!OcrEngines.NAMES.contains(engineName)) {
            throw new Main.UsageException("--engine must be one of " + String.join(", ", OcrEngines.NAMES)
                    + ", not '" + engineName + "'");
        }
        PrintStream results = out;
        if (out == System.out) {
            // the engines' native code prints to fd 1: keep the real stdout for our lines only
            OutputStream real = NativeProcess.divertStdout();
            results = new PrintStream(real, true, StandardCharsets.UTF_8);
        }
        OcrEngine engine;
        try {
            engine = OcrEngines.load(engineName);
        } catch (OcrException e) {
            err.println("kiosk: " + e.getMessage());
            return 1;
        }
        int failed = 0;
        try (DocumentReader reader = new DocumentReader(engine, new PageScanner(), Clock.systemDefaultZone())) {
            reader.warmUp();
            for (String file : files) {
                if (!readOne(reader, file, json, raw, results, err)) {
                    failed++;
                }
            }
        } finally {
            results.flush();
        }
        return failed == 0 ? 0 : 1;
    }

    private static boolean readOne(DocumentReader reader, String file, boolean json, boolean raw, PrintStream out,
                                   PrintStream err) {
        long start = System.nanoTime();
        RecognisedDocument doc;
        try {
            byte[] bytes = Files.readAllBytes(Path.of(file));
            String type = file.toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
            CapturedImage image = new CapturedImage(bytes, type, 0, 0);
            doc = raw ? reader.readAsIs(image) : reader.read(image, true);
        } catch (NoSuchFileException e) {
            return error(file, "no such file", json, out, err);
        } catch (IOException e) {
            return error(file, e.getMessage() == null ? "cannot read the file" : e.getMessage(), json, out, err);
        } catch (OcrException e) {
            return error(file, e.getMessage(), json, out, err);
        }
        long ms = Math.round((System.nanoTime() - start) / 1e6);
        if (json) {
            out.println(toJson(file, doc, ms).toString());
        } else {
            out.println("== " + file + " (" + doc.type().map(t -> t.wireName()).orElse("not recognised") + ", " + ms
                    + " ms, confidence " + String.format(Locale.ROOT, "%.3f", doc.confidence()) + ", quality "
                    + doc.quality().problem() + ")");
            out.println(doc.text());
            doc.fields().forEach((k, v) -> out.println("  " + k + ": " + v));
            doc.problems().forEach(p -> out.println("  problem: " + p.field() + " " + p.issue()));
        }
        out.flush();
        return true;
    }

    static ObjectNode toJson(String file, RecognisedDocument doc, long ms) {
        ObjectNode n = JSON.createObjectNode();
        n.put("file", file);
        n.put("text", doc.text());
        n.put("confidence", Math.round(doc.confidence() * 1000) / 1000.0);
        n.put("ms", ms);
        if (doc.type().isPresent()) {
            ObjectNode d = n.putObject("document");
            d.put("type", doc.type().get().wireName());
            ObjectNode fields = d.putObject("fields");
            doc.fields().forEach(fields::put);
            ObjectNode readings = d.putObject("readings");
            doc.readings().forEach((k, r) -> {
                ObjectNode reading = readings.putObject(k)
                        .put("confidence", Math.round(r.confidence() * 1000) / 1000.0).put("line", r.line());
                if (!r.otherReadings().isEmpty()) {
                    r.otherReadings().forEach(reading.putArray("otherReadings")::add);
                }
            });
        } else {
            n.putNull("document");
        }
        ObjectNode q = n.putObject("quality");
        q.put("problem", doc.quality().problem().name());
        q.put("sharpness", Math.round(doc.quality().sharpness() * 100) / 100.0);
        q.put("glare", Math.round(doc.quality().glare() * 1000) / 1000.0);
        var problems = n.putArray("problems");
        doc.problems().forEach(p -> problems.addObject().put("field", p.field()).put("issue", p.issue().name()));
        return n;
    }

    private static boolean error(String file, String message, boolean json, PrintStream out, PrintStream err) {
        if (json) {
            ObjectNode n = JSON.createObjectNode();
            n.put("file", file);
            n.put("error", message);
            out.println(n.toString());
            out.flush();
        }
        err.println("kiosk: " + file + ": " + message);
        return false;
    }
}
