package org.openkiosk.centre.core;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.openkiosk.centre.api.ApplicationStatus;
import org.openkiosk.centre.db.ApplicationRepository;
import org.openkiosk.centre.db.RatingRepository;
import org.openkiosk.sync.api.RatingReceipt;
import org.openkiosk.sync.api.RatingRules;
import org.openkiosk.sync.api.RatingSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Receives residents' ratings (好差评) from kiosks: checks them, stores each ratingId exactly once. */
public final class RatingService {

    private static final Logger LOG = LoggerFactory.getLogger(RatingService.class);

    private final RatingRepository ratings;
    private final ApplicationRepository applications;
    private final Clock clock;

    public RatingService(RatingRepository ratings, ApplicationRepository applications, Clock clock) {
        this.ratings = ratings;
        this.applications = applications;
        this.clock = clock;
    }

    /** The rated application is not one of the calling kiosk's (or does not exist). */
    public static final class UnknownApplicationException extends Exception {
        public UnknownApplicationException(String applicationId) {
            super("no application " + applicationId);
        }
    }

    /**
     * Stores the rating of one of {@code kioskId}'s applications, unless the ratingId is already
     * stored (then the first reception comes back with {@code duplicate = true}).
     *
     * @throws InvalidSubmissionException  the rating breaks a rule ({@link RatingRules}), or names another matter
     *                                     than the application's
     * @throws UnknownApplicationException the application is unknown or another kiosk's
     */
    public RatingReceipt receive(RatingSubmission rating, String kioskId)
            throws InvalidSubmissionException, UnknownApplicationException {
        List<String> problems = RatingRules.problems(rating);
        if (!problems.isEmpty()) {
            LOG.warn("Refused a rating from kiosk {}: {}", kioskId, String.join("; ", problems));
            throw new InvalidSubmissionException(problems);
        }
        Optional<ApplicationStatus> app = applications.status(rating.applicationId(), kioskId);
        if (app.isEmpty()) {
            throw new UnknownApplicationException(rating.applicationId());
        }
        if (!app.get().serviceId().equals(rating.serviceId())) {
            throw new InvalidSubmissionException(List.of("serviceId " + rating.serviceId()
                    + " is not the matter of application " + rating.applicationId()));
        }
        RatingReceipt receipt = ratings.insertIfAbsent(rating, clock.instant());
        LOG.info("Rating {} of application {} ({} of 5) from kiosk {}{}", rating.ratingId(), app.get().applicationNo(),
                rating.level(), kioskId, receipt.duplicate() ? " was already received" : " stored");
        return receipt;
    }

    public List<RatingRepository.StoredRating> ofApplication(String applicationId) {
        return ratings.ofApplication(applicationId);
    }

    public List<RatingRepository.MatterSummary> summary() {
        return ratings.summary();
    }
}
