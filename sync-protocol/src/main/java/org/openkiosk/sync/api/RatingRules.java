package org.openkiosk.sync.api;

import static org.openkiosk.sync.api.WireChecks.isBlank;
import static org.openkiosk.sync.api.WireChecks.isUuid;
import static org.openkiosk.sync.api.WireChecks.requireText;

import java.util.ArrayList;
import java.util.List;

/**
 * What makes a rating acceptable. The centre refuses a rating that breaks a rule; the kiosk checks the
 * same rules before it keeps one, so nothing waits in its queue only to be refused.
 */
public final class RatingRules {

    /** The highest level that counts as poor and so needs the resident's reason (不满意, 非常不满意). */
    public static final int POOR_LEVEL = 2;
    /** Longest reason kept, in characters. */
    public static final int MAX_REASON_CHARS = 500;
    /** Longest identifier (application, kiosk, service) accepted, in characters. */
    public static final int MAX_ID_CHARS = 100;

    private RatingRules() {
    }

    /** True for a level that needs a reason. */
    public static boolean isPoor(int level) {
        return level <= POOR_LEVEL;
    }

    /** Every rule the rating breaks, in plain words; empty when it is acceptable. */
    public static List<String> problems(RatingSubmission rating) {
        List<String> problems = new ArrayList<>();
        if (rating == null) {
            problems.add("no rating in the request body");
            return problems;
        }
        if (isBlank(rating.ratingId())) {
            problems.add("ratingId is missing");
        } else if (!isUuid(rating.ratingId())) {
            problems.add("ratingId is not a UUID");
        }
        requireId(problems, "applicationId", rating.applicationId());
        requireId(problems, "kioskId", rating.kioskId());
        requireId(problems, "serviceId", rating.serviceId());
        if (rating.level() < 1 || rating.level() > 5) {
            problems.add("level must be 1 to 5, not " + rating.level());
        } else if (isPoor(rating.level()) && isBlank(rating.reason())) {
            problems.add("a rating of " + rating.level() + " needs the resident's reason");
        }
        if (rating.reason() != null && rating.reason().strip().length() > MAX_REASON_CHARS) {
            problems.add("reason is over " + MAX_REASON_CHARS + " characters");
        }
        if (rating.ratedAt() == null) {
            problems.add("ratedAt is missing");
        }
        return problems;
    }

    private static void requireId(List<String> problems, String name, String value) {
        if (requireText(problems, name, value) && value.length() > MAX_ID_CHARS) {
            problems.add(name + " is over " + MAX_ID_CHARS + " characters");
        }
    }
}
