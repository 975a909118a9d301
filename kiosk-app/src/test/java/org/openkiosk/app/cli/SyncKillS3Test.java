package org.openkiosk.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.store.CephServer;
import org.openkiosk.centre.store.S3Settings;

/**
 * The fault test again with the centre's documents in an S3 object store (Ceph's radosgw): the chunks of the uploads
 * killed half way are staged in the store, and a centre killed -9 in the middle of them carries on from what its
 * database recorded.
 */
@ExtendWith(CephServer.class)
class SyncKillS3Test extends SyncKillTest {

    private static S3Settings s3;

    @BeforeAll
    static void bucket() {
        s3 = CephServer.newBucket();
    }

    @Override
    List<String> storeOptions() {
        return List.of("--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", s3.bucket());
    }

    @Override
    Map<String, String> childEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey());
    }

    @Override
    CentreServer.Parts openCentre(Path dir) {
        return CentreServer.Parts.open(dir, null, s3);
    }
}
