package org.openkiosk.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent ESC/POS parser: the npm package {@code npos}, driven by {@code src/test/npos/decode.js}.
 * {@link #install()} copies that folder to {@code target/npos} and runs {@code npm ci} there (the lock file pins
 * npos 0.1.19 and its dependencies; optional ones such as its USB connector are left out).
 */
final class NposParser {
    private static final Path SOURCE = Path.of("src", "test", "npos");
    private static final Path WORK = Path.of("target", "npos");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What npos found in a job. */
    record Decoded(List<String> lines, List<String> qr, int cuts, boolean chineseMode, List<String> commands) {
    }

    private NposParser() {
    }

    static synchronized void install() throws Exception {
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json", "decode.js")) {
            Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Result r = run(WORK, 300, "npm", "ci", "--omit=optional", "--ignore-scripts", "--no-audit", "--no-fund");
        if (r.exit() != 0) {
            throw new IllegalStateException("npm ci in " + WORK + " failed (is Node.js with npm installed? see"
                    + " scripts/packages/test-print.txt):\n" + r.output());
        }
    }

    static Decoded decode(byte[] escpos) throws Exception {
        Path bin = Files.createTempFile(WORK.toAbsolutePath(), "job-", ".bin");
        try {
            Files.write(bin, escpos);
            Result r = run(WORK, 60, "node", "decode.js", bin.toString());
            if (r.exit() != 0) {
                throw new AssertionError("npos could not parse the job: " + r.output());
            }
            JsonNode n = JSON.readTree(r.output());
            return new Decoded(strings(n.get("lines")), strings(n.get("qr")), n.get("cuts").asInt(),
                    n.get("chineseMode").asBoolean(), strings(n.get("commands")));
        } finally {
            Files.deleteIfExists(bin);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, int seconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, command[0] + " timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    }
}
