package org.openkiosk.centre.core;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.openkiosk.centre.db.KioskRepository;
import org.openkiosk.centre.db.StaffRepository;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kiosk enrolment and authentication. An operator issues a one-time code for a kiosk id; the
 * kiosk's technician types it into {@code ./kiosk enrol}; the kiosk trades it for a random bearer
 * token that authenticates every later request. Codes and tokens are stored only as SHA-256.
 */
public final class Enrolment {

    private static final Logger LOG = LoggerFactory.getLogger(Enrolment.class);
    /** No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and type. */
    private static final String CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
    public static final Duration CODE_VALIDITY = Duration.ofHours(24);
    /** Who the audit log names for what the operator does at the centre's command line. */
    public static final String OPERATOR = "operator";

    /** The code as issued and until when it can be used. */
    public record Code(String kioskId, String code, Instant expiresAt) {
    }

    private final KioskRepository kiosks;
    private final StaffRepository audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Enrolment(KioskRepository kiosks, StaffRepository audit, Clock clock) {
        this.kiosks = kiosks;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A new one-time code for {@code kioskId}, valid for {@link #CODE_VALIDITY}; the kiosk's older codes that
     * are still unused stop working (audited as {@code kiosk-code}).
     */
    public Code issueCode(String kioskId) {
        if (kioskId == null || !kioskId.matches("[A-Za-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("kiosk id must be 1-32 letters, digits or '-', not '" + kioskId + "'");
        }
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        }
        Instant now = clock.instant();
        Instant expires = now.plus(CODE_VALIDITY);
        int ended = kiosks.insertCode(hash(normalise(code.toString())), kioskId, now, expires);
        String detail = "kiosk " + kioskId + ": enrolment code valid until " + expires
                + (ended > 0 ? "; " + ended + " older unused code(s) ended" : "");
        audit.audit(OPERATOR, "kiosk-code", null, detail, now);
        LOG.info("Issued an enrolment code for {}", detail);
        return new Code(kioskId, code.toString(), expires);
    }

    /** Trades a valid unused code for a fresh token; empty when the code is unknown, used or expired. */
    public Optional<EnrolmentResponse> enrol(String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Optional<String> kioskId = kiosks.redeemCode(hash(normalise(code)), hash(token), clock.instant());
        kioskId.ifPresentOrElse(id -> LOG.info("Kiosk {} enrolled", id),
                () -> LOG.warn("Refused an enrolment with an unknown, used or expired code"));
        return kioskId.map(id -> new EnrolmentResponse(id, token));
    }

    /**
     * Ends the kiosk's token at once, and its unused codes: its next request is refused and it must be enrolled
     * again with a new code (audited as {@code kiosk-revoke}).
     *
     * @return false when no kiosk {@code kioskId} is enrolled
     */
    public boolean revoke(String kioskId) {
        Instant now = clock.instant();
        if (!kiosks.revoke(kioskId, now)) {
            LOG.warn("Kiosk {} is not enrolled: nothing revoked", kioskId);
            return false;
        }
        audit.audit(OPERATOR, "kiosk-revoke", null, "kiosk " + kioskId + ": token revoked, unused codes ended", now);
        LOG.warn("Kiosk {} revoked: its token is refused until it enrols again", kioskId);
        return true;
    }

    /** The kiosk this bearer token belongs to, if it is current (enrolled and not revoked). */
    public Optional<String> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return kiosks.kioskByToken(hash(token.strip()));
    }

    static String normalise(String code) {
        return code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    private static String hash(String secret) {
        return Digests.sha256Hex(secret.getBytes(StandardCharsets.UTF_8));
    }
}
