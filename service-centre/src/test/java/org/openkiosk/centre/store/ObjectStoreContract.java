package org.openkiosk.centre.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openkiosk.sync.api.Digests;

/** What every object store promises; each kind runs it against the real thing. */
abstract class ObjectStoreContract {

    abstract ObjectStore store();

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void storesUnderTheContentKeyAndReadsBack() {
        byte[] doc = bytes(300_000, 1);
        String sha = Digests.sha256Hex(doc);
        assertThat(store().putContent(sha, doc)).isTrue();
        String key = ObjectStore.contentKey(sha);
        assertThat(store().read(key)).isEqualTo(doc);
        assertThat(store().size(key)).hasValue(doc.length);
        assertThat(store().head(key, 8)).isEqualTo(java.util.Arrays.copyOf(doc, 8));
    }

    @Test
    void storesADocumentSentAgainOnce() {
        byte[] doc = bytes(10_000, 2);
        String sha = Digests.sha256Hex(doc);
        assertThat(store().putContent(sha, doc)).as("first time").isTrue();
        assertThat(store().putContent(sha, doc.clone())).as("sent again").isFalse();
        assertThat(store().read(ObjectStore.contentKey(sha))).isEqualTo(doc);
    }

    @Test
    void refusesBytesThatDoNotHashToTheirName() {
        byte[] doc = bytes(1_000, 3);
        String other = Digests.sha256Hex(bytes(1_000, 4));
        assertThatThrownBy(() -> store().putContent(other, doc)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store().size(ObjectStore.contentKey(other))).isEmpty();
    }

    @Test
    void aMissingObjectIsSaidToBeMissing() {
        String key = ObjectStore.contentKey(Digests.sha256Hex(bytes(10, 5)));
        assertThat(store().size(key)).isEmpty();
        assertThatThrownBy(() -> store().read(key)).isInstanceOf(ObjectStore.NoSuchObjectException.class);
    }

    @Test
    void assemblesAnUploadFromChunksResentAndVerifiesIt() throws Exception {
        byte[] doc = bytes(20 * 1024 * 1024 + 12_345, 6); // more than two parts of an S3 multipart upload
        String sha = Digests.sha256Hex(doc);
        String state = "";
        int chunk = 1024 * 1024;
        for (int offset = 0; offset < doc.length; offset += chunk) {
            byte[] part = java.util.Arrays.copyOfRange(doc, offset, Math.min(doc.length, offset + chunk));
            if (offset == 3 * chunk) { // a chunk sent again (the centre died before its database recorded it)
                store().appendChunk("K1", sha, doc.length, state, offset, part);
            }
            state = store().appendChunk("K1", sha, doc.length, state, offset, part);
        }
        assertThat(store().completeUpload("K1", sha, doc.length, state)).isTrue();
        assertThat(store().read(ObjectStore.contentKey(sha))).isEqualTo(doc);
    }

    /** Sends {@code doc} in chunks as a kiosk does, the last one through {@link ObjectStore#finishUpload}. */
    static boolean upload(ObjectStore store, String kioskId, String sha, byte[] doc, int chunk) throws Exception {
        String state = "";
        int offset = 0;
        for (; offset + chunk < doc.length; offset += chunk) {
            state = store.appendChunk(kioskId, sha, doc.length, state, offset,
                    java.util.Arrays.copyOfRange(doc, offset, offset + chunk));
        }
        return store.finishUpload(kioskId, sha, doc.length, state, offset,
                java.util.Arrays.copyOfRange(doc, offset, doc.length));
    }

    @Test
    void finishesUploadsOfOneChunkOfSeveralAndOfSeveralParts() throws Exception {
        for (int size : new int[] {200_000, 1024 * 1024 + 7, 17 * 1024 * 1024 + 3}) {
            byte[] doc = bytes(size, size);
            String sha = Digests.sha256Hex(doc);
            assertThat(upload(store(), "K6", sha, doc, 256 * 1024)).as(size + " bytes").isTrue();
            assertThat(store().read(ObjectStore.contentKey(sha))).as(size + " bytes").isEqualTo(doc);
        }
        byte[] doc = bytes(300_000, 13);
        String sha = Digests.sha256Hex(doc);
        assertThat(upload(store(), "K6", sha, doc, 400_000)).as("one chunk").isTrue();
        assertThat(store().read(ObjectStore.contentKey(sha))).isEqualTo(doc);
    }

