package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Staff publish a catalogue at the centre; the kiosk offers it from the next resident on. */
class KioskCatalogueUpdateTest extends KioskUiTestBase {
    @Test
    void catalogueUpdateFromTheCentreIsOfferedFromTheNextSession() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        ObjectMapper json = new ObjectMapper();
        ObjectNode catalogue = (ObjectNode) json.readTree(getClass().getResourceAsStream("/catalogue/catalogue.json"));
        ObjectNode added = ((ObjectNode) catalogue.withArray("services").get(0)).deepCopy();
        added.put("id", "disability-card");
        added.putObject("name").put("zh", "残疾人证申领").put("en", "Disability certificate");
        added.put("department", "civil");
        ((ArrayNode) catalogue.withArray("services")).add(added);

        click("#start");
        click("#department-civil");
        assertThat(robot.lookup("#matter-disability-card").tryQuery()).isEmpty();
        click("#home");

        context.centre().publishCatalogue(json.writeValueAsString(catalogue));
        context.sync().syncOnce();

        click("#start");
        click("#department-civil");
        assertThat(text("#matter-disability-card")).contains("残疾人证申领");
    }
}
