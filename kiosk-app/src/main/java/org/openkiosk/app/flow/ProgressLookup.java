package org.openkiosk.app.flow;

import java.util.List;
import java.util.Optional;

/**
 * One resident's look at their applications: from home they tap the card, see where each application stands, and
 * print a result the centre issued. Part of a {@link ResidentSession}: made with it, dropped with it.
 */
public final class ProgressLookup {
    private final TripServices services;
    private Step step = Step.HOME;
    private Applicant applicant;
    private List<ApplicationProgress> progress = List.of();
    private volatile boolean ended;

    ProgressLookup(TripServices services) {
        this.services = services;
    }

    public Step step() {
        return step;
    }

    /** From home: the resident wants to see their applications; the card says who they are. */
    public void start() {
        expect(Step.HOME);
        step = Step.PROGRESS_CARD;
    }

    /** Reads the card, then the resident's applications. Blocking: call it from the background executor. */
    public List<ApplicationProgress> readCard() throws FlowException {
        expect(Step.PROGRESS_CARD);
        Applicant read = ssCardAccepted()
                ? CardTap.readEither(services.reader(), services.ssCards(), services.cardTimeout())
                : Applicant.from(CardTap.read(services.reader(), services.cardTimeout()));
        List<ApplicationProgress> found = List.copyOf(services.progressBook().applicationsOf(read.idNumber()));
        synchronized (this) {
            if (ended) {
                return List.of(); // the resident left while the card was read
            }
            applicant = read;
            progress = found;
            step = Step.PROGRESS;
        }
        return found;
    }

    /** Whether the social security card identifies the resident here as well as the ID card (a reader is there). */
    public boolean ssCardAccepted() {
        return services.ssCards() != null;
    }

    /** Whose applications these are. */
    public Optional<Applicant> applicant() {
        return Optional.ofNullable(applicant);
    }

    public List<ApplicationProgress> applications() {
        return progress;
    }

    public void printResult(String applicationId) throws FlowException {
        expect(Step.PROGRESS);
        if (progress.stream().noneMatch(p -> p.applicationId().equals(applicationId) && p.resultPrintable())) {
            throw new IllegalArgumentException("no printable result for " + applicationId);
        }
        services.progressBook().printResult(applicationId);
    }

    void back() {
        if (step == Step.PROGRESS_CARD) {
            step = Step.HOME;
        }
    }

    synchronized void end() {
        ended = true;
    }

    private void expect(Step expected) {
        if (step != expected) {
            throw new IllegalStateException("progress lookup is at " + step + ", not " + expected);
        }
    }
}
