package org.openkiosk.app.flow;

/** The five levels of the government service rating (好差评), best first. */
public enum Rating {
    VERY_SATISFIED(5), SATISFIED(4), BASICALLY_SATISFIED(3), DISSATISFIED(2), VERY_DISSATISFIED(1);

    private final int score;

    Rating(int score) {
        this.score = score;
    }

    public int score() {
        return score;
    }

    /** A poor rating asks for the reason, which is followed up. */
    public boolean needsReason() {
        return score <= 2;
    }
}
