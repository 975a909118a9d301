package org.openkiosk.app.desk;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.app.flow.Applicant;
import org.openkiosk.app.flow.FlowException;
import org.openkiosk.app.flow.HeldMaterial;
import org.openkiosk.app.flow.HeldMaterialsLookup;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.SyncException;
import org.openkiosk.sync.api.HeldMaterials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the kiosk's centre, over its enrolled credential, which of a matter's materials it holds for the resident
 * whose card was just read ({@code /api/v1/card-sessions}, {@code /api/v1/held-materials}). Any failure to ask
 * (offline, refused, timed out) is {@link Problem#CENTRE_UNREACHABLE}: the trip captures every paper instead.
 */
public final class CentreHeldMaterials implements HeldMaterialsLookup {
    private static final Logger LOG = LoggerFactory.getLogger(CentreHeldMaterials.class);

    private final Supplier<CentreClient> client;
    private final Executor background;

    /**
     * @param client     the centre client in force (it may change when the kiosk is enrolled again)
     * @param background where closing a card session runs, so a resident's session ends without waiting on the link
     */
    public CentreHeldMaterials(Supplier<CentreClient> client, Executor background) {
        this.client = client;
        this.background = background;
    }

    @Override
    public Opened open(Applicant applicant, Matter matter) throws FlowException {
        try {
            String session = client.get().openCardSession(applicant.idNumber(), applicant.name()).session();
            return new Opened(session, held(client.get().heldMaterials(
                    HeldMaterials.ask(session, matter.id(), applicant.idNumber(), List.of(), false))));
        } catch (SyncException | RuntimeException e) {
            throw new FlowException(Problem.CENTRE_UNREACHABLE, "held materials not asked: " + e.getMessage(), e);
        }
    }

    @Override
    public List<HeldMaterial> fetch(String session, Applicant applicant, Matter matter) throws FlowException {
        if (session == null) {
            throw new FlowException(Problem.CENTRE_UNREACHABLE, "no card session at the centre");
        }
        try {
            return held(client.get().heldMaterials(
                    HeldMaterials.ask(session, matter.id(), applicant.idNumber(), List.of(), true)));
        } catch (SyncException | RuntimeException e) {
            throw new FlowException(Problem.CENTRE_UNREACHABLE, "held materials not fetched: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        background.execute(() -> {
            try {
                client.get().closeCardSession();
            } catch (SyncException | RuntimeException e) {
                LOG.info("the card session was not closed at the centre (it expires by itself): {}", e.getMessage());
            }
        });
    }

    private static List<HeldMaterial> held(HeldMaterials answer) {
        if (answer == null || answer.held() == null) {
            return List.of();
        }
        return answer.held().stream().map(h -> new HeldMaterial(h.materialId(), h.kind(), h.type(), h.number(),
                h.reference())).toList();
    }
}
