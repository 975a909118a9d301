package org.openkiosk.app.flow;

import org.openkiosk.app.catalogue.Catalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of one resident, from the moment they are at the home screen until they leave (or the idle guard wipes
 * the session): the application trip, the progress lookup and the desk's state for them (receipts not yet printed).
 * It is made whole when a session starts ({@link TripServices#openSession()}) and dropped whole when it ends: nothing
 * in it is cleared field by field, so whatever it gains later is forgotten too.
 */
public final class ResidentSession {
    private static final Logger LOG = LoggerFactory.getLogger(ResidentSession.class);

    private final ApplicationDesk desk;
    private final ApplicationTrip application;
    private final ProgressLookup progress;

    ResidentSession(TripServices services) {
        this.desk = services.desk() == null ? null : services.desk().openSession();
        this.application = new ApplicationTrip(services, desk);
        this.progress = new ProgressLookup(services);
    }

    /** The application trip: choose a matter, card, form, papers, review, submit, rate. */
    public ApplicationTrip application() {
        return application;
    }

    /** The progress lookup: card, the resident's applications, a result to print. */
    public ProgressLookup progress() {
        return progress;
    }

    /** The desk's side of this session (receipts it could not print yet), or null on a kiosk without a desk. */
    public ApplicationDesk desk() {
        return desk;
    }

    /** The step of whichever trip the resident has begun; {@link Step#HOME} before either. */
    public Step step() {
        Step s = application.step();
        return s != Step.HOME ? s : progress.step();
    }

    /** The catalogue this session shows (the application trip's, taken anew when it starts). */
    public Catalogue catalogue() {
        return application.catalogue();
    }

    /** One step back in whichever trip is under way. */
    public void back() {
        if (application.step() != Step.HOME) {
            application.back();
        } else {
            progress.back();
        }
    }

    /**
     * The resident has gone: work still under way for them (a paper being read) fills nothing, and the desk is told.
     * The caller drops this session and opens a new one; nothing here is cleared.
     */
    public void end() {
        application.end();
        progress.end();
        if (desk != null) {
            desk.endSession();
        }
        LOG.debug("resident session ended");
    }
}