    @Test
    void aFinishedUploadWhoseBytesDoNotMatchKeepsNothing() throws Exception {
        for (int size : new int[] {200_000, 700_000}) {
            byte[] doc = bytes(size, 14);
            String claimed = Digests.sha256Hex(bytes(size, 15));
            assertThat(upload(store(), "K7", claimed, doc, 256 * 1024)).as(size + " bytes").isFalse();
            assertThat(store().size(ObjectStore.contentKey(claimed))).isEmpty();
            assertThat(store().dropOrphanStaging(java.time.Instant.now().plusSeconds(60), (kiosk, s) -> !kiosk.equals("K7")))
                    .as("nothing staged is left").isZero();
        }
    }

    @Test
    void aFinishedUploadWhoseStagingWasLostStartsOver() throws Exception {
        byte[] doc = bytes(600_000, 16);
        String sha = Digests.sha256Hex(doc);
        String state = store().appendChunk("K8", sha, doc.length, "", 0, java.util.Arrays.copyOf(doc, 300_000));
        store().abandonUpload("K8", sha, state);
        assertThatThrownBy(() -> store().finishUpload("K8", sha, doc.length, state, 300_000,
                java.util.Arrays.copyOfRange(doc, 300_000, doc.length)))
                .isInstanceOf(ObjectStore.StagingLostException.class);
        assertThat(store().size(ObjectStore.contentKey(sha))).isEmpty();
    }

    @Test
    void anUploadWhoseBytesDoNotMatchIsDroppedWhole() throws Exception {
        byte[] doc = bytes(700_000, 7);
        String claimed = Digests.sha256Hex(bytes(700_000, 8));
        String state = store().appendChunk("K2", claimed, doc.length, "", 0, doc);
        assertThat(store().completeUpload("K2", claimed, doc.length, state)).isFalse();
        assertThat(store().size(ObjectStore.contentKey(claimed))).isEmpty();
    }

    @Test
    void stagingTheDatabaseDoesNotKnowIsDroppedOnceOldAndTheUploadStartsOver() throws Exception {
        byte[] doc = bytes(200_000, 12);
        String sha = Digests.sha256Hex(doc);
        String state = store().appendChunk("K5", sha, doc.length, "", 0, java.util.Arrays.copyOf(doc, 100_000));
        java.time.Instant later = java.time.Instant.now().plusSeconds(60);
        assertThat(store().dropOrphanStaging(later, (kiosk, s) -> true)).as("known uploads are kept").isZero();
        assertThat(store().dropOrphanStaging(java.time.Instant.now().minusSeconds(3600), (kiosk, s) -> false))
                .as("recent staging is kept").isZero();
        assertThat(store().dropOrphanStaging(later, (kiosk, s) -> false)).isPositive();
        String staged = state;
        assertThatThrownBy(() -> store().appendChunk("K5", sha, doc.length, staged, 100_000,
                java.util.Arrays.copyOfRange(doc, 100_000, 200_000)))
                .isInstanceOf(ObjectStore.StagingLostException.class);
    }

    @Test
    void anUploadOfADocumentStoredBeforeKeepsOneObject() throws Exception {
        byte[] doc = bytes(50_000, 9);
        String sha = Digests.sha256Hex(doc);
        store().putContent(sha, doc);
        String state = store().appendChunk("K3", sha, doc.length, "", 0, doc);
        assertThat(store().completeUpload("K3", sha, doc.length, state)).isTrue();
        assertThat(store().read(ObjectStore.contentKey(sha))).isEqualTo(doc);
    }
}
