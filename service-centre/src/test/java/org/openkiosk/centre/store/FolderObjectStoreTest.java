package org.openkiosk.centre.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.sync.api.Digests;

class FolderObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path dir;
    private FolderObjectStore store;

    @BeforeEach
    void open() {
        store = new FolderObjectStore(dir.resolve("objects"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Test
    void keepsDocumentsUnderTheirHashInTheFolder() {
        byte[] doc = bytes(100, 10);
        String sha = Digests.sha256Hex(doc);
        store.putContent(sha, doc);
        assertThat(dir.resolve("objects/sha256/" + sha.substring(0, 2) + "/" + sha)).exists();
    }

    @Test
    void aStagedUploadThatLostItsBytesStartsOver() throws Exception {
        byte[] doc = bytes(2_000, 11);
        String sha = Digests.sha256Hex(doc);
        store.appendChunk("K4", sha, doc.length, "", 0, java.util.Arrays.copyOf(doc, 1_000));
        Files.delete(dir.resolve("objects/uploads/K4/" + sha + ".part"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.appendChunk("K4", sha, doc.length, "", 1_000,
                java.util.Arrays.copyOfRange(doc, 1_000, 2_000))).isInstanceOf(ObjectStore.StagingLostException.class);
    }
}
