package org.openkiosk.app.flow;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.catalogue.Material;
import org.openkiosk.device.camera.DocumentCamera;
import org.openkiosk.device.idcard.IdCardReader;
import org.openkiosk.device.sscard.SocialSecurityCardReader;

/**
 * What every resident's trips use and no resident owns: the catalogue's source, the card reader, the camera, the
 * desk, the progress book, the paper reader, the clock. It outlives sessions and holds nothing of a resident;
 * {@link #openSession()} makes the {@link ResidentSession} that does.
 *
 * @param catalogues  the catalogue in force; an application trip takes it anew when it starts, so an update never
 *                    changes a trip midway
 * @param papers      reads the fields of captured papers (OCR); {@link PaperReader#NONE} for none
 * @param cameraCue   told which material the resident is asked to lay under the camera, as its capture screen opens
 *                    and again after a refused shot (the demo's simulated camera uses it to "see" a matching paper);
 *                    may do nothing
 * @param held        asks the centre which of a matter's materials it already holds for the resident (e-licences,
 *                    earlier applications' documents); {@link HeldMaterialsLookup#NONE} for none
 * @param ssCards     the social security card reader (PC/SC), or null on a kiosk without one: where it is there, the
 *                    progress lookup and the matters the catalogue allows take that card as well as the ID card
 */
public record TripServices(Supplier<Catalogue> catalogues, IdCardReader reader, DocumentCamera camera,
                           ApplicationDesk desk, ProgressBook progressBook, PaperReader papers,
                           Consumer<Material> cameraCue, Duration cardTimeout, Clock clock, HeldMaterialsLookup held,
                           SocialSecurityCardReader ssCards) {

    public TripServices {
        held = held == null ? HeldMaterialsLookup.NONE : held;
    }

    public TripServices(Supplier<Catalogue> catalogues, IdCardReader reader, DocumentCamera camera,
                        ApplicationDesk desk, ProgressBook progressBook, PaperReader papers,
                        Consumer<Material> cameraCue, Duration cardTimeout, Clock clock, HeldMaterialsLookup held) {
        this(catalogues, reader, camera, desk, progressBook, papers, cameraCue, cardTimeout, clock, held, null);
    }

    public TripServices(Supplier<Catalogue> catalogues, IdCardReader reader, DocumentCamera camera,
                        ApplicationDesk desk, ProgressBook progressBook, PaperReader papers,
                        Consumer<Material> cameraCue, Duration cardTimeout, Clock clock) {
        this(catalogues, reader, camera, desk, progressBook, papers, cameraCue, cardTimeout, clock,
                HeldMaterialsLookup.NONE, null);
    }

    /** Knows no applications: for kiosks (and tests) without a store. */
    public static final ProgressBook NO_PROGRESS = new ProgressBook() {
        @Override
        public List<ApplicationProgress> applicationsOf(String idNumber) {
            return List.of();
        }

        @Override
        public void printResult(String applicationId) {
            throw new IllegalStateException("no results here");
        }
    };

    public TripServices(Catalogue catalogue, IdCardReader reader, DocumentCamera camera, ApplicationDesk desk,
                        Duration cardTimeout, Clock clock) {
        this(() -> catalogue, reader, camera, desk, NO_PROGRESS, PaperReader.NONE, m -> { }, cardTimeout, clock);
    }

    public TripServices(Supplier<Catalogue> catalogues, IdCardReader reader, DocumentCamera camera,
                        ApplicationDesk desk, ProgressBook progressBook, Duration cardTimeout, Clock clock) {
        this(catalogues, reader, camera, desk, progressBook, PaperReader.NONE, m -> { }, cardTimeout, clock);
    }

    /** A new resident's session: nothing in it but what this resident will give. */
    public ResidentSession openSession() {
        return new ResidentSession(this);
    }
}
