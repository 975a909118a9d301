package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.util.FileSize;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class KioskLogTest {
    private static final Logger LOG = LoggerFactory.getLogger(KioskLogTest.class);

    @TempDir
    Path dir;

    @AfterEach
    void closeTheFile() {
        KioskLog.stopFile();
    }

    @Test
    void rollsOverAtTheLimitKeepingThreeOlderFiles() throws Exception {
        Path file = dir.resolve("logs/kiosk.log");
        KioskLog.rollingFile(file, FileSize.valueOf("200"));
        for (int i = 0; i < 12; i++) {
            LOG.warn(String.format("line %02d %s", i, "x".repeat(150)));
        }
        KioskLog.stopFile();
        assertThat(Files.readString(file)).contains("line 11").doesNotContain("line 09");
        assertThat(Files.readString(dir.resolve("logs/kiosk.log.1"))).contains("line 10");
        assertThat(dir.resolve("logs/kiosk.log.3")).exists();
        assertThat(dir.resolve("logs/kiosk.log.4")).doesNotExist();

        KioskLog.rollingFile(file, FileSize.valueOf("1MB"));
        LOG.warn("appended");
        KioskLog.stopFile();
        assertThat(Files.readString(file)).contains("line 11").endsWith("appended" + System.lineSeparator());
    }

    @Test
    void noSecretReachesTheFile() throws Exception {
        Path file = dir.resolve("logs/kiosk.log");
        KioskLog.rollingFile(file, FileSize.valueOf("1MB"));
        LOG.warn("request Authorization: Bearer abc.def-123 with token=s3cr3t-t0ken",
                new IllegalStateException("password=hunter22"));
        KioskLog.stopFile();
        assertThat(Files.readString(file)).contains("Bearer <redacted>", "token=<redacted>", "password=<redacted>")
                .doesNotContain("abc.def-123", "s3cr3t-t0ken", "hunter22");
    }
}
