package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openkiosk.device.ocr.FieldExtractor;

/**
 * The benchmark's first raw anchor: the system's {@code tesseract} command (chi_sim+eng, one OpenMP thread as the
 * kiosk runs it) on each raw photo, no page pipeline; fields taken from its text by the same extractor. One JSON
 * line per image in {@code ./kiosk ocr --json}'s shape; each kind's peak memory is the highest of its processes'.
 */
final class TesseractCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TesseractCli() {
    }

    /** Empty (and a line on {@code err}) when the command is not installed. */
    static List<String> run(List<Path> images, Map<String, Long> kindPeaks, PrintStream err) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        FieldExtractor extractor = new FieldExtractor(LocalDate.now());
        for (Path image : images) {
            ProcessBuilder pb = new ProcessBuilder("tesseract", image.toString(), "stdout", "-l", "chi_sim+eng")
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("OMP_THREAD_LIMIT", "1");
            long start = System.nanoTime();
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                err.println("kiosk: bench: the tesseract command is not installed: " + e.getMessage());
                return List.of();
            }
            long[] peak = {0};
            Thread watch = new Thread(() -> {
                Path status = Path.of("/proc/" + p.pid() + "/status");
                while (p.isAlive()) {
                    peak[0] = Math.max(peak[0], BenchCommand.statusKb(status, "VmHWM:"));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-tesseract-rss");
            watch.setDaemon(true);
            watch.start();
            String text;
            try {
                text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
            p.waitFor();
            long ms = Math.round((System.nanoTime() - start) / 1e6);
            watch.join(1000);
            String kind = BenchCommand.kindOf(image.toString());
            kindPeaks.merge(kind, peak[0], Math::max);
            kindPeaks.merge(BenchCommand.ALL, peak[0], Math::max);
            ObjectNode n = JSON.createObjectNode();
            n.put("file", image.toString());
            n.put("text", text);
            n.put("ms", ms);
            extractor.extract(text).ifPresentOrElse(e -> {
                ObjectNode d = n.putObject("document");
                d.put("type", e.type().wireName());
                ObjectNode fields = d.putObject("fields");
                e.fields().forEach(fields::put);
            }, () -> n.putNull("document"));
            lines.add(n.toString());
        }
        return lines;
    }
}
