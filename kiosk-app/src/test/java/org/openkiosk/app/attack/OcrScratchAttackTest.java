package org.openkiosk.app.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.ocr.OcrText;
import org.openkiosk.device.ocr.PaddleEngine;

/**
 * Issue 13 item 11: a resident's paper read by OCR must never touch the disk in clear. RapidOCR's packaged native
 * library only reads pages from a file, which was {@code kiosk-ocr-*.bmp} in {@code java.io.tmpdir}, on the disk: the
 * page was there in clear while it was read, and truncating it afterwards left the blocks behind. A watcher looks at
 * every place such a scratch file can be while a real page is read: by the packaged library (a private RAM folder,
 * wiped), and by the kiosk's engine on ONNX Runtime (no file at all).
 */
class OcrScratchAttackTest {

    private static final List<Path> WATCHED = List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/dev/shm"));

    /** A scratch file seen while the page was read: where, on what kind of filesystem, with which permissions. */
    record Seen(Path file, String fileSystem, String permissions, String folderPermissions) {
    }

    @Test
    void pageScratchLivesOnlyInAnOwnerOnlyRamFolderAndIsGoneAfterTheRead() throws Exception {
        Map<Path, Seen> seen = new ConcurrentHashMap<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                scratchFiles().forEach(f -> seen.computeIfAbsent(f, OcrScratchAttackTest::describe));
            }
        });
        PaddleEngine engine = PaddleEngine.loadPackaged(1);
        Path mine = engine.scratchFolder().orElseThrow(); // another test fork may be reading pages with its own engine
        assertThat(mine.getFileName().toString()).startsWith("kiosk-ocr");
        try {
            watcher.start();
            OcrText text = engine.read(page("公民身份号码 110101199003071234"));
            assertThat(text.text()).isNotBlank(); // the engine really read the page
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertThat(seen).as("the engine's page file was seen while it read (else this test tells nothing)")
                .isNotEmpty();
        assertThat(seen.values()).allSatisfy(s -> {
            assertThat(s.fileSystem()).as("filesystem of %s", s.file()).isIn("tmpfs", "ramfs");
            assertThat(s.permissions()).as("permissions of %s", s.file()).isEqualTo("rw-------");
            assertThat(s.folderPermissions()).as("permissions of the folder of %s", s.file()).isEqualTo("rwx------");
        });
        assertThat(seen.keySet()).as("this engine's page file among those seen").anyMatch(f -> f.startsWith(mine));
        assertThat(scratchFiles()).as("page files left after the read").noneMatch(f -> f.startsWith(mine));
        engine.close();
        assertThat(scratchFolders()).as("scratch folders left after close").doesNotContain(mine);
        assertThat(mine).as("this engine's scratch folder after close").doesNotExist();
    }

    @Test
    void theKioskEngineReadsThePageFromMemoryAndWritesNoFile() throws Exception {
        java.util.Set<Path> before = new java.util.HashSet<>(scratchFolders());
        java.util.Set<Path> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                scratchFolders().stream().filter(f -> !before.contains(f)).forEach(seen::add);
            }
        });
        try (PaddleEngine engine = PaddleEngine.load(1)) {
            assertThat(engine.scratchFolder()).as("a scratch folder for the kiosk's engine").isEmpty();
            watcher.start();
            OcrText text = engine.read(page("公民身份号码 110101199003071234"));
            assertThat(text.text()).contains("110101199003071234"); // the engine really read the page
        } finally {
            watching.set(false);
            watcher.join();
        }
        // a folder made by another fork's packaged engine in the meantime would show here too: none is loaded there
        assertThat(seen).as("scratch folders made while the kiosk's engine read").isEmpty();
    }

    private static BufferedImage page(String line) {
        BufferedImage img = new BufferedImage(1600, 1000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 56));
        for (int y = 120; y < 1000; y += 160) {
            g.drawString(line, 60, y);
        }
        g.dispose();
        return img;
    }

    /** Non-empty files named kiosk-ocr* in the watched places, one folder deep. */
    private static List<Path> scratchFiles() {
        return walk().filter(p -> p.getFileName().toString().startsWith("kiosk-ocr") || p.getParent().getFileName()
                        .toString().startsWith("kiosk-ocr"))
                .filter(Files::isRegularFile).filter(p -> {
                    try {
                        return Files.size(p) > 0;
                    } catch (Exception e) {
                        return false;
                    }
                }).toList();
    }

    private static List<Path> scratchFolders() {
        return walk().filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith("kiosk-ocr"))
                .toList();
    }

    private static Stream<Path> walk() {
        return WATCHED.stream().filter(Files::isDirectory).flatMap(dir -> {
            try (Stream<Path> s = Files.walk(dir, 2)) {
                return s.filter(p -> !p.equals(dir)).toList().stream();
            } catch (Exception e) {
                return Stream.empty(); // a file vanished while listing: look again next time
            }
        });
    }

    private static Seen describe(Path file) {
        try {
            return new Seen(file, Files.getFileStore(file).type(),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        } catch (Exception e) {
            return null; // gone before it could be looked at: not recorded
        }
    }
}
