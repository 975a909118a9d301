package org.openkiosk.app.flow;

import java.util.List;
import org.openkiosk.app.catalogue.Matter;

/**
 * Asks the centre which of a matter's materials it already holds for the resident whose card was just read. The
 * centre binds the lookups to a card session it opens for that holder; the session's token belongs to the resident's
 * session and is kept there ({@link ApplicationTrip}), never here.
 */
public interface HeldMaterialsLookup {

    /** What {@link #open} answers: the card session's token and what is held (kinds and numbers only). */
    record Opened(String session, List<HeldMaterial> held) {
        @Override
        public String toString() {
            return "Opened[session=***, held=" + held.size() + "]";
        }
    }

    /**
     * Opens the card session of the holder just read and asks what the centre holds for {@code matter}, before the
     * resident has agreed to anything: kinds and numbers only. Blocking.
     *
     * @throws FlowException {@link Problem#CENTRE_UNREACHABLE} when the centre cannot be asked now
     */
    Opened open(Applicant applicant, Matter matter) throws FlowException;

    /** The resident agreed: the held materials with the references the application will use. Blocking. */
    List<HeldMaterial> fetch(String session, Applicant applicant, Matter matter) throws FlowException;

    /** The resident has gone: the kiosk's card session ends at the centre. Does not block. */
    void close();

    /** A kiosk that asks no centre: nothing is ever held. */
    HeldMaterialsLookup NONE = new HeldMaterialsLookup() {
        @Override
        public Opened open(Applicant applicant, Matter matter) {
            return new Opened(null, List.of());
        }

        @Override
        public List<HeldMaterial> fetch(String session, Applicant applicant, Matter matter) {
            return List.of();
        }

        @Override
        public void close() {
        }
    };
}
