package org.openkiosk.app.flow;

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
import org.openkiosk.device.camera.CapturedImage;
import org.openkiosk.device.camera.ImageQuality;
import org.openkiosk.device.camera.PreviewCamera;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.ocr.IdCopyCheck;
import org.openkiosk.device.ocr.OcrException;
import org.openkiosk.device.ocr.RecognisedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resident's application, as a state machine: choose a matter, see its exact materials, tap the ID card, fill
 * the (pre-filled) form, lay each paper under the camera, review, submit, rate. It holds what the resident gave (card,
 * fields, captures, what was read from them, the submitted application) and is part of a {@link ResidentSession}:
 * made with it and dropped with it, never cleared.
 *
 * <p>Blocking steps ({@link #readCard()}, {@link #capture()}, {@link #readPaper()}, {@link #submit()}) run on the
 * caller's thread; the UI calls them from its background executor.
 */
public final class ApplicationTrip {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationTrip.class);

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

    /**
     * A value a paper gave that could not be trusted (below the engine's confidence, or failing its check): not
     * filled in, but shown for the resident to check and type.
     *
     * @param paper the paper it was read from
     * @param read  the value as read
     * @param line  the line of the paper it was read on (1 = top; 0 when unknown)
     * @param choices the value as read and its other readings (余晨垄, 余晨垫, 余晨堃; a name also with a character the
     *                model cannot write: 肖龚文, 肖䶮文), for the resident to tap the one printed; empty when there is
     *                no other reading (then the value is typed from the paper)
     */
    public record PleaseCheck(Material paper, String read, int line, List<String> choices) {
        public PleaseCheck {
            choices = List.copyOf(choices);
        }

        /** Safe for logs: names the paper and line, never the value. */
        @Override
        public String toString() {
            return "PleaseCheck[" + paper.id() + ", line " + line + "]";
        }
    }

    private final TripServices services;
    /** This session's part of the desk (receipts it could not print yet). */
    private final ApplicationDesk desk;
    /** The catalogue of this trip: taken anew when it starts, so an update never changes a trip midway. */
    private Catalogue catalogue;

    private Step step = Step.HOME;
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
    private final Map<String, PleaseCheck> toCheck = new LinkedHashMap<>();
    /** The handwritten signature, for a matter signed by hand. */
    private Signature signature;
    /** The application form (PDF) sent with the application, kept for printing it on the A4 printer. */
    private byte[] applicationForm;
    /** The session is over: a paper still being read for this resident fills nothing. */
    private boolean ended;

    /** Where asking the centre for held materials stands, once the card was read. */
    public enum HeldState {
        /** Not asked (no material of the matter may be held), or nothing held. */
        NONE,
        /** The centre holds some: the resident is asked on the consent screen. */
        OFFERED,
        /** The resident agreed: {@link #held()} are fetched, not captured. */
        FETCHED,
        /** The resident said no: every paper is captured. */
        REFUSED,
        /** The centre could not be asked: every paper is captured. */
        OFFLINE
    }

    private HeldState heldState = HeldState.NONE;
    /** The card session's token at the centre (this resident's); null before the card or when none was opened. */
    private String cardSession;
    /** What the centre holds, before consent: kinds and numbers. */
    private List<HeldMaterial> offered = List.of();
    /** Fetched after consent and not given up for a paper, by material id: not captured, referred to. */
    private final Map<String, HeldMaterial> held = new LinkedHashMap<>();
    /** The materials screen is shown again after the consent screen (its next step is the form, not the card). */
    private boolean afterCard;

    ApplicationTrip(TripServices services, ApplicationDesk desk) {
        this.services = services;
        this.desk = desk;
        this.catalogue = services.catalogues().get();
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

    public Optional<Signature> signature() {
        return Optional.ofNullable(signature);
    }

    /** The application form sent with the application (a matter signed by hand), once submitted. */
    public Optional<byte[]> applicationForm() {
        return Optional.ofNullable(applicationForm).map(byte[]::clone);
    }

    /** Whether the card step takes the social security card as well (the catalogue allows it and a reader is there). */
    public boolean ssCardAccepted() {
        return matter != null && matter.ssCard() && services.ssCards() != null;
    }

    public void start() {
        expect(Step.HOME);
        catalogue = services.catalogues().get();
        step = Step.CATALOGUE;
    }

    public void choose(String matterId) {
        expect(Step.CATALOGUE);
        matter = catalogue.matter(matterId)
                .orElseThrow(() -> new IllegalArgumentException("no such service: " + matterId));
        step = Step.MATERIALS;
        if (services.papers() != PaperReader.NONE && matter.toCapture().stream().anyMatch(m -> m.document() != null)) {
            services.papers().prepare(); // loads while the resident reads the list and taps the card
        }
    }

    /** Prints the material checklist of the chosen matter on the receipt printer. */
    public void printChecklist() throws FlowException {
        expect(Step.MATERIALS);
        desk.printChecklist(matter);
    }

    /** Prints the checklist with the materials fetched from the centre marked as such (after the consent screen). */
    public void printChecklistWithHeld() throws FlowException {
        expect(Step.MATERIALS);
        desk.printChecklist(matter, held());
    }

    /**
     * The resident has read the material list and has everything: on to the ID card, or, when the list is shown again
     * after the consent screen, to the form.
     */
    public void proceedToCard() {
        expect(Step.MATERIALS);
        step = afterCard ? Step.FORM : Step.ID_CARD;
        afterCard = false;
    }

    /**
     * Waits for the resident's card on the reader and reads it; on success the form is pre-filled. When some of the
     * matter's materials may be held at the centre, the centre is asked (kinds and numbers only): if it holds any, the
     * consent screen comes next; if it cannot be asked, the materials screen says so and every paper is captured.
     */
    public Applicant readCard() throws FlowException {
        expect(Step.ID_CARD);
        if (ssCardAccepted()) {
            applicant = CardTap.readEither(services.reader(), services.ssCards(), services.cardTimeout());
            card = null;
        } else {
            card = CardTap.read(services.reader(), services.cardTimeout());
            applicant = Applicant.from(card);
        }
        held.clear();
        offered = List.of();
        heldState = HeldState.NONE;
        step = Step.FORM;
        if (matter.materials().stream().anyMatch(Material::mayBeHeld)) {
            try {
                HeldMaterialsLookup.Opened opened = services.held().open(applicant, matter);
                cardSession = opened.session();
                offered = List.copyOf(opened.held());
                if (!offered.isEmpty()) {
                    heldState = HeldState.OFFERED;
                    step = Step.CONSENT;
                }
            } catch (FlowException e) {
                LOG.info("the centre could not be asked for held materials; every paper is captured: {}", e.getMessage());
                heldState = HeldState.OFFLINE;
                afterCard = true;
                step = Step.MATERIALS;
            }
        }
        return applicant;
    }

    /** Where asking the centre for held materials stands. */
    public HeldState heldState() {
        return heldState;
    }

    /** What the centre holds for the resident, before consent (kinds and numbers), for the consent screen. */
    public List<HeldMaterial> offered() {
        return offered;
    }

    /** The materials fetched from the centre and not given up for a paper, by material id. */
    public Map<String, HeldMaterial> held() {
        return Map.copyOf(held);
    }

    /**
     * The resident's answer on the consent screen (授权调取). Yes: the held materials are fetched (blocking) and the
     * materials screen shows which need no paper; if the centre cannot be asked now, it says so and every paper is
     * captured. No: nothing is fetched, every paper is captured, on to the form.
     */
    public void consentToFetch(boolean agreed) {
        expect(Step.CONSENT);
        if (!agreed) {
            heldState = HeldState.REFUSED;
            step = Step.FORM;
            return;
        }
        try {
            for (HeldMaterial h : services.held().fetch(cardSession, applicant, matter)) {
                if (h.reference() != null && toCapture().stream().anyMatch(m -> m.id().equals(h.materialId()))) {
                    held.put(h.materialId(), h);
                }
            }
            heldState = HeldState.FETCHED;
            captures.removeIf(c -> held.containsKey(c.material().id())); // laid before going back to the card
        } catch (FlowException e) {
            LOG.info("the held materials could not be fetched; every paper is captured: {}", e.getMessage());
            heldState = HeldState.OFFLINE;
        }
        afterCard = true;
        step = Step.MATERIALS;
    }

    /** The resident would rather lay the paper than use what the centre holds: it is captured as usual. */
    public void layPaperInstead(String materialId) {
        expect(Step.MATERIALS);
        held.remove(materialId);
    }

    /** Whether the materials screen is shown again after the card (held materials marked, next step the form). */
    public boolean afterCard() {
        return afterCard;
    }

    /** The materials to lay under the camera: the matter's, but those fetched from the centre. */
    public List<Material> toCapture() {
        return matter.toCapture().stream().filter(m -> !held.containsKey(m.id())).toList();
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
        if (!v.isEmpty()) {
            toCheck.remove(id);
        }
    }

    /**
     * The fields a paper gave a value for that could not be trusted, by field id (form order): left empty for the
     * resident to type, with the paper and line to look at.
     */
    public Map<String, PleaseCheck> toCheck() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(toCheck));
    }

    /**
     * Every field still wrong, in form order. On the form, a required field that a paper still to be captured can
     * fill may stay empty: it is checked on the review, after the paper was read.
     */
    public Map<String, FormCheck.Invalid> formProblems() {
        Map<String, FormCheck.Invalid> problems = FormCheck.checkAll(matter.fields(), fields, LocalDate.now(services.clock()));
        if (step == Step.FORM) {
            fromPapersLater().forEach(id -> problems.remove(id, FormCheck.Invalid.REQUIRED));
        }
        return problems;
    }

    /** Every field still wrong on the review, in form order: submission waits until there is none. */
    public Map<String, FormCheck.Invalid> reviewProblems() {
        return FormCheck.checkAll(matter.fields(), fields, LocalDate.now(services.clock()));
    }

    /**
     * The fields a paper still to be captured can fill (ids, form order): the form lets the resident leave them,
     * saying they will be read from that paper.
     */
    public List<String> fromPapersLater() {
        if (matter == null || services.papers() == PaperReader.NONE) {
            return List.of();
        }
        List<Material> later = toCapture().stream()
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
                .flatMap(f -> toCapture().stream()
                        .filter(m -> f.fromDocument().document().equals(m.document())).findFirst());
    }

    /** The fields filled from captured papers and not changed since, by field id: the material each came from. */
    public Map<String, Material> fromDocuments() {
        Map<String, Material> out = new LinkedHashMap<>();
        fromDocuments.forEach((id, f) -> toCapture().stream().filter(m -> m.id().equals(f.materialId()))
                .findFirst().ifPresent(m -> out.put(id, m)));
        return out;
    }

    public void confirmForm() throws FlowException {
        expect(Step.FORM);
        Map<String, FormCheck.Invalid> problems = formProblems();
        if (!problems.isEmpty()) {
            throw new FlowException(Problem.FORM_INCOMPLETE, problems.toString());
        }
        step = toCapture().isEmpty() ? Step.REVIEW : Step.CAPTURE;
        cueCamera();
    }

    /**
     * Tells the camera cue which paper the resident is asked to lay down now, as the capture screen for it opens,
     * so that a simulated camera shows that paper in the live picture and not only in the still.
     */
    private void cueCamera() {
        if (step == Step.CAPTURE) {
            services.cameraCue().accept(currentMaterial());
        }
    }

    /** The material to lay under the camera now. */
    public Material currentMaterial() {
        expect(Step.CAPTURE);
        return toCapture().get(captures.size());
    }

    /** 1-based position of {@link #currentMaterial()} and how many there are. */
    public int[] captureProgress() {
        return new int[] {captures.size() + 1, toCapture().size()};
    }

    /**
     * What the camera sees now, for the live preview on the capture screen: a frame scaled to fit
     * {@code maxWidth x maxHeight}, empty when the camera has no live stream. Blocking (a frame's time); safe to call
     * from a thread of its own while the flow goes on, as it touches nothing of the trip, and it takes no still.
     */
    public Optional<java.awt.image.BufferedImage> previewFrame(int maxWidth, int maxHeight) throws FlowException {
        if (!(services.camera() instanceof PreviewCamera live)) {
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
            image = services.camera().capture();
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
            if (captures.size() == toCapture().size()) {
                step = Step.REVIEW;
            }
        }
        cueCamera(); // the next paper, or the same one again for a retake
        return new CaptureOutcome(material, retake, toRead);
    }

    /** An ID card copy is always checked; another paper is read only when it can fill a field still empty. */
    private boolean worthReading(Material material) {
        if (services.papers() == PaperReader.NONE || material.document() == null) {
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
        synchronized (this) {
            capture = unread;
            unread = null;
            if (capture == null || ended || step == Step.HOME || !captures.contains(capture)) {
                throw new IllegalStateException("no captured paper waiting to be read");
            }
        }
        Material material = capture.material();
        RecognisedDocument doc;
        try {
            doc = services.papers().read(capture.image()); // outside the lock: a second or two
        } catch (java.io.IOException | OcrException | RuntimeException e) {
            LOG.warn("reading {} failed; its fields stay for typing: {}", material.id(), e.toString());
            return new PaperOutcome(material, List.of(), Optional.empty(), true);
        }
        synchronized (this) {
            if (ended || !captures.contains(capture)) {
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
        if (card == null) { // identified by the social security card: the number is what can be compared
            String number = doc.fields().getOrDefault("idNumber", "");
            return !number.isBlank() && doc.problems().stream().noneMatch(p -> p.field().equals("idNumber"))
                    && !number.equalsIgnoreCase(applicant.idNumber());
        }
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
            if (value.isEmpty()) {
                continue;
            }
            if (unsure.contains(from.field()) || FormCheck.check(f, value, LocalDate.now(services.clock())).isPresent()) {
                RecognisedDocument.Reading r = doc.readings().get(from.field());
                toCheck.put(f.id(), new PleaseCheck(material, value, r == null ? 0 : r.line(), choices(f, value, r)));
                continue;
            }
            fields.put(f.id(), value);
            fromDocuments.put(f.id(), new Filled(material.id(), value));
            filled.add(f.id());
        }
        return filled;
    }

    /**
     * What to offer the resident to tap for a value read without confidence: the value as read and its other
     * readings, those the form would take; none when there is no other reading (叶 of a washed-out 叶喆建: a
     * character dropped, nothing says which), and the value is typed from the paper.
     */
    private List<String> choices(FormField f, String value, RecognisedDocument.Reading r) {
        if (r == null || r.otherReadings().isEmpty()) {
            return List.of();
        }
        List<String> readings = new ArrayList<>(List.of(value));
        readings.addAll(r.otherReadings());
        List<String> choices = readings.stream().distinct()
                .filter(c -> FormCheck.check(f, c, LocalDate.now(services.clock())).isEmpty()).toList();
        return choices.size() > 1 ? choices : List.of();
    }

    /** Forgets a capture and what was read from it (values the resident has not changed since). */
    private void dropCapture(Capture capture) {
        captures.remove(capture);
        if (unread == capture) {
            unread = null;
        }
        String materialId = capture.material().id();
        toCheck.values().removeIf(c -> c.paper().id().equals(materialId));
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

    /**
     * From the review of a matter signed by hand: everything checked and agreed, on to the signature pad.
     */
    public void toSignature() throws FlowException {
        expect(Step.REVIEW);
        if (!matter.signature()) {
            throw new IllegalStateException(matter.id() + " is not signed by hand");
        }
        readyToSubmit();
        step = Step.SIGNATURE;
    }

    /** The resident's signature as drawn on the pad (replacing an earlier one). */
    public void sign(Signature drawn) {
        expect(Step.SIGNATURE);
        signature = drawn;
    }

    private void readyToSubmit() throws FlowException {
        if (!consented) {
            throw new IllegalStateException("no consent to the use of the data");
        }
        Map<String, FormCheck.Invalid> problems = reviewProblems();
        if (!problems.isEmpty()) {
            throw new FlowException(Problem.FORM_INCOMPLETE, problems.toString());
        }
    }

    /**
     * Stores and queues the application; afterwards the resident sees the application number. A matter signed by hand
     * is submitted from the signature step, with its application form (PDF) made from the trip and the signature.
     */
    public Submitted submit() throws FlowException {
        if (matter != null && matter.signature()) {
            expect(Step.SIGNATURE);
            if (signature == null || !signature.drawn()) {
                throw new FlowException(Problem.SIGNATURE_MISSING, "the signature pad is empty");
            }
        } else {
            expect(Step.REVIEW);
        }
        readyToSubmit();
        Trip trip = new Trip(matter, applicant, fields, captures, List.copyOf(held.values()), signature, null);
        byte[] form = null;
        if (matter.signature()) {
            form = desk.applicationForm(trip, catalogue.departmentNames(matter, java.util.Locale.SIMPLIFIED_CHINESE));
            trip = trip.withApplicationForm(form);
        }
        submitted = desk.submit(trip);
        applicationForm = form;
        step = Step.DONE;
        return submitted;
    }

    /** Prints the application form that went with the application on the A4 printer. */
    public void printApplicationForm() throws FlowException {
        expect(Step.DONE);
        if (applicationForm == null) {
            throw new IllegalStateException("no application form in this trip");
        }
        desk.printDocument(applicationForm, "application-form-" + submitted.applicationNo());
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
            case MATERIALS -> afterCard ? Step.ID_CARD : Step.CATALOGUE;
            case ID_CARD -> Step.MATERIALS;
            case CONSENT, FORM -> Step.ID_CARD;
            case CAPTURE -> Step.FORM;
            case REVIEW -> toCapture().isEmpty() ? Step.FORM : Step.CAPTURE;
            case SIGNATURE -> Step.REVIEW;
            default -> step;
        };
        if (step == Step.CAPTURE && captures.size() == toCapture().size()) {
            dropCapture(captures.get(captures.size() - 1));
        }
        if (step == Step.ID_CARD || step == Step.CATALOGUE) {
            afterCard = false;
        }
        cueCamera();
        if (step == Step.HOME || step == Step.CATALOGUE) {
            matter = null;
        }
    }

    /**
     * The session is over: a paper still being read fills nothing. Nothing is cleared here; the session that holds
     * this trip is dropped whole.
     */
    synchronized void end() {
        ended = true;
        if (cardSession != null) {
            services.held().close(); // the centre refuses lookups about this resident from now on
        }
    }

    private void expect(Step expected) {
        if (step != expected) {
            throw new IllegalStateException("trip is at " + step + ", not " + expected);
        }
    }
}
