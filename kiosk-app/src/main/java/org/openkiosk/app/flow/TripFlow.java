package org.openkiosk.app.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.catalogue.Material;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.camera.DocumentCamera;
import org.openkiosk.device.camera.ImageQuality;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.IdCardReader;
import org.openkiosk.device.idcard.NoCardException;

/**
 * One resident's trip through the kiosk, as a state machine: choose a matter, see its exact materials,
 * tap the ID card, fill the (pre-filled) form, lay each paper under the camera, review, submit, rate.
 *
 * <p>Blocking steps ({@link #readCard()}, {@link #capture()}, {@link #submit()}) run on the caller's thread;
 * the UI calls them from its background executor. {@link #reset()} forgets everything of the resident.
 */
public final class TripFlow {
    public enum Step { HOME, CATALOGUE, MATERIALS, ID_CARD, FORM, CAPTURE, REVIEW, DONE, RATING, PROGRESS_CARD, PROGRESS }

    /** The outcome of one capture: accepted, or why the resident should lay the page again. */
    public record CaptureOutcome(Material material, Optional<Problem> retake) {
    }

    private final java.util.function.Supplier<Catalogue> catalogues;
    /** The catalogue of this session: taken anew when a session starts, so an update never changes a trip midway. */
    private Catalogue catalogue;
    private final IdCardReader reader;
    private final DocumentCamera camera;
    private final ApplicationDesk desk;
    private final Duration cardTimeout;
    private final Clock clock;
    private final ProgressBook progressBook;

    private Step step = Step.HOME;
    private List<ApplicationProgress> progress = List.of();
    private Matter matter;
    private Applicant applicant;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<Capture> captures = new ArrayList<>();
    private Submitted submitted;
    private boolean consented;

