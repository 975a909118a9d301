package org.openkiosk.app.ui;

import org.openkiosk.app.flow.HelpLine;
import org.openkiosk.app.flow.ResidentSession;
import org.openkiosk.app.flow.Step;
import org.openkiosk.app.ui.capture.CaptureViewModel;
import org.openkiosk.app.ui.catalogue.CatalogueViewModel;
import org.openkiosk.app.ui.done.DoneViewModel;
import org.openkiosk.app.ui.form.FormViewModel;
import org.openkiosk.app.ui.help.HelpViewModel;
import org.openkiosk.app.ui.idcard.IdCardViewModel;
import org.openkiosk.app.ui.materials.MaterialsViewModel;
import org.openkiosk.app.ui.progress.ProgressViewModel;
import org.openkiosk.app.ui.rating.RatingViewModel;
import org.openkiosk.app.ui.review.ReviewViewModel;

/**
 * One model per screen, for one resident's session: the shell makes a new set with each {@link ResidentSession} and
 * drops the old one whole, with that session, when it ends, so nothing a screen held (a name, an application number, a printed-result line) can reach
 * the next resident, whatever fields a model gains later. The capture screen's is told when it is left (it stops
 * watching the camera).
 */
public final class ScreenModels {
    private final CatalogueViewModel catalogue;
    private final MaterialsViewModel materials;
    private final IdCardViewModel idCard;
    private final org.openkiosk.app.ui.consent.ConsentViewModel consent;
    private final FormViewModel form;
    private final CaptureViewModel capture;
    private final ReviewViewModel review;
    private final DoneViewModel done;
    private final RatingViewModel rating;
    private final ProgressViewModel progress;
    /** Remote help: its call ends with the session. */
    private final HelpViewModel help;
    private final org.openkiosk.app.ui.signature.SignatureViewModel signature;

    ScreenModels(SessionPort shell, ResidentSession session, java.util.concurrent.Executor background,
                 java.util.concurrent.Executor ui) {
        this(shell, session, background, ui, () -> HelpLine.NONE, text -> { });
    }

    ScreenModels(SessionPort shell, ResidentSession session, java.util.concurrent.Executor background,
                 java.util.concurrent.Executor ui, java.util.function.Supplier<HelpLine> helpLine,
                 java.util.function.Consumer<String> say) {
        var trip = session.application();
        catalogue = new CatalogueViewModel(shell, trip);
        materials = new MaterialsViewModel(shell, trip);
        idCard = new IdCardViewModel(shell, session);
        consent = new org.openkiosk.app.ui.consent.ConsentViewModel(shell, trip);
        form = new FormViewModel(shell, trip);
        capture = new CaptureViewModel(shell, trip, background, ui);
        review = new ReviewViewModel(shell, trip);
        done = new DoneViewModel(shell, trip);
        rating = new RatingViewModel(shell, trip);
        progress = new ProgressViewModel(shell, session.progress());
        help = new HelpViewModel(shell, helpLine, say, ui, session::step);
        signature = new org.openkiosk.app.ui.signature.SignatureViewModel(shell, trip);
    }

    public HelpViewModel help() {
        return help;
    }

    public org.openkiosk.app.ui.signature.SignatureViewModel signature() {
        return signature;
    }

    public CatalogueViewModel catalogue() {
        return catalogue;
    }

    public MaterialsViewModel materials() {
        return materials;
    }

    public IdCardViewModel idCard() {
        return idCard;
    }

    public org.openkiosk.app.ui.consent.ConsentViewModel consent() {
        return consent;
    }

    public FormViewModel form() {
        return form;
    }

    public CaptureViewModel capture() {
        return capture;
    }

    public ReviewViewModel review() {
        return review;
    }

    public DoneViewModel done() {
        return done;
    }

    public ProgressViewModel progress() {
        return progress;
    }

    public RatingViewModel rating() {
        return rating;
    }

    void enter(Step step) {
        switch (step) {
            case FORM -> form.enter();
            case CAPTURE -> capture.enter();
            case ID_CARD, PROGRESS_CARD -> idCard.enter();
            case RATING -> rating.enter();
            case REVIEW -> review.enter();
            default -> { }
        }
        if (step != Step.CAPTURE) {
            capture.leave();
        }
        help.stepChanged(step);
    }

    /** The session is over: stops what runs in the background (the camera's live picture); the models are dropped. */
    void close() {
        help.close(); // the help call and its stream end at once with the session (the idle wipe included)
        capture.leave();
    }
}
