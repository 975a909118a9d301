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
import org.openkiosk.app.catalogue.FormField;
import org.openkiosk.app.catalogue.Material;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.camera.DocumentCamera;
import org.openkiosk.device.camera.ImageQuality;
import org.openkiosk.device.camera.PreviewCamera;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.IdCardReader;
import org.openkiosk.device.idcard.NoCardException;
import org.openkiosk.device.ocr.IdCopyCheck;
import org.openkiosk.device.ocr.OcrException;
import org.openkiosk.device.ocr.RecognisedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resident's trip through the kiosk, as a state machine: choose a matter, see its exact materials,
 * tap the ID card, fill the (pre-filled) form, lay each paper under the camera, review, submit, rate.
 *
 * <p>Blocking steps ({@link #readCard()}, {@link #capture()}, {@link #submit()}) run on the caller's thread;
 * the UI calls them from its background executor. {@link #reset()} forgets everything of the resident.
 */
public final class TripFlow {
    private static final Logger LOG = LoggerFactory.getLogger(TripFlow.class);
    public enum Step { HOME, CATALOGUE, MATERIALS, ID_CARD, FORM, CAPTURE, REVIEW, DONE, RATING, PROGRESS_CARD, PROGRESS }

    /**
     * The outcome of one capture: accepted, or why the resident should lay the page again.
     *
     * @param toRead the accepted paper carries fields the kiosk can use: call {@link #readPaper()} next (in the
     *               background; it takes a second or two)
     */
    public record CaptureOutcome(Material material, Optional<Problem> retake, boolean toRead) {
        public CaptureOutcome(Material material, Optional<Problem> retake) {
            this(material, retake, false);
        }
    }

    /**
     * What reading a captured paper gave.
     *
     * @param filled     the form fields filled from it (ids, form order): the resident checks them on the review
     * @param retake     {@link Problem#ID_COPY_MISMATCH} when an ID card copy is not of the card just read: the
     *                   capture was dropped and the same paper is asked for again
     * @param unreadable nothing could be read (poor page, unknown kind, engine failure): the capture is kept and the
     *                   fields stay for typing
     */
    public record PaperOutcome(Material material, List<String> filled, Optional<Problem> retake, boolean unreadable) {
        public PaperOutcome {
            filled = List.copyOf(filled);
        }
    }

    /** A field filled from a paper: which material it came from and the value as read. */
    private record Filled(String materialId, String value) {
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
    private final PaperReader papers;
    private final java.util.function.Consumer<Material> cameraCue;

    private Step step = Step.HOME;
    private List<ApplicationProgress> progress = List.of();
    private Matter matter;
    private Applicant applicant;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<Capture> captures = new ArrayList<>();
    private Submitted submitted;
    private boolean consented;
    private IdCard card;
    /** The last accepted capture, until {@link #readPaper()} has read it. */
    private Capture unread;
    private final Map<String, Filled> fromDocuments = new LinkedHashMap<>();
    /** Counts sessions, so a paper read for one resident never fills the form of the next. */
    private long generation;

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
        this(catalogues, reader, camera, desk, progressBook, PaperReader.NONE, m -> { }, cardTimeout, clock);
    }

    /**
     * @param papers    reads the fields of captured papers (OCR); {@link PaperReader#NONE} for none
     * @param cameraCue told which material the resident is asked to lay under the camera, as its capture screen
     *                  opens and again after a refused shot (the demo's simulated camera uses it to "see" a matching
     *                  paper, in the live picture as in the still); may do nothing
     */
    public TripFlow(java.util.function.Supplier<Catalogue> catalogues, IdCardReader reader, DocumentCamera camera,
                    ApplicationDesk desk, ProgressBook progressBook, PaperReader papers,
                    java.util.function.Consumer<Material> cameraCue, Duration cardTimeout, Clock clock) {
        this.papers = papers;
        this.cameraCue = cameraCue;
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
        card = readAnyCard();
        applicant = Applicant.from(card);
        step = Step.FORM;
        return applicant;
    }

    public void setField(String id, String value) {
        expect(Step.FORM);
        putField(id, value);
    }

    /**
     * On the review, the resident corrects a value (typically one read from a paper, or one the paper could not
     * give). A value changed from what was read is no longer marked as read from the paper.
     */
    public void correctField(String id, String value) {
        expect(Step.REVIEW);
        putField(id, value);
    }

    private void putField(String id, String value) {
        if (matter.fields().stream().noneMatch(f -> f.id().equals(id))) {
            throw new IllegalArgumentException("no field " + id + " in " + matter.id());
        }
        String v = value == null ? "" : value.strip();
        fields.put(id, v);
        Filled filled = fromDocuments.get(id);
        if (filled != null && !filled.value().equals(v)) {
            fromDocuments.remove(id);
        }
    }

    /**
     * Every field still wrong, in form order. On the form, a required field that a paper still to be captured can
     * fill may stay empty: it is checked on the review, after the paper was read.
     */
    public Map<String, FormCheck.Invalid> formProblems() {
        Map<String, FormCheck.Invalid> problems = FormCheck.checkAll(matter.fields(), fields, LocalDate.now(clock));
        if (step == Step.FORM) {
            fromPapersLater().forEach(id -> problems.remove(id, FormCheck.Invalid.REQUIRED));
        }
        return problems;
    }

    /** Every field still wrong on the review, in form order: submission waits until there is none. */
    public Map<String, FormCheck.Invalid> reviewProblems() {
        return FormCheck.checkAll(matter.fields(), fields, LocalDate.now(clock));
    }

    /**
     * The fields a paper still to be captured can fill (ids, form order): the form lets the resident leave them,
     * saying they will be read from that paper.
     */
    public List<String> fromPapersLater() {
        if (matter == null || papers == PaperReader.NONE) {
            return List.of();
        }
        List<Material> later = matter.toCapture().stream()
                .filter(m -> m.document() != null && captures.stream().noneMatch(c -> c.material().id().equals(m.id())))
                .toList();
        return matter.fields().stream()
                .filter(f -> f.fromDocument() != null
                        && later.stream().anyMatch(m -> m.document().equals(f.fromDocument().document())))
                .map(FormField::id).toList();
    }

    /** The paper a field can be read from (the first to capture), for telling the resident; empty when none. */
    public Optional<Material> paperFor(String fieldId) {
        return matter.fields().stream().filter(f -> f.id().equals(fieldId) && f.fromDocument() != null).findFirst()
                .flatMap(f -> matter.toCapture().stream()
                        .filter(m -> f.fromDocument().document().equals(m.document())).findFirst());
    }

    /** The fields filled from captured papers and not changed since, by field id: the material each came from. */
    public Map<String, Material> fromDocuments() {
        Map<String, Material> out = new LinkedHashMap<>();
        fromDocuments.forEach((id, f) -> matter.toCapture().stream().filter(m -> m.id().equals(f.materialId()))
                .findFirst().ifPresent(m -> out.put(id, m)));
        return out;
    }

    public void confirmForm() throws FlowException {
        expect(Step.FORM);
        Map<String, FormCheck.Invalid> problems = formProblems();
        if (!problems.isEmpty()) {
            throw new FlowException(Problem.FORM_INCOMPLETE, problems.toString());
        }
        step = matter.toCapture().isEmpty() ? Step.REVIEW : Step.CAPTURE;
        cueCamera();
    }

    /**
     * Tells the camera cue which paper the resident is asked to lay down now, as the capture screen for it opens,
     * so that a simulated camera shows that paper in the live picture and not only in the still.
     */
    private void cueCamera() {
        if (step == Step.CAPTURE) {
            cameraCue.accept(currentMaterial());
        }
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

    /**
     * What the camera sees now, for the live preview on the capture screen: a frame scaled to fit
     * {@code maxWidth x maxHeight}, empty when the camera has no live stream. Blocking (a frame's time); safe to call
     * from a thread of its own while the flow goes on, as it touches nothing of the trip, and it takes no still.
     */
    public Optional<java.awt.image.BufferedImage> previewFrame(int maxWidth, int maxHeight) throws FlowException {
        if (!(camera instanceof PreviewCamera live)) {
            return Optional.empty();
        }
        try {
            return Optional.of(live.preview(maxWidth, maxHeight).image());
        } catch (DeviceException e) {
            throw new FlowException(Problem.CAMERA_UNAVAILABLE, e.getMessage(), e);
        }
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
        boolean toRead = false;
        if (retake.isEmpty()) {
            Capture capture = new Capture(material, image);
            captures.add(capture);
            toRead = worthReading(material);
            unread = toRead ? capture : null;
            if (captures.size() == matter.toCapture().size()) {
                step = Step.REVIEW;
            }
        }
        cueCamera(); // the next paper, or the same one again for a retake
        return new CaptureOutcome(material, retake, toRead);
    }

    /** An ID card copy is always checked; another paper is read only when it can fill a field still empty. */
    private boolean worthReading(Material material) {
        if (papers == PaperReader.NONE || material.document() == null) {
            return false;
        }
        return material.isIdCardCopy() || matter.fields().stream().anyMatch(f -> f.fromDocument() != null
                && f.fromDocument().document().equals(material.document()) && fields.getOrDefault(f.id(), "").isEmpty());
    }

    /**
     * Reads the paper just captured ({@link CaptureOutcome#toRead()}) and fills the form fields it can that are
     * still empty, with values that passed their checks; never one the card gave or the resident typed. An ID
     * card copy that is not of the card just read is dropped and asked for again. A page that cannot be read, or
     * an engine that fails, loses nothing: the capture stays and the fields are left for typing. Blocking (OCR):
     * call it from the background executor.
     */
    public PaperOutcome readPaper() {
        Capture capture;
        long trip;
        synchronized (this) {
            capture = unread;
            unread = null;
            trip = generation;
            if (capture == null || step == Step.HOME || !captures.contains(capture)) {
                throw new IllegalStateException("no captured paper waiting to be read");
            }
        }
        Material material = capture.material();
        RecognisedDocument doc;
        try {
            doc = papers.read(capture.image()); // outside the lock: a second or two
        } catch (java.io.IOException | OcrException | RuntimeException e) {
            LOG.warn("reading {} failed; its fields stay for typing: {}", material.id(), e.toString());
            return new PaperOutcome(material, List.of(), Optional.empty(), true);
        }
        synchronized (this) {
            if (trip != generation || !captures.contains(capture)) {
                LOG.info("the session ended or the paper was taken back while it was read: nothing filled");
                return new PaperOutcome(material, List.of(), Optional.empty(), true);
            }
            return outcomeOf(capture, doc);
        }
    }

    private PaperOutcome outcomeOf(Capture capture, RecognisedDocument doc) {
        Material material = capture.material();
        if (!doc.readable() || doc.type().isEmpty()) {
            LOG.info("{} could not be read ({}); its fields stay for typing", material.id(), doc.quality());
            return new PaperOutcome(material, List.of(), Optional.empty(), true);
        }
        String kind = doc.type().get().wireName();
        if (!kind.equals(material.document())) {
            LOG.info("{} was read as {}, not {}; its fields stay for typing", material.id(), kind, material.document());
            return new PaperOutcome(material, List.of(), Optional.empty(), true);
        }
        if (material.isIdCardCopy() && kind.equals("id_card") && notTheCardRead(doc)) {
            dropCapture(capture);
            LOG.info("the ID card copy for {} is not of the card read: asked for again", material.id());
            return new PaperOutcome(material, List.of(), Optional.of(Problem.ID_COPY_MISMATCH), false);
        }
        List<String> filled = fill(material, kind, doc);
        LOG.info("{} read as {}: {} field(s) filled, {} field problem(s)", material.id(), kind, filled.size(),
                doc.problems().size());
        return new PaperOutcome(material, filled, Optional.empty(), false);
    }

    /** The copy names another person: its name, or its ID number when that passed its check, differs from the card. */
    private boolean notTheCardRead(RecognisedDocument doc) {
        java.util.Set<String> unsure = new java.util.HashSet<>();
        doc.problems().forEach(p -> unsure.add(p.field()));
        return IdCopyCheck.compare(doc.fields(), card).stream()
                .anyMatch(m -> (m.field().equals("name") || m.field().equals("idNumber")) && !unsure.contains(m.field()));
    }

    private List<String> fill(Material material, String kind, RecognisedDocument doc) {
        java.util.Set<String> unsure = new java.util.HashSet<>();
        doc.problems().forEach(p -> unsure.add(p.field()));
        String pageIdNumber = doc.fields().getOrDefault("idNumber", "");
        boolean residentsOwnPage = !pageIdNumber.isBlank() && pageIdNumber.equalsIgnoreCase(applicant.idNumber());
        List<String> filled = new ArrayList<>();
        for (FormField f : matter.fields()) {
            FormField.FromDocument from = f.fromDocument();
            if (from == null || !from.document().equals(kind) || !fields.getOrDefault(f.id(), "").isEmpty()) {
                continue;
            }
            if (from.otherPerson() && residentsOwnPage) {
                continue; // the resident's own page does not tell the child's or the deceased's details
            }
            String value = doc.fields().getOrDefault(from.field(), "").strip();
            if (value.isEmpty() || unsure.contains(from.field())
                    || FormCheck.check(f, value, LocalDate.now(clock)).isPresent()) {
                continue;
            }
            fields.put(f.id(), value);
            fromDocuments.put(f.id(), new Filled(material.id(), value));
            filled.add(f.id());
        }
        return filled;
    }

    /** Forgets a capture and what was read from it (values the resident has not changed since). */
    private void dropCapture(Capture capture) {
        captures.remove(capture);
        if (unread == capture) {
            unread = null;
        }
        String materialId = capture.material().id();
        fromDocuments.entrySet().removeIf(e -> {
            if (!e.getValue().materialId().equals(materialId)) {
                return false;
            }
            fields.remove(e.getKey(), e.getValue().value());
            return true;
        });
        if (step == Step.REVIEW) {
            step = Step.CAPTURE;
        }
        cueCamera();
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
        Map<String, FormCheck.Invalid> problems = reviewProblems();
        if (!problems.isEmpty()) {
            throw new FlowException(Problem.FORM_INCOMPLETE, problems.toString());
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
            dropCapture(captures.get(captures.size() - 1));
        }
        cueCamera();
        if (step == Step.HOME || step == Step.CATALOGUE) {
            matter = null;
        }
    }

    /** Ends the session: everything of this resident is forgotten. */
    public synchronized void reset() {
        generation++;
        step = Step.HOME;
        matter = null;
        applicant = null;
        fields.clear();
        captures.clear();
        submitted = null;
        consented = false;
        progress = List.of();
        card = null;
        unread = null;
        fromDocuments.clear();
        if (desk != null) { // a flow made for screens that never submit (technician tests) has none
            desk.endSession();
        }
    }

    private void expect(Step expected) {
        if (step != expected) {
            throw new IllegalStateException("trip is at " + step + ", not " + expected);
        }
    }
}
