package org.openkiosk.sync.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RatingRulesTest {

    private static RatingSubmission rating(int level, String reason) {
        return new RatingSubmission("3f1e2d4c-5b6a-4789-8abc-def012345678", "7a1e2d4c-5b6a-4789-8abc-def012345678",
                "K0001", "pension-enrol", level, reason, Instant.parse("2026-11-23T08:00:00Z"));
    }

    @Test
    void acceptsAGoodRatingWithoutReasonAndAPoorOneWithIt() {
        assertThat(RatingRules.problems(rating(5, null))).isEmpty();
        assertThat(RatingRules.problems(rating(3, ""))).isEmpty();
        assertThat(RatingRules.problems(rating(1, "排队太久"))).isEmpty();
    }

    @Test
    void aPoorRatingNeedsTheReason() {
        assertThat(RatingRules.problems(rating(2, "  "))).containsExactly("a rating of 2 needs the resident's reason");
        assertThat(RatingRules.problems(rating(1, null))).containsExactly("a rating of 1 needs the resident's reason");
    }

    @Test
    void levelOutsideOneToFiveIsRefused() {
        assertThat(RatingRules.problems(rating(0, "x"))).containsExactly("level must be 1 to 5, not 0");
        assertThat(RatingRules.problems(rating(6, null))).containsExactly("level must be 1 to 5, not 6");
    }

    @Test
    void oversizeReasonAndMissingFieldsAreNamed() {
        assertThat(RatingRules.problems(rating(1, "慢".repeat(501)))).containsExactly("reason is over 500 characters");
        assertThat(RatingRules.problems(rating(1, "慢".repeat(500)))).isEmpty();
        assertThat(RatingRules.problems(new RatingSubmission("nope", null, "", "s".repeat(101), 4, null, null)))
                .containsExactly("ratingId is not a UUID", "applicationId is missing", "kioskId is missing",
                        "serviceId is over 100 characters", "ratedAt is missing");
        assertThat(RatingRules.problems(null)).containsExactly("no rating in the request body");
    }

    @Test
    void travelsAsJson() throws Exception {
        RatingSubmission r = rating(2, "材料要求不清楚");
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsBytes(r), RatingSubmission.class)).isEqualTo(r);
    }
}
