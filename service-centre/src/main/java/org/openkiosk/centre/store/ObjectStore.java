package org.openkiosk.centre.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Where the centre keeps the bytes of documents and result documents, while its database keeps only their metadata
 * (key, size, SHA-256, type). Objects are content-addressed: the key of a document is made from its SHA-256
 * ({@link #contentKey}), so a document sent again, by the same kiosk or another, is stored once. Two kinds: a folder
 * on the centre's disk ({@link FolderObjectStore}, the embedded centre's default) and an S3 bucket
 * ({@link S3ObjectStore}: Ceph, MinIO, AWS...), which several centre instances share.
 *
 * <p>A document uploaded in chunks is staged in the store as it arrives ({@link #appendChunk}), never whole in the
 * centre's memory or database; what the store needs to carry on with an upload in another request (or another
 * centre instance) is an opaque state the caller keeps with the upload's row and hands back with the next chunk.
 */
public interface ObjectStore extends AutoCloseable {

    /** The key of the object whose bytes have this SHA-256 (lowercase hex). */
    static String contentKey(String sha256) {
        String hex = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in hex: '" + sha256 + "'");
        }
        return "sha256/" + hex.substring(0, 2) + "/" + hex;
    }

    /** What a kiosk id must look like to name a staging place (as enrolment allows). */
    Pattern KIOSK_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
    /** Lowercase hex SHA-256. */
    Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Stores {@code bytes} under {@link #contentKey contentKey(sha256)} unless an object of that size is already
     * there. The store checks what it received (S3: {@code Content-MD5} checked by the server and its ETag compared;
     * a folder: read back and hashed) and the caller's SHA-256 is checked against the bytes first.
     *
     * @return true when written now, false when it was stored before
     * @throws IllegalArgumentException the bytes do not hash to {@code sha256}
     * @throws ObjectStoreException     the store failed or refused the bytes
     */
    boolean putContent(String sha256, byte[] bytes);

    /** The object's bytes as a stream (the caller closes it). */
    InputStream open(String key) throws NoSuchObjectException;

    /** The object's bytes. */
    default byte[] read(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read object " + key + " from " + describe(), e);
        }
    }

    /** At most the first {@code bytes} bytes of the object, without reading the rest. */
    byte[] head(String key, int bytes) throws NoSuchObjectException;

    /** The object's size, empty when there is no such object. */
    OptionalLong size(String key);

    /**
     * Stages one chunk of the document {@code sha256} of {@code length} bytes uploaded by {@code kioskId}, at
     * {@code offset} (the bytes staged so far; a chunk at an offset already staged replaces what follows it).
     *
     * @param state what the previous call for this upload returned ({@code ""} for the first chunk)
     * @return the state to hand to the next call (and to {@link #completeUpload} after the last chunk)
     * @throws StagingLostException the store no longer has what was staged before: the upload must start over
     */
    String appendChunk(String kioskId, String sha256, long length, String state, long offset, byte[] chunk)
            throws StagingLostException;

    /**
     * After the last chunk: checks that the staged bytes hash to {@code sha256} (read back from the store) and
     * makes them the object {@link #contentKey contentKey(sha256)}; what was staged is dropped either way.
     *
     * @return true when stored, false when the bytes do not match (nothing kept)
     * @throws StagingLostException the store no longer has what was staged: the upload must start over
     */
    boolean completeUpload(String kioskId, String sha256, long length, String state) throws StagingLostException;

    /**
     * The last chunk of an upload ({@code offset + lastChunk.length == length}): stages it and completes the upload,
     * as {@link #appendChunk} then {@link #completeUpload}. A store may do it more cheaply: the S3 store PUTs a
     * document of one part once, with the staged chunks and this one, instead of staging this chunk, assembling a
     * multipart upload, reading it back and copying it.
     *
     * @return true when stored, false when the bytes do not match (nothing kept)
     * @throws StagingLostException the store no longer has what was staged: the upload must start over
     */
    default boolean finishUpload(String kioskId, String sha256, long length, String state, long offset,
                                 byte[] lastChunk) throws StagingLostException {
        return completeUpload(kioskId, sha256, length, appendChunk(kioskId, sha256, length, state, offset, lastChunk));
    }

    /**
     * A chunk was staged under {@code unrecorded} but a concurrent request for the same upload recorded its own state
     * first ({@code recorded}, null when the upload is gone): drops what only the losing state holds (S3: a multipart
     * upload the losing request began), keeping what the recorded one needs.
     */
    default void dropUnrecorded(String kioskId, String sha256, String recorded, String unrecorded) {
        // the folder store's state is empty: a chunk written again at its offset replaces itself
    }

    /** Drops whatever an unfinished upload staged (pruning, a restart). */
    void abandonUpload(String kioskId, String sha256, String state);

    /**
     * Drops staging last written before {@code cutoff} of uploads the database no longer knows ({@code known} says
     * which it does): what a centre killed between the store and its database left behind. Returns how many
     * staged objects (or files) were dropped.
     */
    int dropOrphanStaging(java.time.Instant cutoff, java.util.function.BiPredicate<String, String> known);

    /** Where the objects are, for logs and messages (no secrets). */
    String describe();

    @Override
    void close();

    /** The store itself failed (unreachable, refused, disk full); not something a kiosk did wrong. */
    class ObjectStoreException extends RuntimeException {
        public ObjectStoreException(String message, Throwable cause) {
            super(message, cause);
        }

        public ObjectStoreException(String message) {
            super(message);
        }
    }

    /** There is no object under that key. */
    class NoSuchObjectException extends ObjectStoreException {
        public NoSuchObjectException(String key, String where) {
            super("no object " + key + " in " + where);
        }
    }

    /** What an upload staged before is gone (or never arrived whole): it must start over from the first byte. */
    class StagingLostException extends Exception {
        public StagingLostException(String message) {
            super(message);
        }
    }

    /** Wraps an I/O failure of a local file. */
    static ObjectStoreException failed(String what, IOException e) {
        return new ObjectStoreException(what + ": " + e.getMessage(), new UncheckedIOException(e));
    }
}
