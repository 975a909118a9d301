package org.openkiosk.app.sync;

/**
 * One job of a sync round ({@link SyncWorker} runs its steps in order, each round). A step records what went wrong
 * in the store itself and answers how it went; an unexpected exception from a step is logged by the worker and
 * counts as {@link Outcome#FAILED}, and the next steps still run.
 */
interface SyncStep {

    /** How a step went, and what it means for the rest of the round. */
    enum Outcome {
        /** Done; nothing to report. */
        DONE,
        /** Something failed (and is recorded): the round counts as failed, the next steps still run. */
        FAILED,
        /**
         * The centre cannot be reached, or refused the kiosk's credential: the round counts as failed and the
         * remaining steps that talk to the centre are skipped (they would only fail the same way).
         */
        CENTRE_UNREACHABLE
    }

    /** What the step does, for the log. */
    String name();

    /** False for a step that runs on the kiosk alone and so runs even when the centre cannot be reached. */
    default boolean needsCentre() {
        return true;
    }

    Outcome run(SyncRound round);
}