    public TripFlow(Catalogue catalogue, IdCardReader reader, DocumentCamera camera, ApplicationDesk desk,
                    Duration cardTimeout, Clock clock) {
        this(() -> catalogue, reader, camera, desk, NO_PROGRESS, cardTimeout, clock);
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

    public TripFlow(java.util.function.Supplier<Catalogue> catalogues, IdCardReader reader, DocumentCamera camera,
                    ApplicationDesk desk, ProgressBook progressBook, Duration cardTimeout, Clock clock) {
        this.progressBook = progressBook;
        this.catalogues = catalogues;
        this.catalogue = catalogues.get();
        this.reader = reader;
        this.camera = camera;
        this.desk = desk;
        this.cardTimeout = cardTimeout;
        this.clock = clock;
    }

    public Step step() {
        return step;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public Optional<Matter> matter() {
        return Optional.ofNullable(matter);
    }

    public Optional<Applicant> applicant() {
        return Optional.ofNullable(applicant);
    }

    public Map<String, String> fields() {
        return Map.copyOf(fields);
    }

    public List<Capture> captures() {
        return List.copyOf(captures);
    }

    public Optional<Submitted> submitted() {
        return Optional.ofNullable(submitted);
    }

    public void start() {
        expect(Step.HOME);
        catalogue = catalogues.get();
        step = Step.CATALOGUE;
    }

    public void choose(String matterId) {
        expect(Step.CATALOGUE);
        matter = catalogue.matter(matterId)
                .orElseThrow(() -> new IllegalArgumentException("no such service: " + matterId));
        step = Step.MATERIALS;
    }

    /** Prints the material checklist of the chosen matter on the receipt printer. */
    public void printChecklist() throws FlowException {
        expect(Step.MATERIALS);
        desk.printChecklist(matter);
    }

    /** The resident has read the material list and has everything: on to the ID card. */
    public void proceedToCard() {
        expect(Step.MATERIALS);
        step = Step.ID_CARD;
    }

    /** From home: the resident wants to see their applications; the card says who they are. */
    public void startProgress() {
        expect(Step.HOME);
        step = Step.PROGRESS_CARD;
    }

    /** Reads the card, then the resident's applications. */
    public List<ApplicationProgress> readCardForProgress() throws FlowException {
        expect(Step.PROGRESS_CARD);
        applicant = Applicant.from(readAnyCard());
        progress = List.copyOf(progressBook.applicationsOf(applicant.idNumber()));
        step = Step.PROGRESS;
        return progress;
    }

    public List<ApplicationProgress> progress() {
        return progress;
    }

    public void printResult(String applicationId) throws FlowException {
        expect(Step.PROGRESS);
        if (progress.stream().noneMatch(p -> p.applicationId().equals(applicationId) && p.resultPrintable())) {
            throw new IllegalArgumentException("no printable result for " + applicationId);
        }
        progressBook.printResult(applicationId);
    }

    private IdCard readAnyCard() throws FlowException {
        IdCard card;
        try {
            card = reader.read(cardTimeout);
        } catch (NoCardException e) {
            throw new FlowException(Problem.NO_CARD, e.getMessage(), e);
        } catch (DeviceNotFoundException e) {
            throw new FlowException(Problem.READER_UNAVAILABLE, e.getMessage(), e);
        } catch (DeviceException e) {
            throw new FlowException(Problem.CARD_UNREADABLE, e.getMessage(), e);
        }
        if (!card.idNumberValid()) {
            throw new FlowException(Problem.CARD_NUMBER_INVALID, "check character does not match");
        }
        return card;
    }

    /** Waits for the resident's card on the reader and reads it; on success the form is pre-filled. */
    public Applicant readCard() throws FlowException {
        expect(Step.ID_CARD);
        applicant = Applicant.from(readAnyCard());
        step = Step.FORM;
        return applicant;
    }

    public void setField(String id, String value) {
        expect(Step.FORM);
        if (matter.fields().stream().noneMatch(f -> f.id().equals(id))) {
            throw new IllegalArgumentException("no field " + id + " in " + matter.id());
        }
        fields.put(id, value == null ? "" : value.strip());
    }

    /** Every field still wrong, in form order. */
    public Map<String, FormCheck.Invalid> formProblems() {
        return FormCheck.checkAll(matter.fields(), fields, LocalDate.now(clock));
    }

    public void confirmForm() throws FlowException {
        expect(Step.FORM);
        Map<String, FormCheck.Invalid> problems = formProblems();
        if (!problems.isEmpty()) {
            throw new FlowException(Problem.FORM_INCOMPLETE, problems.toString());
        }
        step = matter.toCapture().isEmpty() ? Step.REVIEW : Step.CAPTURE;
    }

    /** The material to lay under the camera now. */
    public Material currentMaterial() {
        expect(Step.CAPTURE);
        return matter.toCapture().get(captures.size());
    }

    /** 1-based position of {@link #currentMaterial()} and how many there are. */
    public int[] captureProgress() {
        return new int[] {captures.size() + 1, matter.toCapture().size()};
    }

    /** Captures the current material and checks it on the spot; a rejected page is not kept. */
    public CaptureOutcome capture() throws FlowException {
        Material material = currentMaterial();
        CapturedImage image;
        ImageQuality.Verdict verdict;
        try {
            image = camera.capture();
            verdict = ImageQuality.assess(image.decode());
        } catch (DeviceException | java.io.IOException e) {
            throw new FlowException(Problem.CAMERA_UNAVAILABLE, e.getMessage(), e);
        }
        Optional<Problem> retake = switch (verdict.problem()) {
            case NONE -> Optional.empty();
            case TOO_SMALL -> Optional.of(Problem.IMAGE_TOO_SMALL);
            case BLURRED -> Optional.of(Problem.IMAGE_BLURRED);
            case GLARE -> Optional.of(Problem.IMAGE_GLARE);
        };
        if (retake.isEmpty()) {
            captures.add(new Capture(material, image));
            if (captures.size() == matter.toCapture().size()) {
                step = Step.REVIEW;
            }
        }
        return new CaptureOutcome(material, retake);
    }

    /** The resident has agreed that the data shown is used for this application, as the review screen explains. */
    public void consent(boolean given) {
        expect(Step.REVIEW);
        consented = given;
    }

    public boolean consented() {
        return consented;
    }

    /** Stores and queues the application; afterwards the resident sees the application number. */
    public Submitted submit() throws FlowException {
        expect(Step.REVIEW);
        if (!consented) {
            throw new IllegalStateException("no consent to the use of the data");
        }
        submitted = desk.submit(new Trip(matter, applicant, fields, captures));
        step = Step.DONE;
        return submitted;
    }

    public void reprintReceipt() throws FlowException {
        expect(Step.DONE);
        desk.reprintReceipt(submitted.applicationId());
        submitted = new Submitted(submitted.applicationId(), submitted.applicationNo(), submitted.submittedAt(),
                Optional.empty());
    }

    public void toRating() {
        expect(Step.DONE);
        step = Step.RATING;
    }

    public void rate(Rating rating, String reason) {
        expect(Step.RATING);
        desk.rate(submitted.applicationId(), rating, reason == null ? "" : reason.strip());
    }

    /** One step back, where that makes sense; the resident never loses what they already gave by going back. */
    public void back() {
        step = switch (step) {
            case CATALOGUE -> Step.HOME;
            case MATERIALS -> Step.CATALOGUE;
            case ID_CARD -> Step.MATERIALS;
            case FORM -> Step.ID_CARD;
            case CAPTURE -> Step.FORM;
            case REVIEW -> matter.toCapture().isEmpty() ? Step.FORM : Step.CAPTURE;
            case PROGRESS_CARD -> Step.HOME;
            default -> step;
        };
        if (step == Step.CAPTURE && captures.size() == matter.toCapture().size()) {
            captures.remove(captures.size() - 1);
        }
        if (step == Step.HOME || step == Step.CATALOGUE) {
            matter = null;
        }
    }

    /** Ends the session: everything of this resident is forgotten. */
    public void reset() {
        step = Step.HOME;
        matter = null;
        applicant = null;
        fields.clear();
        captures.clear();
        submitted = null;
        consented = false;
        progress = List.of();
    }

    private void expect(Step expected) {
        if (step != expected) {
            throw new IllegalStateException("trip is at " + step + ", not " + expected);
        }
    }
}
