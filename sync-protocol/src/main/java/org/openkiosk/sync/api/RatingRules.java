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
        problems.addAll(levelAndReason(rating.level(), rating.reason()));
        if (rating.ratedAt() == null) {
            problems.add("ratedAt is missing");
        }
        return problems;
    }

    /**
     * The rules on the level and the reason alone (level 1 to 5; a poor level needs a reason; a reason at most
     * {@value #MAX_REASON_CHARS} characters): what the kiosk checks when the resident rates, before ids are known.
     */
    public static List<String> levelAndReason(int level, String reason) {
        List<String> problems = new ArrayList<>();
        if (level < 1 || level > 5) {
            problems.add("level must be 1 to 5, not " + level);
        } else if (isPoor(level) && isBlank(reason)) {
            problems.add("a rating of " + level + " needs the resident's reason");
        }
        if (reason != null && reason.strip().length() > MAX_REASON_CHARS) {
            problems.add("reason is over " + MAX_REASON_CHARS + " characters");
        }
        return problems;
    }

    private static void requireId(List<String> problems, String name, String value) {
        if (requireText(problems, name, value) && value.length() > MAX_ID_CHARS) {
            problems.add(name + " is over " + MAX_ID_CHARS + " characters");
        }
    }
}
