package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.openkiosk.app.store.DeadLetter;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.sync.api.Json;
import picocli.CommandLine.Option;

/** {@code ./kiosk sync dead-letter [list]}: the dead letters, without personal data. */
abstract class DeadLetterListing extends KioskStoreCommand {
    @Option(names = "--json", description = "{\"count\", \"deadLetters\": [...]}")
    boolean json;

    DeadLetterListing(Streams streams) {
        super(streams);
    }

    @Override
    int run(KioskStore store) throws Exception {
        List<DeadLetter> letters = store.deadLetters().list();
        if (json) {
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("count", letters.size());
            ArrayNode list = node.putArray("deadLetters");
            for (DeadLetter d : letters) {
                ObjectNode n = list.addObject();
                n.put("applicationId", d.applicationId());
                n.put("applicationNo", d.applicationNo());
                n.put("serviceId", d.serviceId());
                n.put("serviceName", d.serviceName());
                n.put("submittedAt", d.submittedAt().toString());
                n.put("status", d.httpStatus());
                n.put("reason", d.reason());
                n.put("deadAt", d.deadAt().toString());
                n.put("refusals", d.refusals());
            }
            out.println(Json.mapper().writeValueAsString(node));
            return 0;
        }
        if (letters.isEmpty()) {
            out.println("no dead letters: the centre has refused no application");
            return 0;
        }
        out.println(letters.size() + " application(s) refused by the centre, kept encrypted on this kiosk:");
        for (DeadLetter d : letters) {
            out.println("  " + d.applicationId() + "  " + d.applicationNo() + "  " + d.serviceName() + "  HTTP "
                    + d.httpStatus() + " at " + d.deadAt() + " (" + d.refusals() + "x): " + d.reason());
        }
        out.println("fix the cause, then: ./kiosk sync dead-letter resend ID|--all");
        return 0;
    }
}
