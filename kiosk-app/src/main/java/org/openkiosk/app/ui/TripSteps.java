package org.openkiosk.app.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.app.flow.ResidentSession;
import org.openkiosk.app.flow.Step;

/**
 * The steps of the trip the resident is on, as the step bar shows them: only the steps this matter needs (one per paper
 * to photograph, the signature only where the catalogue asks for it), where the resident is, and how many remain.
 *
 * @param steps   every step of this trip, in order
 * @param current the index in {@code steps} of where the resident is
 */
public record TripSteps(List<Kind> steps, int current) {
    /** A step as the resident sees it. */
    public enum Kind { CHOOSE, CARD, FORM, PAPER, REVIEW, SIGN, DONE, PROGRESS_CARD, PROGRESS }

    public TripSteps {
        steps = List.copyOf(steps);
        if (current < 0 || current >= steps.size()) {
            throw new IllegalArgumentException("step " + current + " of " + steps.size());
        }
    }

    /**
     * Whether the steps are known: not while the resident is still choosing the matter (how many papers, whether it is
     * signed, depend on it).
     */
    public boolean settled() {
        return steps.size() > 1 || kind() != Kind.CHOOSE;
    }

    public int total() {
        return steps.size();
    }

    /** 1-based. */
    public int number() {
        return current + 1;
    }

    public int remaining() {
        return steps.size() - current - 1;
    }

    public Kind kind() {
        return steps.get(current);
    }

    /** For a paper step, which paper of how many it is (1-based); otherwise empty. */
    public Optional<int[]> paper() {
        if (kind() != Kind.PAPER) {
            return Optional.empty();
        }
        int first = steps.indexOf(Kind.PAPER);
        int count = (int) steps.stream().filter(k -> k == Kind.PAPER).count();
        return Optional.of(new int[] {current - first + 1, count});
    }

    /** The steps of the session's trip now; empty at home. */
    public static Optional<TripSteps> of(ResidentSession session) {
        Step step = session.step();
        if (step == Step.PROGRESS_CARD || step == Step.PROGRESS) {
            return Optional.of(new TripSteps(List.of(Kind.PROGRESS_CARD, Kind.PROGRESS), step == Step.PROGRESS ? 1 : 0));
        }
        if (step == Step.HOME) {
            return Optional.empty();
        }
        var trip = session.application();
        Optional<Matter> matter = trip.matter();
        if (matter.isEmpty()) {
            return Optional.of(new TripSteps(List.of(Kind.CHOOSE), 0));
        }
        List<Kind> steps = new ArrayList<>(List.of(Kind.CHOOSE, Kind.CARD, Kind.FORM));
        int papers = trip.toCapture().size(); // those fetched from the centre (e-licences) need no photograph
        for (int i = 0; i < papers; i++) {
            steps.add(Kind.PAPER);
        }
        steps.add(Kind.REVIEW);
        if (matter.map(Matter::signature).orElse(false)) {
            steps.add(Kind.SIGN);
        }
        steps.add(Kind.DONE);
        int at = switch (step) {
            case CATALOGUE, MATERIALS -> 0;
            case ID_CARD, CONSENT -> 1; // agreeing to fetch held materials belongs to reading the card
            case FORM -> 2;
            case CAPTURE -> 3 + Math.min(trip.captures().size(), Math.max(0, papers - 1));
            case REVIEW -> steps.indexOf(Kind.REVIEW);
            case SIGNATURE -> steps.indexOf(Kind.SIGN);
            default -> steps.size() - 1;
        };
        return Optional.of(new TripSteps(steps, at));
    }
}
