package org.openkiosk.app.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log tail the diagnostic bundle and the technician screen show: exactly the last lines, whatever the size. */
class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void takesExactlyTheLastLinesOfALogLargerThanOneBlock() throws Exception {
        Path log = dir.resolve("kiosk.log");
        Files.writeString(log, IntStream.rangeClosed(1, 5000)
                .mapToObj(i -> "line " + i + " " + "x".repeat(120)).collect(Collectors.joining("\n", "", "\n")));

        List<String> tail = DiagBundle.tail(log, 2000);

        assertThat(tail).hasSize(2000);
        assertThat(tail.get(0)).startsWith("line 3001 ");
        assertThat(tail.get(1999)).startsWith("line 5000 ");
    }

    @Test
    void aShortLogIsTakenWholeWithOrWithoutItsLastNewline() throws Exception {
        Path log = dir.resolve("short.log");
        Files.writeString(log, "first\nsecond\n第三行", StandardCharsets.UTF_8);

        assertThat(DiagBundle.tail(log, 40)).containsExactly("first", "second", "第三行");
        assertThat(DiagBundle.tail(log, 2)).containsExactly("second", "第三行");
        Files.writeString(log, "");
        assertThat(DiagBundle.tail(log, 40)).isEmpty();
    }
}
