package org.openkiosk.centre.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.openkiosk.centre.db.KioskRepository;
import org.openkiosk.centre.db.StaffRepository;
import org.openkiosk.centre.db.UploadRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what would otherwise pile up at the centre, on the centre's clock: uploads left incomplete for
 * more than {@link #PARTIAL_UPLOAD_AGE} (a kiosk resumes within minutes; one that comes back later starts
 * over), enrolment codes once used or expired, console sessions once expired. The centre runs it every
 * {@link #EVERY}; tests run it once.
 */
public final class Pruner {

    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    public static final Duration PARTIAL_UPLOAD_AGE = Duration.ofDays(1);
    public static final Duration EVERY = Duration.ofHours(1);

    /** How many of each were deleted. */
    public record Result(int partialUploads, int codes, int sessions) {
    }

    private final UploadRepository uploads;
    private final KioskRepository kiosks;
    private final StaffRepository staff;
    private final Clock clock;

    public Pruner(UploadRepository uploads, KioskRepository kiosks, StaffRepository staff, Clock clock) {
        this.uploads = uploads;
        this.kiosks = kiosks;
        this.staff = staff;
        this.clock = clock;
    }

    public Result pruneOnce() {
        Instant now = clock.instant();
        Result result = new Result(uploads.deletePartialStartedBefore(now.minus(PARTIAL_UPLOAD_AGE)),
                kiosks.deleteSpentCodes(now), staff.deleteExpiredSessions(now));
        if (result.partialUploads() + result.codes() + result.sessions() > 0) {
            LOG.info("Pruned {} partial upload(s) older than a day, {} used or expired enrolment code(s), {} expired"
                    + " console session(s)", result.partialUploads(), result.codes(), result.sessions());
        }
        return result;
    }

    /** {@link #pruneOnce} for a scheduler: a failure is logged, and the next round tries again. */
    public void pruneLogged() {
        try {
            pruneOnce();
        } catch (RuntimeException e) { // DatabaseException among them
            LOG.warn("Pruning failed; trying again in {} minutes", EVERY.toMinutes(), e);
        }
    }
}
