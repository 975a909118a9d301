package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openkiosk.app.bench.FleetBench;
import org.openkiosk.app.config.KioskHome;
import org.openkiosk.device.ocr.OcrEngines;
import org.openkiosk.device.ocr.OcrScore;

/**
 * {@code ./kiosk bench ocr [--dir DIR] [--engine NAME|all] [--out DIR]}: runs {@code ./kiosk ocr --json} over the
 * bench set once per engine, each in its own JVM (so each engine's memory is its own), and prints per engine the
 * page character error rate, the share of ID-card fields read exactly, the median milliseconds per image and the
 * peak resident memory of that JVM. {@code --out} keeps each engine's JSON lines (for {@code score_ocr.py}).
 */
final class BenchCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String usage() {
        return """
                  bench ocr [--dir DIR] [--engine NAME|all] [--out DIR]
                                      OCR benchmark on a folder of images with .txt/.json truth (default
                                      ../shared/bench/ocr-sample): page CER, ID fields exact, median ms per
                                      image and peak memory, per engine (default: all engines)
                  bench centre --centre URL (--data DIR | --db JDBC-URL) --kiosks N --minutes M --document-kb K
                               [--centre-pid PID[,PID...]] [--applications-per-kiosk A] [--baseline]
                                      a fleet of N simulated kiosks enrolled at the centre and run against it
                                      for M minutes standing for the peak hour: latency per endpoint,
                                      throughput, bytes, the centre's CPU and memory, `errors N`; exit 1 on errors;
                                      A applications a kiosk (default 6); --baseline: a plain JDBC insert of the
                                      same rows into temporary tables of the same database, for the ratio
                """;
    }

    @Override
    public int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        String what = args.isEmpty() ? "" : args.pop();
        if (what.equals("centre")) {
            return centre(args, out);
        }
        if (!what.equals("ocr")) {
            throw new Main.UsageException("bench needs what to measure: bench ocr, bench centre");
        }
        Main.Options o = Main.Options.parse(args, List.of(), List.of("--dir", "--engine", "--out"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        Path dir = o.value("--dir").map(Path::of).orElseGet(() ->
                KioskHome.dir().resolve("../shared/bench/ocr-sample").normalize());
        if (!Files.isDirectory(dir)) {
            throw new Main.UsageException("no bench folder " + dir + " (give one with --dir)");
        }
        String engineOpt = o.value("--engine").orElse("all");
        List<String> engines = engineOpt.equals("all") ? OcrEngines.NAMES : List.of(engineOpt);
        for (String e : engines) {
            if (!OcrEngines.NAMES.contains(e)) {
                throw new Main.UsageException("--engine must be all or one of " + String.join(", ", OcrEngines.NAMES));
            }
        }
        List<Path> images;
        try (Stream<Path> s = Files.list(dir)) {
            images = s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().toList();
        }
        if (images.isEmpty()) {
            throw new Main.UsageException("no .jpg or .png images in " + dir);
        }
        Path keep = o.value("--out").map(Path::of).orElse(null);
        if (keep != null) {
            Files.createDirectories(keep);
        }
        out.printf(Locale.ROOT, "%d images in %s, %d cores; default engine: %s%n", images.size(), dir,
                Runtime.getRuntime().availableProcessors(), OcrEngines.DEFAULT);
        out.printf(Locale.ROOT, "%-10s %9s %16s %10s %10s %9s%n", "engine", "page CER", "ID fields exact", "median ms",
                "max ms", "peak RSS");
        int failures = 0;
        for (String engine : engines) {
            Result r = runEngine(engine, images, keep, err);
            if (r == null) {
                failures++;
                continue;
            }
            out.printf(Locale.ROOT, "%-10s %8.2f%% %8.1f%% %3d/%-3d %10.0f %10.0f %6d MB%s%n", engine, r.cer() * 100,
                    r.fieldShare() * 100, r.fieldsOk(), r.fields(), r.medianMs(), r.maxMs(), r.peakRssKb() / 1024,
                    engine.equals(OcrEngines.DEFAULT) ? "  (default)" : "");
            out.flush();
        }
        return failures == 0 ? 0 : 1;
    }

    /** {@code bench centre}: the options read here, the fleet run by {@link FleetBench}. */
    private static int centre(Deque<String> args, PrintStream out) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of("--baseline"), List.of("--centre", "--data", "--db", "--kiosks",
                "--minutes", "--document-kb", "--centre-pid", "--applications-per-kiosk"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        String centre = o.value("--centre").orElseThrow(() -> new Main.UsageException("bench centre needs --centre URL"));
        if (o.value("--data").isPresent() == o.value("--db").isPresent()) {
            throw new Main.UsageException("bench centre needs the centre's database: --data DIR or --db JDBC-URL");
        }
        List<Long> pids = new ArrayList<>();
        for (String pid : o.value("--centre-pid").map(v -> v.split(",")).orElse(new String[0])) {
            pids.add(Long.parseLong(pid.strip()));
        }
        FleetBench.Options options;
        try {
            options = FleetBench.Options.of(java.net.URI.create(centre), o.value("--data").map(Path::of).orElse(null),
                    o.value("--db").orElse(null), Integer.parseInt(o.value("--kiosks").orElse("100")),
                    Double.parseDouble(o.value("--minutes").orElse("5")), Integer.parseInt(o.value("--document-kb")
                            .orElse("1024")), pids,
                    Integer.parseInt(o.value("--applications-per-kiosk").orElse(String.valueOf(
                            FleetBench.APPLICATIONS_PER_PEAK_HOUR))), o.flag("--baseline"));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        return FleetBench.run(options, out).errors() == 0 ? 0 : 1;
    }

    record Result(double cer, int fieldsOk, int fields, double medianMs, double maxMs, long peakRssKb) {
        double fieldShare() {
            return fields == 0 ? Double.NaN : (double) fieldsOk / fields;
        }
    }

    private static Result runEngine(String engine, List<Path> images, Path keep, PrintStream err) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("ocr", "--engine", engine, "--json"));
        images.forEach(p -> cmd.add(p.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        AtomicLong peak = new AtomicLong();
        Thread watch = new Thread(() -> {
            Path status = Path.of("/proc/" + p.pid() + "/status");
            while (p.isAlive()) {
                peak.accumulateAndGet(peakRssKb(status), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss");
        watch.setDaemon(true);
        watch.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    lines.add(line);
                }
            }
        }
        int code = p.waitFor();
        watch.join(1000);
        if (keep != null) {
            Files.write(keep.resolve(engine + ".jsonl"), lines, StandardCharsets.UTF_8);
        }
        if (lines.isEmpty()) {
            err.println("kiosk: bench: the " + engine + " engine read nothing (exit " + code + ")");
            return null;
        }
        return score(lines, peak.get());
    }

    static Result score(List<String> lines, long peakRssKb) throws IOException {
        long errors = 0;
        long chars = 0;
        int fieldsOk = 0;
        int fields = 0;
        List<Double> ms = new ArrayList<>();
        for (String line : lines) {
            JsonNode r = JSON.readTree(line);
            Path file = Path.of(r.path("file").asText());
            if (r.has("ms")) {
                ms.add(r.get("ms").asDouble());
            }
            String stem = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            Path txt = file.resolveSibling(stem + ".txt");
            Path truthJson = file.resolveSibling(stem + ".json");
            if (Files.exists(txt)) {
                String truth = Files.readString(txt, StandardCharsets.UTF_8);
                errors += OcrScore.errors(r.path("text").asText(""), truth);
                chars += OcrScore.length(truth);
            } else if (Files.exists(truthJson)) {
                Map<String, String> truth = new LinkedHashMap<>();
                JSON.readTree(truthJson.toFile()).fields().forEachRemaining(e -> truth.put(e.getKey(), e.getValue().asText()));
                Map<String, String> got = new LinkedHashMap<>();
                r.path("document").path("fields").fields().forEachRemaining(e -> got.put(e.getKey(), e.getValue().asText()));
                fields += truth.size();
                fieldsOk += OcrScore.exactFields(got, truth);
            }
        }
        double max = ms.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return new Result(chars == 0 ? Double.NaN : (double) errors / chars, fieldsOk, fields, OcrScore.median(ms), max,
                peakRssKb);
    }

    private static long peakRssKb(Path status) {
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process has just ended
        }
        return 0;
    }
}
