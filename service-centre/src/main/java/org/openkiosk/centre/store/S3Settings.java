package org.openkiosk.centre.store;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where an S3 object store is and how to sign in: {@code ./kiosk centre --s3-endpoint URL [--s3-bucket B]
 * [--s3-region R] [--s3-credentials-file F]}. The keys come from the file ({@code access-key=...},
 * {@code secret-key=...}, owner-only) or else from the environment ({@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY}), never from the command line, where every user of the machine could read them.
 *
 * @param endpoint  e.g. {@code http://127.0.0.1:7480} (Ceph's radosgw) or {@code https://s3.example.gov.cn};
 *                  requests go path-style ({@code ENDPOINT/BUCKET/KEY})
 * @param region    the signing region (Ceph and MinIO accept any; {@code us-east-1} by default)
 * @param bucket    made when missing
 */
public record S3Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey) {

    public static final String DEFAULT_BUCKET = "openkiosk";
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        if (endpoint == null || endpoint.getScheme() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the S3 endpoint is an http:// or https:// URL, not '" + endpoint + "'");
        }
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("an S3 bucket name is 3-63 lowercase letters, digits, '.' or '-', not '"
                    + bucket + "'");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("the S3 region is missing");
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("the S3 keys are missing: give --s3-credentials-file F (access-key=...,"
                    + " secret-key=...) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }
    }

    /**
     * From the options' values ({@code bucket}, {@code region} and {@code credentialsFile} may be null) and the
     * environment.
     */
    public static S3Settings of(String endpoint, String bucket, String region, Path credentialsFile,
                                Map<String, String> environment) throws IOException {
        String access = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        if (credentialsFile != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(credentialsFile, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            access = p.getProperty("access-key");
            secret = p.getProperty("secret-key");
        }
        URI uri;
        try {
            uri = URI.create(endpoint.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the S3 endpoint is an http:// or https:// URL, not '" + endpoint + "'");
        }
        return new S3Settings(uri, region == null ? DEFAULT_REGION : region.strip(),
                bucket == null ? DEFAULT_BUCKET : bucket.strip(), access == null ? null : access.strip(),
                secret == null ? null : secret.strip());
    }

    /** The same store with another bucket (tests keep each class's objects apart). */
    public S3Settings withBucket(String other) {
        return new S3Settings(endpoint, region, other, accessKey, secretKey);
    }

    @Override
    public String toString() { // never the secret
        return "S3 " + endpoint + "/" + bucket + " (region " + region + ", key " + accessKey + ")";
    }
}
