package org.openkiosk.device.ocr;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where an OCR engine that can only read pages from a file (PaddleOCR's native library takes a path) puts the page:
 * a private folder ({@code rwx------}) in a RAM-backed filesystem ({@code /dev/shm}, else {@code $XDG_RUNTIME_DIR}),
 * one owner-only file ({@code rw-------}) that is overwritten with zeros and deleted as soon as the page is read. A
 * resident's paper therefore never reaches the disk in clear; encrypting the file is no option since the native
 * library must read it as an image. Where no RAM-backed folder exists the engine refuses to start rather than fall
 * back to the disk. (tmpfs pages can be swapped out: a kiosk runs without swap, or with encrypted swap.)
 */
public final class OcrScratch implements AutoCloseable {

    static final Set<String> RAM_FILESYSTEMS = Set.of("tmpfs", "ramfs");
    private static final String PAGE = "page.bmp";

    private final Path dir;

    private OcrScratch(Path dir) {
        this.dir = dir;
    }

    /** A fresh private folder in the first RAM-backed candidate. */
    public static OcrScratch inRam() throws OcrException {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("/dev/shm"));
        Optional.ofNullable(System.getenv("XDG_RUNTIME_DIR")).filter(s -> !s.isBlank()).map(Path::of)
                .ifPresent(candidates::add);
        for (Path base : candidates) {
            if (!isRam(base)) {
                continue;
            }
            try {
                return new OcrScratch(Files.createTempDirectory(base, "kiosk-ocr-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
            } catch (IOException | UnsupportedOperationException e) {
                // try the next one
            }
        }
        throw new OcrException("no RAM-backed folder (" + candidates + ") for the OCR engine's page file: pages are "
                + "never written to the disk, so this engine cannot run here (camera.ocr=tesseract reads in memory)");
    }

    static boolean isRam(Path dir) {
        try {
            return Files.isDirectory(dir) && Files.isWritable(dir)
                    && RAM_FILESYSTEMS.contains(Files.getFileStore(dir).type());
        } catch (IOException e) {
            return false;
        }
    }

    /** The folder (for tests and diagnostics). */
    public Path folder() {
        return dir;
    }

    /** Writes the page in grey as BMP to the owner-only page file and returns its path. */
    public Path write(BufferedImage page) throws OcrException {
        Path file = dir.resolve(PAGE);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                out.write(bmp(Grey.of(page)));
            }
            return file;
        } catch (IOException e) {
            wipe();
            throw new OcrException("cannot write the page for the OCR engine: " + e.getMessage(), e);
        }
    }

    /**
     * An 8-bit grey BMP (a grey palette, rows bottom up, each padded to four bytes), written from the raster's bytes
     * in one go: ImageIO's BMP writer took some 50 ms per page going pixel by pixel through the colour model.
     */
    static byte[] bmp(BufferedImage grey) {
        int w = grey.getWidth();
        int h = grey.getHeight();
        byte[] pixels = ((java.awt.image.DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        int rowBytes = (w + 3) & ~3;
        int offset = 14 + 40 + 256 * 4;
        ByteBuffer b = ByteBuffer.allocate(offset + rowBytes * h).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(offset + rowBytes * h).putInt(0).putInt(offset);
        b.putInt(40).putInt(w).putInt(h).putShort((short) 1).putShort((short) 8).putInt(0).putInt(rowBytes * h)
                .putInt(2835).putInt(2835).putInt(256).putInt(0);
        for (int i = 0; i < 256; i++) {
            b.put((byte) i).put((byte) i).put((byte) i).put((byte) 0);
        }
        for (int y = h - 1; y >= 0; y--) {
            b.put(pixels, y * w, w);
            b.position(b.position() + rowBytes - w);
        }
        return b.array();
    }

    /** Overwrites the page file with zeros and deletes it. */
    public void wipe() {
        Path file = dir.resolve(PAGE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long at = 0; at < size; ) {
                zeros.clear();
                zeros.limit((int) Math.min(zeros.capacity(), size - at));
                at += ch.write(zeros, at);
            }
        } catch (IOException e) {
            // not there: nothing to wipe
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the folder goes at close
        }
    }

    @Override
    public void close() {
        wipe();
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a RAM folder left behind empty is gone at the next boot
        }
    }
}
