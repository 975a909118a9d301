package org.openkiosk.centre.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.sync.api.Digests;

/** The S3 store against a real S3 server: Ceph's radosgw on a one-node cluster. */
@ExtendWith(CephServer.class)
class S3ObjectStoreTest extends ObjectStoreContract {

    private static S3ObjectStore store;

    @BeforeAll
    static void open() {
        store = S3ObjectStore.open(CephServer.newBucket());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Test
    void theServerRefusesBytesThatDoNotMatchTheirChecksum() {
        byte[] doc = bytes(5_000, 20);
        byte[] damaged = doc.clone();
        damaged[100] ^= 1; // one bit flipped on the way
        String key = ObjectStore.contentKey(Digests.sha256Hex(doc));
        assertThatThrownBy(() -> store.put(key, damaged, S3ObjectStore.md5(doc)))
                .isInstanceOf(ObjectStore.ObjectStoreException.class)
                .hasMessageContaining("do not match their checksum");
        assertThat(store.size(key)).as("nothing stored").isEmpty();
    }

    /**
     * What a kiosk's document costs in requests to the store: a document of one chunk is a HEAD and a PUT; one of
     * 1 MB in the kiosk's 256 KB chunks stages three chunks, lists and reads them, and PUTs the whole once (no
     * multipart upload, read-back or copy, which made it about 25).
     */
    @Test
    void aSmallDocumentCostsFewRequests() throws Exception {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor counter =
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission
                                                           context,
                                                   software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                        requests.incrementAndGet();
                        seen.add(context.httpRequest().method() + " " + context.httpRequest().encodedPath());
                    }
                };
        try (S3ObjectStore counted = S3ObjectStore.open(CephServer.newBucket(), java.util.List.of(counter))) {
            byte[] one = bytes(200_000, 22);
            requests.set(0);
            assertThat(upload(counted, "K10", Digests.sha256Hex(one), one, 256 * 1024)).isTrue();
            assertThat(requests.get()).as("one chunk: %s", seen).isEqualTo(2);

            byte[] doc = bytes(1024 * 1024, 23);
            seen.clear();
            requests.set(0);
            assertThat(upload(counted, "K10", Digests.sha256Hex(doc), doc, 256 * 1024)).isTrue();
            assertThat(requests.get()).as("four chunks: %s", seen).isLessThanOrEqualTo(12);
            assertThat(counted.read(ObjectStore.contentKey(Digests.sha256Hex(doc)))).isEqualTo(doc);
            assertThat(counted.stagingObjects()).isEmpty();
        }
    }

    /**
     * Two requests with the same chunk raced and the other's state was recorded: the multipart upload only the losing
     * request began is aborted, the one the recorded state holds is kept.
     */
    @Test
    void aMultipartUploadOnlyTheLosingRequestBeganIsAborted() throws Exception {
        byte[] doc = bytes(9 * 1024 * 1024, 24);
        String sha = Digests.sha256Hex(doc);
        byte[] first = java.util.Arrays.copyOf(doc, 8 * 1024 * 1024);
        String won = store.appendChunk("K11", sha, doc.length, "", 0, first);
        String lost = store.appendChunk("K11", sha, doc.length, "", 0, first);
        assertThat(store.multipartUploads()).filteredOn(k -> k.startsWith("uploads/K11/")).hasSize(2);
        store.dropUnrecorded("K11", sha, won, won);
        assertThat(store.multipartUploads()).filteredOn(k -> k.startsWith("uploads/K11/")).hasSize(2);
        store.dropUnrecorded("K11", sha, won, lost);
        assertThat(store.multipartUploads()).filteredOn(k -> k.startsWith("uploads/K11/")).hasSize(1);
        assertThat(store.completeUpload("K11", sha, doc.length, store.appendChunk("K11", sha, doc.length, won,
                first.length, java.util.Arrays.copyOfRange(doc, first.length, doc.length)))).isTrue();
        assertThat(store.read(ObjectStore.contentKey(sha))).isEqualTo(doc);
        assertThat(store.multipartUploads()).filteredOn(k -> k.startsWith("uploads/K11/")).isEmpty();
    }

    @Test
    void stagingIsGoneOnceAnUploadIsComplete() throws Exception {
        byte[] doc = bytes(9 * 1024 * 1024, 21);
        String sha = Digests.sha256Hex(doc);
        String state = "";
        int chunk = 256 * 1024;
        for (int offset = 0; offset < doc.length; offset += chunk) {
            state = store.appendChunk("K9", sha, doc.length, state, offset,
                    java.util.Arrays.copyOfRange(doc, offset, Math.min(doc.length, offset + chunk)));
        }
        assertThat(store.completeUpload("K9", sha, doc.length, state)).isTrue();
        assertThat(store.stagingObjects().keySet()).noneMatch(k -> k.startsWith("uploads/K9/"));
    }
}
