package org.openkiosk.sync.api;

/** Constants both ends of the sync protocol agree on. */
public final class Protocol {

    /** Base path of every kiosk-facing endpoint. */
    public static final String BASE = "/api/v1";

    /** Largest chunk of a document the centre accepts in one {@code PUT /api/v1/uploads/{sha256}}. */
    public static final int MAX_CHUNK_BYTES = 4 * 1024 * 1024;

    /** The chunk size kiosks use unless told otherwise: small enough for a poor village link. */
    public static final int DEFAULT_CHUNK_BYTES = 256 * 1024;

    private Protocol() {
    }

    /** True for a lowercase or uppercase 64-digit hex string. */
    public static boolean isSha256Hex(String s) {
        return s != null && s.matches("[0-9a-fA-F]{64}");
    }
}
