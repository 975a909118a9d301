package org.openkiosk.app.ui.consent;

import java.util.List;
import java.util.Locale;
import org.openkiosk.app.catalogue.Material;
import org.openkiosk.app.flow.ApplicationTrip;
import org.openkiosk.app.flow.HeldMaterial;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.SessionPort;

/**
 * 授权调取: what the centre already holds for the resident (kinds and numbers, nothing more), why it would be fetched,
 * and the resident's yes or no. Part of the session's screen models: dropped whole with the session.
 */
public final class ConsentViewModel {
    /** One held material as the screen lists it. */
    public record Row(String materialId, String text) {
    }

    private final SessionPort shell;
    private final ApplicationTrip flow;

    public ConsentViewModel(SessionPort shell, ApplicationTrip flow) {
        this.shell = shell;
        this.flow = flow;
    }

    public List<Row> rows() {
        Messages m = shell.messages();
        Locale locale = shell.locale();
        return flow.offered().stream().map(h -> new Row(h.materialId(), h.eLicence()
                ? m.get("consent.e-licence", h.type(), h.number())
                : m.get("consent.reused", materialName(h, locale), h.number()))).toList();
    }

    private String materialName(HeldMaterial h, Locale locale) {
        return flow.matter().flatMap(mt -> mt.materials().stream().filter(x -> x.id().equals(h.materialId())).findFirst())
                .map(Material::name).map(n -> n.in(locale)).orElse(h.type());
    }

    /** Yes: fetched in the background, then the materials screen shows which need no paper. */
    public void agree() {
        shell.work(() -> {
            flow.consentToFetch(true);
            return Boolean.TRUE;
        }, ok -> shell.show(), problem -> { });
    }

    /** No: every paper is captured; on to the form. */
    public void refuse() {
        flow.consentToFetch(false);
        shell.show();
    }
}
