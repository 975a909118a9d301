package org.openkiosk.app.ui.materials;

import java.util.List;
import java.util.Locale;
import org.openkiosk.app.catalogue.Material;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.app.flow.ApplicationTrip;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.SessionPort;

/** The exact materials of the chosen matter, each with its form (original/copy) and how the kiosk gets it. */
public final class MaterialsViewModel {
    /**
     * @param held when the material was fetched from the centre: what the screen says instead of how to hand it over
     *             (empty otherwise)
     */
    public record Row(String id, String name, String form, String note, String source, boolean capturedHere,
                      String held) {
        public Row(String id, String name, String form, String note, String source, boolean capturedHere) {
            this(id, name, form, note, source, capturedHere, "");
        }
    }

    private final SessionPort shell;
    private final ApplicationTrip flow;
    private final javafx.beans.property.BooleanProperty printed = new javafx.beans.property.SimpleBooleanProperty(false);

    public MaterialsViewModel(SessionPort shell, ApplicationTrip flow) {
        this.shell = shell;
        this.flow = flow;
    }

    private Matter matter() {
        return flow.matter().orElseThrow();
    }

    /** The matter's name, on a line of its own: inside a sentence a long name broke in the middle of a word. */
    public String title() {
        return matter().name().in(shell.locale());
    }

    /** What the list below is. */
    public String heading() {
        return shell.messages().get("materials.title");
    }

    public List<Row> rows() {
        Locale locale = shell.locale();
        Messages m = shell.messages();
        var held = flow.held();
        return matter().materials().stream().map(mat -> new Row(mat.id(), mat.name().in(locale),
                m.get("materials.form." + mat.form(), mat.copies()), mat.note().in(locale),
                m.get("materials.source." + mat.source()), mat.source() == Material.Source.CAPTURE,
                held.containsKey(mat.id()) ? m.get("materials.held") + heldWhich(held.get(mat.id()), m) : "")).toList();
    }

    /**
     * Which one was fetched: an e-licence by its type and number; a paper given before by the application it came with
     * (its type is the material's id, never shown: the row already names the material).
     */
    private static String heldWhich(org.openkiosk.app.flow.HeldMaterial h, Messages m) {
        return h.eLicence() ? m.get("materials.held-number", h.type(), h.number())
                : m.get("materials.held-reused", h.number());
    }

    /** Shown after the card when the e-licence store could not be asked: every paper is captured. Empty otherwise. */
    public String offlineNotice() {
        return flow.afterCard() && flow.heldState() == ApplicationTrip.HeldState.OFFLINE
                ? shell.messages().get("materials.offline") : "";
    }

    /** The resident would rather lay this paper than use what the centre holds. */
    public void layPaperInstead(String materialId) {
        flow.layPaperInstead(materialId);
        shell.show();
    }

    public String promise() {
        Messages m = shell.messages();
        return m.get("materials.promise", matter().promisedDays()) + "  ·  "
                + m.get("materials.visits." + Math.min(1, matter().visits()));
    }

    /** For a bundle, the services it handles together; empty for a single service. */
    public String includes() {
        Locale locale = shell.locale();
        return matter().bundle() ? shell.messages().get("materials.includes",
                String.join("、", matter().services().stream().map(s -> s.name().in(locale)).toList())) : "";
    }

    public void printChecklist() {
        shell.work(() -> {
            flow.printChecklistWithHeld();
            return Boolean.TRUE;
        }, ok -> printed.set(true), problem -> printed.set(false));
    }

    public javafx.beans.property.BooleanProperty printedProperty() {
        return printed;
    }

    public void proceed() {
        flow.proceedToCard();
        shell.show();
    }
}
