package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shared bench set ({@code ../shared/bench/ocr-sample} beside the repository, as CI lays it out). */
final class BenchSample {
    private BenchSample() {
    }

    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("kiosk"))) {
            p = p.getParent();
        }
        assertThat(p).as("repository root (the folder with the ./kiosk launcher)").isNotNull();
        Path dir = p.resolve("../shared/bench/ocr-sample").normalize();
        assertThat(dir).as("the shared bench set beside the repository").isDirectory();
        return dir;
    }

    static String truthText(Path image) throws IOException {
        return Files.readString(sibling(image, ".txt"), StandardCharsets.UTF_8);
    }

    /** The flat JSON object of string values beside an ID-copy image. */
    static Map<String, String> truthFields(Path image) throws IOException {
        String json = Files.readString(sibling(image, ".json"), StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private static Path sibling(Path image, String ext) {
        return image.resolveSibling(image.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ext);
    }
}
