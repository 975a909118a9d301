package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {
    @TempDir
    Path dir;

    @Test
    void rollsOverAtTheLimitKeepingThreeOlderFiles() throws Exception {
        Path file = dir.resolve("logs/kiosk.log");
        try (LogFile log = new LogFile(file, 100)) {
            for (int i = 0; i < 12; i++) {
                log.write(String.format("line %02d %s%n", i, "x".repeat(30)).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(Files.readString(file)).startsWith("line 10").contains("line 11").doesNotContain("line 09");
        assertThat(Files.readString(dir.resolve("logs/kiosk.log.1"))).startsWith("line 08");
        assertThat(dir.resolve("logs/kiosk.log.3")).exists();
        assertThat(dir.resolve("logs/kiosk.log.4")).doesNotExist();
        try (LogFile again = new LogFile(file, 100)) {
            again.write("appended\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(file)).contains("line 11").endsWith("appended\n");
    }
}
