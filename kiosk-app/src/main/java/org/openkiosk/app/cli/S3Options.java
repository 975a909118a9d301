package org.openkiosk.app.cli;

import java.nio.file.Path;
import org.openkiosk.centre.store.S3Settings;
import picocli.CommandLine.Option;

/**
 * {@code --s3-endpoint URL [--s3-bucket B] [--s3-region R] [--s3-credentials-file F]}: the S3 object store (Ceph,
 * MinIO, AWS...) that keeps a centre's documents and results; the keys come from F or the environment, never from the
 * command line.
 */
final class S3Options {
    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "keep documents and results in an S3 object"
            + " store (path-style; bucket openkiosk made when missing); without it the embedded centre keeps them in"
            + " DIR/objects and a PostgreSQL centre in the database")
    String endpoint;

    @Option(names = "--s3-bucket", paramLabel = "B", description = "the bucket (default openkiosk)")
    String bucket;

    @Option(names = "--s3-region", paramLabel = "R", description = "the region the store expects")
    String region;

    @Option(names = "--s3-credentials-file", paramLabel = "F", description = "access-key=... and secret-key=... lines;"
            + " without it AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    Path credentialsFile;

    /** The settings, or null without an endpoint. */
    S3Settings settings() throws Main.UsageException {
        if (endpoint == null) {
            if (bucket != null || region != null || credentialsFile != null) {
                throw new Main.UsageException((bucket != null ? "--s3-bucket" : region != null ? "--s3-region"
                        : "--s3-credentials-file") + " goes with --s3-endpoint URL");
            }
            return null;
        }
        try {
            return S3Settings.of(endpoint, bucket, region, credentialsFile, System.getenv());
        } catch (java.io.IOException e) {
            throw new Main.UsageException("cannot read the S3 credentials file: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }
}
