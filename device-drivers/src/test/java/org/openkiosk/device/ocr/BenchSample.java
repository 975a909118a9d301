package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few bench photographs the tests read, carried in this module's test resources ({@code ocr-sample/}) so a clone
 * of the repository alone passes; the whole bench set is only for {@code ./kiosk bench ocr}.
 */
final class BenchSample {
    private BenchSample() {
    }

    static Path dir() {
        URL dir = BenchSample.class.getResource("/ocr-sample");
        assertThat(dir).as("the bench photographs in the test resources (ocr-sample/)").isNotNull();
        try {
            return Path.of(dir.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
