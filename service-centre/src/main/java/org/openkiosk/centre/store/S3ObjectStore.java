package org.openkiosk.centre.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket (Ceph's radosgw, MinIO, AWS...), through the AWS SDK for Java v2 with path-style
 * addressing. Every PUT carries {@code Content-MD5}, which the server checks (a mismatch is refused with
 * {@code BadDigest}), and the ETag it answers is compared with the MD5 the centre computed.
 *
 * <p>An upload in chunks: each chunk (256 KB from a kiosk, 4 MB at most) becomes a staging object
 * {@code uploads/KIOSK/SHA256/chunk-OFFSET}; as soon as {@value #PART_SIZE_MB} MB are staged they are streamed, object
 * after object, into the next part of a multipart upload (S3 wants parts of 5 MB at least but the last), so the
 * centre holds one chunk at a time. After the last chunk the multipart upload is completed, read back and hashed; if
 * it is the document the kiosk named, it is copied by the server to its content key and the staging is deleted. Most
 * documents never get that far: one of {@value #PART_SIZE_MB} MB at most is read from its staged chunks, hashed and
 * PUT once at its last chunk ({@link #finishUpload}), which costs a dozen requests fewer.
 * The upload's state between requests (the multipart upload id, the parts' ETags, the offset where unsent staging
 * begins) is JSON the caller keeps in the database, so any centre instance can take the next chunk.
 */
public final class S3ObjectStore implements ObjectStore {

    static final int PART_SIZE_MB = 8;
    private static final long PART_SIZE = PART_SIZE_MB * 1024L * 1024;
    /** The key, under an upload's staging prefix, of the multipart upload that assembles a large document. */
    private static final String WHOLE = "whole";
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final S3Settings settings;
    private final String bucket;

    private S3ObjectStore(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
        this.bucket = settings.bucket();
    }

    /** Connects, and makes the bucket when it is missing. */
    public static S3ObjectStore open(S3Settings settings) {
        return open(settings, List.of());
    }

    /** As {@link #open(S3Settings)}, with interceptors that see every request (tests count them). */
    static S3ObjectStore open(S3Settings settings, List<ExecutionInterceptor> interceptors) {
        S3Client s3 = S3Client.builder()
                .overrideConfiguration(o -> interceptors.forEach(o::addExecutionInterceptor))
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .forcePathStyle(true)
                // the SDK's newer CRC checksums are refused by Ceph 16 (HTTP 400): send a checksum only where the
                // API requires one; every PUT here carries its own Content-MD5 instead
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64)
                        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)))
                .build();
        S3ObjectStore store = new S3ObjectStore(s3, settings);
        try {
            store.ensureBucket();
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        return store;
    }

    private void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            create();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failed("cannot reach the bucket", e);
            }
            create();
        } catch (SdkException e) {
            throw failed("cannot reach the bucket", e);
        }
    }

    private void create() {
        try {
            s3.createBucket(b -> b.bucket(bucket));
            LOG.info("Made the bucket {} at {}", bucket, settings.endpoint());
        } catch (BucketAlreadyOwnedByYouException e) {
            // another centre instance made it just now
        } catch (SdkException e) {
            throw failed("cannot make the bucket", e);
        }
    }

    @Override
    public boolean putContent(String sha256, byte[] bytes) {
        String key = ObjectStore.contentKey(sha256);
        if (!FolderObjectStore.sha256Hex(bytes).equals(sha256)) {
            throw new IllegalArgumentException("the bytes do not hash to " + sha256);
        }
        OptionalLong there = size(key);
        if (there.isPresent() && there.getAsLong() == bytes.length) {
            return false;
        }
        put(key, bytes, md5(bytes));
        return true;
    }

    /** PUT with this {@code Content-MD5} (base64): the server refuses bytes that do not match it. */
    void put(String key, byte[] bytes, byte[] md5) {
        PutObjectResponse r;
        try {
            r = s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) bytes.length)
                    .contentMD5(Base64.getEncoder().encodeToString(md5)).contentType("application/octet-stream"),
                    RequestBody.fromBytes(bytes));
        } catch (S3Exception e) {
            if ("BadDigest".equals(code(e)) || "InvalidDigest".equals(code(e))) {
                throw new ObjectStoreException("the object store refused " + key + ": the bytes it received do not"
                        + " match their checksum (" + code(e) + ")", e);
            }
            throw failed("cannot store " + key, e);
        } catch (SdkException e) {
            throw failed("cannot store " + key, e);
        }
        checkEtag(key, r.eTag(), md5);
    }

    private void checkEtag(String key, String etag, byte[] md5) {
        String got = etag == null ? "" : etag.replace("\"", "");
        if (!got.equalsIgnoreCase(HexFormat.of().formatHex(md5))) {
            delete(key);
            throw new ObjectStoreException("the object store answered ETag " + got + " for " + key
                    + ", not the MD5 of the bytes sent: dropped");
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchObjectException(key, describe());
        } catch (SdkException e) {
            throw failed("cannot read " + key, e);
        }
    }

    @Override
    public byte[] head(String key, int bytes) {
        if (bytes <= 0) {
            return new byte[0];
        }
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=0-" + (bytes - 1)))) {
            return in.readNBytes(bytes);
        } catch (NoSuchKeyException e) {
            throw new NoSuchObjectException(key, describe());
        } catch (S3Exception e) {
            if (e.statusCode() == 416) { // an empty object has no first byte
                return new byte[0];
            }
            throw failed("cannot read " + key, e);
        } catch (SdkException e) {
            throw failed("cannot read " + key, e);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + key + " from " + describe(), e);
        }
    }

    @Override
    public OptionalLong size(String key) {
        try {
            return OptionalLong.of(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw failed("cannot look up " + key, e);
        } catch (SdkException e) {
            throw failed("cannot look up " + key, e);
        }
    }

    /** The state of an upload between requests: the multipart upload, its parts' ETags, where unsent staging begins. */
    record Upload(String uploadId, List<String> parts, long sentUpTo) {
        static Upload parse(String state) {
            if (state == null || state.isEmpty()) {
                return new Upload(null, List.of(), 0);
            }
            try {
                return JSON.readValue(state, Upload.class);
            } catch (JsonProcessingException e) {
                throw new ObjectStoreException("an upload's state is not what this store writes: " + state, e);
            }
        }

        String write() {
            try {
                return JSON.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public String appendChunk(String kioskId, String sha256, long length, String state, long offset, byte[] chunk)
            throws StagingLostException {
        String prefix = staging(kioskId, sha256);
        put(prefix + chunkName(offset), chunk, md5(chunk));
        Upload upload = Upload.parse(state);
        long received = offset + chunk.length;
        if (received - upload.sentUpTo() >= PART_SIZE || received == length) {
            upload = sendParts(kioskId, sha256, upload, received, received == length, true);
        }
        return upload.write();
    }

    /** Streams the staged chunks from {@code sentUpTo} on into parts of the multipart upload. */
    private Upload sendParts(String kioskId, String sha256, Upload upload, long received, boolean last,
                             boolean mayRestart) throws StagingLostException {
        String prefix = staging(kioskId, sha256);
        TreeMap<Long, Long> staged = stagedChunks(prefix);
        String uploadId = upload.uploadId();
        List<String> parts = new ArrayList<>(upload.parts());
        long from = upload.sentUpTo();
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(prefix + WHOLE)).uploadId();
            }
            while (from < received) {
                List<String> keys = new ArrayList<>();
                long size = 0;
                long at = from;
                while (at < received && size < PART_SIZE) {
                    Long chunkSize = staged.get(at);
                    if (chunkSize == null || chunkSize == 0) {
                        throw new StagingLostException("the staged chunk at offset " + at + " of " + sha256
                                + " from kiosk " + kioskId + " is missing");
                    }
                    keys.add(prefix + chunkName(at));
                    size += chunkSize;
                    at += chunkSize;
                }
                if (size < PART_SIZE && !last) {
                    break; // too small for a part but the last: wait for more chunks
                }
                parts.add(uploadPart(prefix + WHOLE, uploadId, parts.size() + 1, keys, size));
                from = at;
            }
        } catch (NoSuchUploadException e) {
            if (!mayRestart) {
                throw failed("the multipart upload of " + sha256 + " vanished", e);
            }
            // completed or aborted already (a centre died between the store and its database): send it all again
            LOG.info("The multipart upload of {} from kiosk {} is gone; sending its staged chunks again", sha256, kioskId);
            return sendParts(kioskId, sha256, new Upload(null, List.of(), 0), received, last, false);
        } catch (SdkException e) {
            throw failed("cannot send a part of " + sha256, e);
        }
        return new Upload(uploadId, parts, from);
    }

    private String uploadPart(String key, String uploadId, int number, List<String> chunkKeys, long size) {
        AtomicReference<MessageDigest> digest = new AtomicReference<>();
        ContentStreamProvider body = () -> {
            MessageDigest md5 = md5Digest();
            digest.set(md5);
            Iterator<String> keys = chunkKeys.iterator();
            return new DigestInputStream(new SequenceInputStream(new java.util.Enumeration<InputStream>() {
                @Override
                public boolean hasMoreElements() {
                    return keys.hasNext();
                }

                @Override
                public InputStream nextElement() {
                    return open(keys.next());
                }
            }), md5);
        };
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                .contentLength(size), RequestBody.fromContentProvider(body, size, "application/octet-stream")).eTag();
        byte[] sent = digest.get().digest();
        String got = etag == null ? "" : etag.replace("\"", "");
        if (!got.equalsIgnoreCase(HexFormat.of().formatHex(sent))) {
            throw new ObjectStoreException("the object store answered ETag " + got + " for part " + number + " of "
                    + key + ", not the MD5 of the bytes sent");
        }
        return got;
    }

    /**
     * A document of one part at most ({@value #PART_SIZE_MB} MB) never became a multipart upload: its staged chunks
     * are read (the centre holds one part at most) and the whole is hashed and PUT once to its content key with its
     * {@code Content-MD5}; the last chunk is not staged at all. A document that fits one request is two requests
     * (HEAD, PUT) instead of a dozen. Larger documents go on as multipart uploads ({@link #completeUpload}).
     */
    @Override
    public boolean finishUpload(String kioskId, String sha256, long length, String state, long offset,
                                byte[] lastChunk) throws StagingLostException {
        Upload upload = Upload.parse(state);
        if (length > PART_SIZE || upload.uploadId() != null || offset + lastChunk.length != length) {
            return ObjectStore.super.finishUpload(kioskId, sha256, length, state, offset, lastChunk);
        }
        String prefix = staging(kioskId, sha256);
        List<String> staged = new ArrayList<>();
        byte[] whole = new byte[(int) length];
        try {
            if (offset > 0) {
                TreeMap<Long, Long> chunks = stagedChunks(prefix);
                long at = 0;
                while (at < offset) {
                    Long size = chunks.get(at);
                    if (size == null || size == 0 || at + size > offset) {
                        throw new StagingLostException("the staged chunk at offset " + at + " of " + sha256
                                + " from kiosk " + kioskId + " is missing");
                    }
                    String key = prefix + chunkName(at);
                    try (InputStream in = open(key)) {
                        if (in.readNBytes(whole, (int) at, (int) (long) size) != size) {
                            throw new StagingLostException("the staged chunk " + key + " is shorter than listed");
                        }
                    } catch (NoSuchObjectException e) {
                        throw new StagingLostException("the staged chunk " + key + " is gone");
                    } catch (IOException e) {
                        throw new ObjectStoreException("cannot read " + key + " from " + describe(), e);
                    }
                    at += size;
                }
                chunks.keySet().forEach(o -> staged.add(prefix + chunkName(o)));
            }
            System.arraycopy(lastChunk, 0, whole, (int) offset, lastChunk.length);
            boolean matches = FolderObjectStore.sha256Hex(whole).equals(sha256);
            if (matches) {
                putContent(sha256, whole);
            }
            for (String key : staged) {
                delete(key);
            }
            return matches;
        } catch (SdkException e) {
            throw failed("cannot complete the upload of " + sha256, e);
        }
    }

    @Override
    public boolean completeUpload(String kioskId, String sha256, long length, String state)
            throws StagingLostException {
        String prefix = staging(kioskId, sha256);
        String whole = prefix + WHOLE;
        Upload upload = Upload.parse(state);
        try {
            if (length == 0) {
                deleteStaging(prefix);
                if (!sha256.equals(FolderObjectStore.sha256Hex(new byte[0]))) {
                    return false;
                }
                putContent(sha256, new byte[0]);
                return true;
            }
            if (upload.uploadId() == null || upload.sentUpTo() != length) {
                throw new StagingLostException("the upload of " + sha256 + " from kiosk " + kioskId
                        + " was not sent whole to the object store");
            }
            List<CompletedPart> parts = new ArrayList<>();
            for (int i = 0; i < upload.parts().size(); i++) {
                parts.add(CompletedPart.builder().partNumber(i + 1).eTag(upload.parts().get(i)).build());
            }
            try {
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(whole).uploadId(upload.uploadId())
                        .multipartUpload(m -> m.parts(parts)));
            } catch (NoSuchUploadException e) {
                if (size(whole).isEmpty()) { // not completed before either
                    deleteStaging(prefix);
                    throw new StagingLostException("the multipart upload of " + sha256 + " is gone");
                }
            }
            OptionalLong size = size(whole);
            String hash = size.isPresent() && size.getAsLong() == length ? hashOf(whole) : "";
            if (!hash.equals(sha256)) {
                deleteStaging(prefix);
                return false;
            }
            String key = ObjectStore.contentKey(sha256);
            OptionalLong there = size(key);
            if (there.isEmpty() || there.getAsLong() != length) {
                s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(whole).destinationBucket(bucket)
                        .destinationKey(key));
                if (size(key).orElse(-1) != length) {
                    throw new ObjectStoreException("the copy of " + whole + " to " + key + " is not " + length + " bytes");
                }
            }
            deleteStaging(prefix);
            return true;
        } catch (SdkException e) {
            throw failed("cannot complete the upload of " + sha256, e);
        }
    }

    @Override
    public void dropUnrecorded(String kioskId, String sha256, String recorded, String unrecorded) {
        String lost = Upload.parse(unrecorded).uploadId();
        if (lost == null || lost.equals(recorded == null ? null : Upload.parse(recorded).uploadId())) {
            return;
        }
        try {
            abortWhole(staging(kioskId, sha256), lost);
        } catch (SdkException e) {
            LOG.warn("Could not abort the multipart upload {} of {} (pruning drops it once the upload is over): {}",
                    lost, sha256, e.getMessage());
        }
    }

    /** Aborts the multipart upload {@code uploadId} of the upload staged under {@code prefix}; one gone already is. */
    private void abortWhole(String prefix, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(prefix + WHOLE).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // completed or aborted before
        }
    }

    @Override
    public void abandonUpload(String kioskId, String sha256, String state) {
        String prefix = staging(kioskId, sha256);
        Upload upload = Upload.parse(state);
        try {
            if (upload.uploadId() != null) {
                abortWhole(prefix, upload.uploadId());
            }
            deleteStaging(prefix);
        } catch (SdkException e) {
            throw failed("cannot drop the staged upload of " + sha256, e);
        }
    }

    @Override
    public int dropOrphanStaging(java.time.Instant cutoff, java.util.function.BiPredicate<String, String> known) {
        int dropped = 0;
        try {
            for (S3Object o : list("uploads/")) {
                String[] parts = o.key().split("/");
                if (parts.length >= 3 && o.lastModified().isBefore(cutoff) && !known.test(parts[1], parts[2])) {
                    delete(o.key());
                    dropped++;
                }
            }
            for (var u : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix("uploads/")).uploads()) {
                String[] parts = u.key().split("/");
                if (parts.length >= 3 && u.initiated().isBefore(cutoff) && !known.test(parts[1], parts[2])) {
                    try {
                        s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
                    } catch (NoSuchUploadException e) {
                        // gone meanwhile
                    }
                    dropped++;
                }
            }
        } catch (SdkException e) {
            throw failed("cannot prune the staged uploads", e);
        }
        return dropped;
    }

    private String hashOf(String key) {
        MessageDigest sha = FolderObjectStore.sha256();
        try (InputStream in = open(key)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + key + " back from " + describe(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Offset to size of the chunks staged under {@code prefix}. */
    private TreeMap<Long, Long> stagedChunks(String prefix) {
        TreeMap<Long, Long> chunks = new TreeMap<>();
        for (S3Object o : list(prefix + "chunk-")) {
            chunks.put(Long.parseLong(o.key().substring(prefix.length() + "chunk-".length())), o.size());
        }
        return chunks;
    }

    private List<S3Object> list(String prefix) {
        List<S3Object> all = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(all::add);
        return all;
    }

    private void deleteStaging(String prefix) {
        for (S3Object o : list(prefix)) {
            delete(o.key());
        }
    }

    /** Objects under {@code uploads/} (staging of uploads under way), for pruning leftovers. */
    public Map<String, Long> stagingObjects() {
        Map<String, Long> all = new TreeMap<>();
        list("uploads/").forEach(o -> all.put(o.key(), o.size()));
        return Collections.unmodifiableMap(all);
    }

    /** The keys of the multipart uploads under way under {@code uploads/} (tests). */
    List<String> multipartUploads() {
        List<String> keys = new ArrayList<>();
        s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix("uploads/")).uploads()
                .forEach(u -> keys.add(u.key()));
        return keys;
    }

    void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failed("cannot delete " + key, e);
        }
    }

    private static String staging(String kioskId, String sha256) {
        if (!KIOSK_ID.matcher(kioskId).matches() || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a kiosk id and SHA-256: " + kioskId + ", " + sha256);
        }
        return "uploads/" + kioskId + "/" + sha256 + "/";
    }

    private static String chunkName(long offset) {
        return String.format("chunk-%016d", offset);
    }

    static byte[] md5(byte[] bytes) {
        return md5Digest().digest(bytes);
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5"); // S3's own integrity check (Content-MD5, ETag), not security
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }

    private ObjectStoreException failed(String what, SdkException e) {
        return new ObjectStoreException(what + " at " + describe() + ": " + e.getMessage(), e);
    }

    @Override
    public String describe() {
        return "S3 " + settings.endpoint() + "/" + bucket;
    }

    @Override
    public void close() {
        s3.close();
    }
}
