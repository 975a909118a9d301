package org.openkiosk.sync.api;

/** Constants both ends of the sync protocol agree on. */
public final class Protocol {

    /** Base path of every kiosk-facing endpoint. */
    public static final String BASE = "/api/v1";

    // Every kiosk-facing path, the one source for the centre's routes and the kiosk's requests. Paths with a
    // {placeholder} are route templates; the kiosk fills them with the methods below.

    /** {@code POST}: a one-time code for the kiosk's credential ({@link EnrolmentRequest}). No token. */
    public static final String ENROL = BASE + "/enrol";
    /** {@code POST}: submit an application ({@link ApplicationSubmission}). */
    public static final String APPLICATIONS = BASE + "/applications";
    /** {@code GET}: one application's status. */
    public static final String APPLICATION = APPLICATIONS + "/{id}";
    /** {@code GET}: an application's signed result document. */
    public static final String APPLICATION_RESULT = APPLICATION + "/result";
    /** {@code GET ?since=CURSOR}: the kiosk's status changes ({@link ChangesPage}). */
    public static final String CHANGES = BASE + "/changes";
    /** The prefix of every upload path. */
    public static final String UPLOADS = BASE + "/uploads/";
    /** {@code GET} how many bytes arrived, {@code PUT ?offset=&length=} one chunk ({@link UploadStatus}). */
    public static final String UPLOAD = UPLOADS + "{sha256}";
    /** {@code POST}: the kiosk is alive ({@link Heartbeat}). */
    public static final String HEARTBEAT = BASE + "/heartbeat";
    /** {@code GET ?since=VERSION}: the signed service catalogue ({@link CatalogueUpdate}). */
    public static final String CATALOGUE = BASE + "/catalogue";
    /** {@code POST}: a resident's rating ({@link RatingSubmission}). */
    public static final String RATINGS = BASE + "/ratings";
    /** {@code POST} opens the card session of the holder just read ({@link CardSession}). */
    public static final String CARD_SESSIONS = BASE + "/card-sessions";
    /** {@code DELETE}: the kiosk's resident has gone; its open card session ends. */
    public static final String CARD_SESSION_CURRENT = CARD_SESSIONS + "/current";
    /** {@code POST}: which of a matter's materials the centre holds for the card session's holder ({@link HeldMaterials}). */
    public static final String HELD_MATERIALS = BASE + "/held-materials";
    /** {@code GET}: the centre's figures, for a kiosk or staff. */
    public static final String STATS = BASE + "/stats";
    /** {@code GET}: up or down. No token. */
    public static final String HEALTH = BASE + "/health";
    /**
     * Remote help (远程帮办): a WebSocket the kiosk opens with its bearer token. Text messages are JSON objects with a
     * {@code type} (kiosk to centre: {@code request}, {@code step}, {@code end}; centre to kiosk: {@code request} with
     * the request's id, {@code taken}, {@code message}, {@code pointer}, {@code ended}); binary messages are JPEG
     * frames of the kiosk's masked screen.
     */
    public static final String HELP = BASE + "/help";

    /** Largest chunk of a document the centre accepts in one {@code PUT /api/v1/uploads/{sha256}}. */
    public static final int MAX_CHUNK_BYTES = 4 * 1024 * 1024;

    /** The chunk size kiosks use unless told otherwise: small enough for a poor village link. */
    public static final int DEFAULT_CHUNK_BYTES = 256 * 1024;

    private Protocol() {
    }

    /** {@link #UPLOAD} for one document. */
    public static String upload(String sha256) {
        return UPLOADS + encode(sha256);
    }

    /** {@link #APPLICATION_RESULT} for one application. */
    public static String applicationResult(String applicationId) {
        return APPLICATIONS + "/" + encode(applicationId) + "/result";
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** True for a lowercase or uppercase 64-digit hex string. */
    public static boolean isSha256Hex(String s) {
        return s != null && s.matches("[0-9a-fA-F]{64}");
    }
}
