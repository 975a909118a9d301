package org.openkiosk.centre.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Clock;
import org.openkiosk.centre.core.ContentSigner;
import org.openkiosk.centre.core.FleetHealth;
import org.openkiosk.centre.db.CatalogueRepository;
import org.openkiosk.centre.db.DatabaseException;
import org.openkiosk.sync.api.CatalogueUpdate;
import org.openkiosk.sync.api.ContentSignature;
import org.openkiosk.sync.api.Heartbeat;
import org.openkiosk.sync.api.HeartbeatAnswer;

/** {@code POST /api/v1/heartbeat} (checked and kept in the history, see {@link FleetHealth}) and {@code GET /api/v1/catalogue[?since=V]}. */
public final class KioskResource {

    private final FleetHealth fleet;
    private final CatalogueRepository catalogues;
    private final ObjectMapper json;
    private final Clock clock;
    private final ContentSigner signer;

    public KioskResource(FleetHealth fleet, CatalogueRepository catalogues, ObjectMapper json, Clock clock,
                         ContentSigner signer) {
        this.fleet = fleet;
        this.catalogues = catalogues;
        this.json = json;
        this.clock = clock;
        this.signer = signer;
    }

    public void heartbeat(Context ctx) {
        String kioskId = KioskAuth.kioskId(ctx);
        Heartbeat beat;
        try {
            beat = json.readValue(ctx.bodyAsBytes(), Heartbeat.class);
        } catch (IOException e) {
            throw new BadRequestResponse("malformed heartbeat JSON");
        }
        if (beat == null) {
            throw new BadRequestResponse("no heartbeat in the request body");
        }
        if (beat.kioskId() != null && !beat.kioskId().equals(kioskId)) {
            throw new ForbiddenResponse("heartbeat says kiosk " + beat.kioskId() + " but the credential is kiosk "
                    + kioskId);
        }
        try {
            fleet.record(kioskId, beat);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("heartbeat refused: " + e.getMessage());
        }
        ctx.json(new HeartbeatAnswer(clock.instant(),
                catalogues.current().map(CatalogueRepository.Published::version).orElse(0L)));
    }

    /**
     * The current catalogue, signed (see {@link ContentSignature}); 304 when {@code since} is already the current
     * version; 404 when none.
     */
    public void catalogue(Context ctx) {
        var current = catalogues.current();
        if (current.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(new org.openkiosk.sync.api.ApiError("no catalogue published"));
            return;
        }
        String since = ctx.queryParam("since");
        if (since != null && since.strip().equals(String.valueOf(current.get().version()))) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        JsonNode catalogue;
        try {
            catalogue = json.readTree(current.get().json());
        } catch (IOException e) {
            throw new DatabaseException("stored catalogue is not JSON", e);
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(new CatalogueUpdate(current.get().version(), current.get().publishedAt(),
                    catalogue));
        } catch (IOException e) {
            throw new DatabaseException("stored catalogue cannot be written as JSON", e);
        }
        // signed as the exact bytes sent, so the kiosk checks what it received before it reads it
        ctx.header(ContentSignature.HEADER, signer.signCatalogue(current.get().version(), body));
        ctx.contentType("application/json").result(body);
    }
}
