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
import org.openkiosk.device.ocr.PaddleEngine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kiosk bench ocr [--dir DIR] [--engine NAME|all] [--out DIR]}: runs {@code ./kiosk ocr --json} over the
 * bench set once per engine, each in its own JVM (so each engine's memory is its own), and prints per engine the
 * page character error rate, the share of ID-card fields read exactly, the median milliseconds per image and the
 * peak resident memory of that JVM. {@code --out} keeps each engine's JSON lines (for {@code score_ocr.py}).
 * Then, per engine and per kind of paper (taken from the file name: {@code page}, {@code idcopy},
 * {@code household}, {@code licence}), the same figures beside two raw anchors measured in the same run: the
 * system's {@code tesseract} command (chi_sim+eng) and RapidOCR (PaddleOCR's models) on the raw photo, neither
 * with the page pipeline, fields taken from their text by the same extractor; and each engine's figures as ratios
 * to the anchors' ({@code ×0.10}: a tenth of the anchor's).
 */
@Command(name = "bench", subcommands = {BenchCommand.Ocr.class, BenchCommand.Lookalikes.class, BenchCommand.Centre.class},
        description = "benchmarks")
final class BenchCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code ./kiosk bench lookalikes --out FILE [--only CHARS]}: what the default engine reads, surely, for each
     * standard character its recogniser cannot write, printed in Hei, Ming and Kai: the table that gives a doubted
     * name its choices ({@code device-drivers/src/main/resources/ocr/lookalikes.tsv}; needs the fonts
     * fonts-wqy-zenhei, fonts-arphic-uming and fonts-arphic-ukai).
     */
    @Command(name = "lookalikes", description = "what the OCR reads surely for each standard character it cannot"
            + " write (瑧 read as 臻), printed in Hei, Ming and Kai: the table of a doubted name's choices")
    static final class Lookalikes extends CliCommand {
        @Option(names = "--out", paramLabel = "FILE", required = true, description = "the table to write")
        Path file;

        @Option(names = "--only", paramLabel = "CHARS", description = "print only these characters (default: all)")
        String only = "";

        Lookalikes(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            try (var engine = OcrEngines.load(OcrEngines.DEFAULT)) {
                var made = org.openkiosk.device.ocr.Lookalikes.make(engine, only, file, out::println);
                out.printf(Locale.ROOT, "%d printings, %d read surely as another character; %d characters in %s%n",
                        made.printed(), made.misread(), made.characters(), file);
            }
            return 0;
        }
    }

    @Command(name = "ocr", description = "OCR benchmark on a folder of images with .txt/.json truth (default"
            + " ../shared/bench/ocr-sample): page CER, ID fields exact, median ms per image and peak memory, per engine"
            + " (default: all engines)")
    static final class Ocr extends CliCommand {
        @Option(names = "--dir", paramLabel = "DIR", description = "the bench folder")
        Path dir;

        @Option(names = "--engine", paramLabel = "NAME|all", description = "one engine, or all (default)")
        String engine = "all";

        @Option(names = "--out", paramLabel = "DIR", description = "keep each engine's JSON lines here")
        Path keep;

        Ocr(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            Path folder = dir != null ? dir : KioskHome.dir().resolve("../shared/bench/ocr-sample").normalize();
            if (!Files.isDirectory(folder)) {
                throw new Main.UsageException("no bench folder " + folder + " (give one with --dir)");
            }
            List<String> engines = engine.equals("all") ? OcrEngines.NAMES : List.of(engine);
            for (String e : engines) {
                if (!OcrEngines.NAMES.contains(e)) {
                    throw new Main.UsageException("--engine must be all or one of " + String.join(", ", OcrEngines.NAMES));
                }
            }
            List<Path> images;
            try (Stream<Path> s = Files.list(folder)) {
                images = s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().toList();
            }
            if (images.isEmpty()) {
                throw new Main.UsageException("no .jpg or .png images in " + folder);
            }
            if (keep != null) {
                Files.createDirectories(keep);
            }
            out.printf(Locale.ROOT, "%d images in %s, %d cores; default engine: %s%n", images.size(), folder,
                    Runtime.getRuntime().availableProcessors(), OcrEngines.DEFAULT);
            out.printf(Locale.ROOT, "%-10s %9s %16s %16s %10s %10s %9s%n", "engine", "page CER", "ID fields exact",
                    "pre-filled", "median ms", "max ms", "peak RSS");
            int failures = 0;
            Map<String, Map<String, Result>> byKind = new LinkedHashMap<>();
            for (String name : engines) {
                Map<String, Long> kindPeaks = new java.util.concurrent.ConcurrentHashMap<>();
                List<String> jsonLines = new ArrayList<>();
                Result r = runEngine(name, List.of(), images, keep, err, kindPeaks, jsonLines);
                if (r == null) {
                    failures++;
                    continue;
                }
                byKind.put(name, scoreByKind(jsonLines, kindPeaks, r.peakRssKb()));
                out.printf(Locale.ROOT, "%-10s %8.2f%% %8.1f%% %3d/%-3d %16s %10.0f %10.0f %6d MB%s%n", name,
                        r.cer() * 100, r.fieldShare() * 100, r.fieldsOk(), r.fields(), r.prefilledText(), r.medianMs(),
                        r.maxMs(), r.peakRssKb() / 1024, name.equals(OcrEngines.DEFAULT) ? "  (default)" : "");
                out.flush();
            }
            Map<String, Long> rawPeaks = new java.util.concurrent.ConcurrentHashMap<>();
            List<String> rawLines = new ArrayList<>();
            Result raw = runEngine(RAPID_RAW, List.of("--raw"), images, keep, err, rawPeaks, rawLines);
            Map<String, Long> cliPeaks = new java.util.concurrent.ConcurrentHashMap<>();
            List<String> cliLines = TesseractCli.run(images, cliPeaks, err);
            if (keep != null) {
                Files.write(keep.resolve(TESSERACT_CLI + ".jsonl"), cliLines, StandardCharsets.UTF_8);
            }
            Map<String, Map<String, Result>> anchors = new LinkedHashMap<>();
            if (!cliLines.isEmpty()) {
                anchors.put(TESSERACT_CLI, scoreByKind(cliLines, cliPeaks, cliPeaks.getOrDefault(ALL, 0L)));
            }
            if (raw != null) {
                anchors.put(RAPID_RAW, scoreByKind(rawLines, rawPeaks, raw.peakRssKb()));
            }
            printByKind(out, byKind, anchors);
            return failures == 0 ? 0 : 1;
        }
    }

    /** {@code bench centre}: the options read here, the fleet run by {@link FleetBench}. */
    @Command(name = "centre", description = "a fleet of N simulated kiosks enrolled at the centre and run against it for"
            + " M minutes standing for the peak hour: latency per endpoint, throughput, bytes, the centre's CPU and"
            + " memory, `errors N`; exit 1 on errors")
    static final class Centre extends CliCommand {
        @Option(names = "--centre", paramLabel = "URL", required = true, description = "the centre (or its load balancer)")
        java.net.URI centre;

        @ArgGroup(exclusive = true, multiplicity = "1")
        CentreDatabase database;

        @Option(names = "--kiosks", paramLabel = "N", description = "simulated kiosks (default 100)")
        int kiosks = 100;

        @Option(names = "--minutes", paramLabel = "M", description = "wall minutes standing for the peak hour (default 5)")
        double minutes = 5;

        @Option(names = "--document-kb", paramLabel = "K", description = "the size of each document (default 1024)")
        int documentKb = 1024;

        @Option(names = "--centre-pid", paramLabel = "PID", split = ",", description = "the centre processes whose CPU"
                + " and memory are read from /proc")
        List<Long> pids = new ArrayList<>();

        @Option(names = "--applications-per-kiosk", paramLabel = "A", description = "applications a kiosk (default "
                + FleetBench.APPLICATIONS_PER_PEAK_HOUR + ")")
        int applicationsPerKiosk = FleetBench.APPLICATIONS_PER_PEAK_HOUR;

        @Option(names = "--baseline", description = "a plain JDBC insert of the same rows into temporary tables of the"
                + " same database, for the ratio (and, with --s3-endpoint, a plain S3 PUT of the same documents to the"
                + " centre's object store)")
        boolean baseline;

        /** The centre's object store, when it runs with {@code --s3-endpoint}: the same options. */
        @picocli.CommandLine.Mixin
        S3Options s3;

        Centre(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            FleetBench.Options options;
            try {
                options = FleetBench.Options.of(centre, database.data, database.postgres(), kiosks, minutes, documentKb,
                        pids, applicationsPerKiosk, baseline, s3.settings());
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(e.getMessage());
            }
            return FleetBench.run(options, out).errors() == 0 ? 0 : 1;
        }
    }

    static final String ALL = "all";
    static final String TESSERACT_CLI = "tesseract-cli";
    static final String RAPID_RAW = "rapidocr-raw";

    /** The kind of paper an image is, from its file name ({@code household-003.jpg}: household). */
    static String kindOf(String file) {
        String name = Path.of(file).getFileName().toString();
        int dash = name.indexOf('-');
        return dash > 0 ? name.substring(0, dash) : name.replaceFirst("\\.[^.]+$", "");
    }

    /** Each kind's figures, and {@code all}; a kind's peak memory is the highest sampled while its images were read. */
    static Map<String, Result> scoreByKind(List<String> lines, Map<String, Long> kindPeaks, long peakKb) throws IOException {
        Map<String, List<String>> kinds = new java.util.TreeMap<>();
        for (String line : lines) {
            kinds.computeIfAbsent(kindOf(JSON.readTree(line).path("file").asText()), k -> new ArrayList<>()).add(line);
        }
        Map<String, Result> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : kinds.entrySet()) {
            out.put(e.getKey(), score(e.getValue(), kindPeaks.getOrDefault(e.getKey(), 0L)));
        }
        out.put(ALL, score(lines, peakKb));
        return out;
    }

    private static void printByKind(PrintStream out, Map<String, Map<String, Result>> engines,
                                    Map<String, Map<String, Result>> anchors) {
        out.println();
        out.println("per kind of paper, beside the raw anchors (tesseract-cli: the tesseract command, chi_sim+eng;"
                + " rapidocr-raw: RapidOCR; both on the raw photo, no page pipeline)");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-13s %-10s %9s %16s %14s %10s %9s",
                "engine", "kind", "page CER", "fields exact", "pre-filled", "median ms", "peak RSS"));
        for (String a : anchors.keySet()) {
            head.append(String.format(Locale.ROOT, "  | vs %-13s %6s %6s %6s %6s", a, "CER", "fields", "ms", "RSS"));
        }
        out.println(head);
        Map<String, Map<String, Result>> rows = new LinkedHashMap<>(engines);
        rows.putAll(anchors);
        rows.forEach((engine, kinds) -> kinds.forEach((kind, r) -> {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-13s %-10s %9s %16s %14s %10.0f %6d MB",
                    engine, kind, Double.isNaN(r.cer()) ? "-" : String.format(Locale.ROOT, "%.2f%%", r.cer() * 100),
                    r.fields() == 0 ? "-" : String.format(Locale.ROOT, "%.1f%% %d/%d", r.fieldShare() * 100, r.fieldsOk(),
                            r.fields()), r.prefilledText(), r.medianMs(), r.peakRssKb() / 1024));
            if (!anchors.containsKey(engine)) {
                anchors.forEach((a, akinds) -> {
                    Result ar = akinds.get(kind);
                    line.append(String.format(Locale.ROOT, "  | vs %-13s %6s %6s %6s %6s", a,
                            ratio(r.cer(), ar == null ? Double.NaN : ar.cer()),
                            ratio(r.fieldShare(), ar == null ? Double.NaN : ar.fieldShare()),
                            ratio(r.medianMs(), ar == null ? Double.NaN : ar.medianMs()),
                            ratio(r.peakRssKb(), ar == null ? Double.NaN : ar.peakRssKb())));
                });
            }
            out.println(line);
        }));
        out.flush();
    }

    /** {@code a / b} as {@code ×0.12}; {@code -} when either is unknown or b is zero. */
    static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "×%.2f", a / b);
    }

    /**
     * @param prefilled      fields the kiosk would fill in for the resident (a value, and no problem reported for it:
     *                       {@code RecognisedDocument.trusted}); -1 when the engine's lines report no problems at all
     *                       (the Tesseract command, which makes no such decision)
     * @param prefilledWrong of those, the ones not read exactly: a wrong value the resident is not asked to check
     */
    record Result(double cer, int fieldsOk, int fields, double medianMs, double maxMs, long peakRssKb, int prefilled,
                  int prefilledWrong) {
        double fieldShare() {
            return fields == 0 ? Double.NaN : (double) fieldsOk / fields;
        }

        /** {@code 100 (0 wrong)}, or {@code -} where nothing is decided. */
        String prefilledText() {
            return prefilled < 0 || fields == 0 ? "-" : prefilled + " (" + prefilledWrong + " wrong)";
        }
    }

    /**
     * The JVM of the measured {@code ocr} process is sized for reading papers, as a kiosk's OCR needs: pages and
     * their text take a few tens of MB of heap, the engines' models and buffers live outside it. Without a limit the
     * JVM takes a quarter of the machine's memory as its heap and lets it grow to hundreds of MB of garbage between
     * collections, which the peak resident memory then counts.
     */
    static final List<String> OCR_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");
    /**
     * glibc gives each thread that allocates its own malloc arena (up to 8 per core); the engines' inference threads
     * each keep one, of freed buffers, for the life of the process. Two arenas are enough for one page at a time.
     */
    static final Map<String, String> OCR_ENV = Map.of("MALLOC_ARENA_MAX", "2");

    private static Result runEngine(String engine, List<String> extra, List<Path> images, Path keep, PrintStream err,
                                    Map<String, Long> kindPeaks, List<String> lines) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(OCR_JVM);
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("ocr", "--engine", engine.equals(RAPID_RAW) ? PaddleEngine.PACKAGED : engine, "--json"));
        cmd.addAll(extra);
        images.forEach(p -> cmd.add(p.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(OCR_ENV);
        Process p = pb.start();
        AtomicLong peak = new AtomicLong();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        Thread watch = new Thread(() -> {
            Path status = Path.of("/proc/" + p.pid() + "/status");
            while (p.isAlive()) {
                peak.accumulateAndGet(peakRssKb(status), Math::max);
                int at = done.get();
                if (at < images.size()) {
                    long rss = statusKb(status, "VmRSS:");
                    kindPeaks.merge(kindOf(images.get(at).toString()), rss, Math::max);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss");
        watch.setDaemon(true);
        watch.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    lines.add(line);
                    done.incrementAndGet();
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
        int prefilled = 0;
        int prefilledWrong = 0;
        boolean decided = false;
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
                decided |= r.has("problems");
                java.util.Set<String> doubted = new java.util.HashSet<>();
                r.path("problems").forEach(p -> doubted.add(p.path("field").asText()));
                for (Map.Entry<String, String> e : truth.entrySet()) {
                    String value = got.getOrDefault(e.getKey(), "");
                    if (!value.isBlank() && !doubted.contains(e.getKey())) {
                        prefilled++;
                        if (!OcrScore.exact(e.getKey(), value, e.getValue())) {
                            prefilledWrong++;
                        }
                    }
                }
            }
        }
        double max = ms.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return new Result(chars == 0 ? Double.NaN : (double) errors / chars, fieldsOk, fields, OcrScore.median(ms), max,
                peakRssKb, decided ? prefilled : -1, prefilledWrong);
    }

    private static long peakRssKb(Path status) {
        return statusKb(status, "VmHWM:");
    }

    static long statusKb(Path status, String key) {
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith(key)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process has just ended
        }
        return 0;
    }
}
