package org.openkiosk.centre.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Objects as files in a folder on the centre's disk (the embedded centre's {@code DATA/objects}), so a laptop needs
 * nothing else: {@code sha256/ab/abcd...} for documents and results, {@code uploads/KIOSK/SHA256.part} for an upload
 * under way (each chunk written at its offset and forced to disk before the database records it). Files are written
 * to a temporary name, forced to disk, read back and hashed, then renamed into place.
 */
public final class FolderObjectStore implements ObjectStore {

    private final Path root;

    public FolderObjectStore(Path root) {
        this.root = root.toAbsolutePath();
        try {
            Files.createDirectories(this.root.resolve("tmp"));
        } catch (IOException e) {
            throw ObjectStore.failed("cannot create the object folder " + this.root, e);
        }
    }

    @Override
    public boolean putContent(String sha256, byte[] bytes) {
        String key = ObjectStore.contentKey(sha256);
        if (!sha256Hex(bytes).equals(sha256)) {
            throw new IllegalArgumentException("the bytes do not hash to " + sha256);
        }
        Path target = file(key);
        if (Files.isRegularFile(target) && sizeOf(target) == bytes.length) {
            return false;
        }
        try {
            Path tmp = Files.createTempFile(root.resolve("tmp"), "put-", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
                if (!hashOf(tmp).equals(sha256)) {
                    throw new ObjectStoreException("the disk gave back other bytes than were written for " + key);
                }
                moveIntoPlace(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return true;
        } catch (IOException e) {
            throw ObjectStore.failed("cannot store " + key + " in " + root, e);
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(file(key));
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(key, describe());
        } catch (IOException e) {
            throw ObjectStore.failed("cannot read " + key + " in " + root, e);
        }
    }

    @Override
    public byte[] head(String key, int bytes) {
        try (InputStream in = open(key)) {
            return in.readNBytes(bytes);
        } catch (IOException e) {
            throw ObjectStore.failed("cannot read " + key + " in " + root, e);
        }
    }

    @Override
    public OptionalLong size(String key) {
        Path f = file(key);
        return Files.isRegularFile(f) ? OptionalLong.of(sizeOf(f)) : OptionalLong.empty();
    }

    @Override
    public String appendChunk(String kioskId, String sha256, long length, String state, long offset, byte[] chunk)
            throws StagingLostException {
        Path part = part(kioskId, sha256);
        try {
            Files.createDirectories(part.getParent());
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                if (ch.size() < offset) {
                    throw new StagingLostException("the staged upload " + part + " holds " + ch.size()
                            + " bytes, not the " + offset + " received");
                }
                ch.truncate(offset); // a chunk the database never recorded (the centre died) is written again
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                long at = offset;
                while (buffer.hasRemaining()) {
                    at += ch.write(buffer, at);
                }
                ch.force(true);
            }
            return "";
        } catch (IOException e) {
            throw ObjectStore.failed("cannot stage a chunk of " + sha256 + " in " + root, e);
        }
    }

    @Override
    public boolean completeUpload(String kioskId, String sha256, long length, String state)
            throws StagingLostException {
        Path part = part(kioskId, sha256);
        try {
            if (!Files.isRegularFile(part) || sizeOf(part) != length) {
                Files.deleteIfExists(part);
                throw new StagingLostException("the staged upload " + part + " is missing or not " + length + " bytes");
            }
            if (!hashOf(part).equals(sha256)) {
                Files.deleteIfExists(part);
                return false;
            }
            Path target = file(ObjectStore.contentKey(sha256));
            if (Files.isRegularFile(target) && sizeOf(target) == length) {
                Files.delete(part); // stored before (another kiosk, or an earlier application)
            } else {
                moveIntoPlace(part, target);
            }
            return true;
        } catch (IOException e) {
            throw ObjectStore.failed("cannot complete the upload of " + sha256 + " in " + root, e);
        }
    }

    @Override
    public void abandonUpload(String kioskId, String sha256, String state) {
        try {
            Files.deleteIfExists(part(kioskId, sha256));
        } catch (IOException e) {
            throw ObjectStore.failed("cannot drop the staged upload of " + sha256 + " in " + root, e);
        }
    }

    @Override
    public int dropOrphanStaging(java.time.Instant cutoff, java.util.function.BiPredicate<String, String> known) {
        Path uploads = root.resolve("uploads");
        if (!Files.isDirectory(uploads)) {
            return 0;
        }
        int dropped = 0;
        try (java.util.stream.Stream<Path> parts = Files.walk(uploads, 2)) {
            for (Path part : (Iterable<Path>) parts.filter(p -> p.getFileName().toString().endsWith(".part"))::iterator) {
                String kioskId = part.getParent().getFileName().toString();
                String sha256 = part.getFileName().toString().replace(".part", "");
                if (Files.getLastModifiedTime(part).toInstant().isBefore(cutoff) && !known.test(kioskId, sha256)) {
                    Files.deleteIfExists(part);
                    dropped++;
                }
            }
        } catch (IOException e) {
            throw ObjectStore.failed("cannot prune the staged uploads in " + root, e);
        }
        return dropped;
    }

    @Override
    public String describe() {
        return "the folder " + root;
    }

    @Override
    public void close() {
        // nothing held open
    }

    private Path file(String key) {
        if (key.contains("..") || key.startsWith("/")) {
            throw new IllegalArgumentException("not an object key: " + key);
        }
        return root.resolve(key);
    }

    private Path part(String kioskId, String sha256) {
        if (!KIOSK_ID.matcher(kioskId).matches() || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a kiosk id and SHA-256: " + kioskId + ", " + sha256);
        }
        return root.resolve("uploads").resolve(kioskId).resolve(sha256 + ".part");
    }

    private void moveIntoPlace(Path from, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(from, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself survives a power cut
        } catch (IOException e) {
            // some file systems cannot force a directory; the file's bytes are forced already
        }
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw ObjectStore.failed("cannot read the size of " + f, e);
        }
    }

    static String hashOf(Path f) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
