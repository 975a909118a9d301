package org.openkiosk.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.http.ClientOrigin;
import org.openkiosk.centre.store.CephServer;
import org.openkiosk.centre.store.S3Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The fleet load generator's baselines with the centre's documents in an S3 store (Ceph's radosgw): the plain JDBC
 * insert holds only the documents' metadata (as the centre's database then does), the plain S3 PUT of the same
 * documents goes to the same bucket and is deleted after, and both print their ratio to the centre's ingest.
 */
@ExtendWith(CephServer.class)
class FleetBenchS3Test {

    @Test
    void theBaselinesPutTheSameDocumentsToTheSameStoreAndPrintTheirRatios(@TempDir Path data) throws Exception {
        S3Settings s3 = CephServer.newBucket();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (CentreServer centre = CentreServer.start(data, null, s3, "127.0.0.1", 0, Clock.systemUTC(),
                FleetSettings.defaults(), ClientOrigin.direct(), null)) {
            FleetBench.Outcome outcome = FleetBench.run(new FleetBench.Options(URI.create(centre.baseUrl()), data, null,
                    4, 0.05, 64, List.of(ProcessHandle.current().pid()), 4, 7, 1, true, s3),
                    new PrintStream(text, true, StandardCharsets.UTF_8));
            String report = text.toString(StandardCharsets.UTF_8);
            System.out.print(report);

            assertThat(outcome.errors()).isZero();
            assertThat(outcome.landed()).isEqualTo(4);
            assertThat(report)
                    .containsPattern("plain JDBC insert of the same 4 applications \\(their documents' metadata only")
                    .containsPattern("plain S3 PUT of the same 4 applications' documents \\(\\d+ objects, [0-9.]+ MB\\)"
                            + " to the same object store .*% of the store's plain rate")
                    .containsPattern("plain S3 PUT and plain JDBC insert one after the other .*: [0-9.]+"
                            + " applications/s; the centre ingested [0-9.]+ applications/s, \\d+% of that");
            try (S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.of(s3.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(),
                            s3.secretKey())))
                    .forcePathStyle(true).build()) {
                assertThat(client.listObjectsV2(b -> b.bucket(s3.bucket()).prefix("bench-baseline/")).contents())
                        .as("the baseline's objects are deleted after").isEmpty();
                assertThat(client.listObjectsV2(b -> b.bucket(s3.bucket()).prefix("sha256/")).keyCount())
                        .as("the centre's own documents stay").isPositive();
            }
        }
    }
}
