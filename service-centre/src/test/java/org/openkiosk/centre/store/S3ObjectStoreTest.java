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
