package org.openkiosk.app.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openkiosk.app.catalogue.Matter;

/** A desk for flow tests: keeps each submitted trip and answers with a fixed receipt; printing and rating do nothing. */
final class RecordingDesk implements ApplicationDesk {
    /** The trips submitted, oldest first. */
    final List<Trip> submitted = new ArrayList<>();

    @Override
    public Submitted submit(Trip trip) {
        submitted.add(trip);
        return new Submitted("id-1", "K0001-20261123-0001", Instant.EPOCH, Optional.empty());
    }

    @Override
    public void reprintReceipt(String applicationId) {
    }

    @Override
    public void rate(String applicationId, Rating rating, String reason) {
    }

    @Override
    public void printChecklist(Matter matter) {
    }

    /** Sessions ended (the flow's reset). */
    int sessionsEnded;

    @Override
    public void endSession() {
        sessionsEnded++;
    }
}
