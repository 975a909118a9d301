package org.openkiosk.app.desk;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.openkiosk.app.catalogue.Material;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.app.flow.ApplicationDesk;
import org.openkiosk.app.flow.Capture;
import org.openkiosk.app.flow.FlowException;
import org.openkiosk.app.flow.HeldMaterial;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.flow.Rating;
import org.openkiosk.app.flow.Submitted;
import org.openkiosk.app.flow.Trip;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.sync.SyncWorker;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.printer.PaperState;
import org.openkiosk.device.printer.PrinterFaultException;
import org.openkiosk.device.printer.ReceiptPrinter;
import org.openkiosk.print.DocumentTemplates;
import org.openkiosk.print.ReceiptTemplates;
import org.openkiosk.print.TemplateException;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.MaterialReference;
import org.openkiosk.sync.api.DocumentTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front desk of the kiosk (前台综合受理): turns a finished trip into an application, writes it durably to
 * the kiosk's store before anything else, nudges the sync worker, then prints the receipt. A printer fault
 * never loses the application: the receipt can be printed again.
 */
public final class KioskDesk implements ApplicationDesk {
    private static final Logger LOG = LoggerFactory.getLogger(KioskDesk.class);

    private final KioskStore store;
    private final SyncWorker sync;
    private final ReceiptTemplates templates;
    private final ReceiptPrinter printer;
    private final String kioskId;
    private final String progressUrl;
    private final Clock clock;
    /**
     * This session's receipts the printer has not printed yet, for "print again", by application id: one map per
     * {@link #openSession()}, dropped with the session.
     */
    private final Map<String, byte[]> unprinted;
    /** The A4 side: application forms made as PDF and printed. */
    private final A4Desk a4;

    public KioskDesk(KioskStore store, SyncWorker sync, ReceiptTemplates templates, ReceiptPrinter printer,
                     String kioskId, String progressUrl, Clock clock) {
        this(store, sync, templates, printer, kioskId, progressUrl, clock, new A4Desk(
                DocumentTemplates.fromClasspath(), Optional.empty(), null), new ConcurrentHashMap<>());
    }

    public KioskDesk(KioskStore store, SyncWorker sync, ReceiptTemplates templates, ReceiptPrinter printer,
                     String kioskId, String progressUrl, Clock clock, A4Desk a4) {
        this(store, sync, templates, printer, kioskId, progressUrl, clock, a4, new ConcurrentHashMap<>());
    }

    private KioskDesk(KioskStore store, SyncWorker sync, ReceiptTemplates templates, ReceiptPrinter printer,
                      String kioskId, String progressUrl, Clock clock, A4Desk a4, Map<String, byte[]> unprinted) {
        this.a4 = a4;
        this.unprinted = unprinted;
        this.store = store;
        this.sync = sync;
        this.templates = templates;
        this.printer = printer;
        this.kioskId = kioskId;
        this.progressUrl = progressUrl;
        this.clock = clock;
    }

    @Override
    public Submitted submit(Trip trip) throws FlowException {
        Instant now = clock.instant();
        String applicationId = UUID.randomUUID().toString();
        ApplicationSubmission app;
        try {
            String applicationNo = store.numbers().nextApplicationNo(kioskId, LocalDateTime.ofInstant(now, clock.getZone()).toLocalDate());
            app = new ApplicationSubmission(applicationId, applicationNo, kioskId, trip.matter().id(),
                    trip.matter().name().zh(), trip.applicant().name(), trip.applicant().idNumber(), fields(trip),
                    documents(trip), now, references(trip.held()));
            store.applications().saveSubmitted(app);
        } catch (RuntimeException e) {
            LOG.error("could not store the application", e);
            throw new FlowException(Problem.STORE_FAILED, e.getMessage(), e);
        }
        LOG.info("application {} stored and queued", app.applicationNo());
        sync.nudge();
        byte[] receipt;
        try {
            receipt = templates.render("application", receiptData(app, trip, now));
        } catch (TemplateException e) {
            LOG.error("receipt template failed on field {}", e.field(), e);
            return new Submitted(applicationId, app.applicationNo(), now, Optional.of(Problem.RECEIPT_NOT_MADE));
        }
        unprinted.put(applicationId, receipt);
        Optional<Problem> problem = print(applicationId);
        return new Submitted(applicationId, app.applicationNo(), now, problem);
    }

    @Override
    public void reprintReceipt(String applicationId) throws FlowException {
        if (!unprinted.containsKey(applicationId)) {
            return;
        }
        Optional<Problem> problem = print(applicationId);
        if (problem.isPresent()) {
            throw new FlowException(problem.get(), "receipt still not printed");
        }
    }

    @Override
    public void printChecklist(Matter matter) throws FlowException {
        printChecklist(matter, Map.of());
    }

    @Override
    public void printChecklist(Matter matter, Map<String, HeldMaterial> held) throws FlowException {
        Map<String, Object> data = new HashMap<>();
        data.put("serviceName", matter.name().zh());
        data.put("materials", matter.materials().stream().map(m -> held.containsKey(m.id())
                ? m.name().zh() + "：" + HELD_LINE : checklistLine(m)).toList());
        byte[] bytes;
        try {
            bytes = templates.render("checklist", data);
        } catch (TemplateException e) {
            LOG.error("checklist template failed on field {}", e.field(), e);
            throw new FlowException(Problem.CHECKLIST_NOT_MADE, e.getMessage(), e);
        }
        String key = "checklist:" + matter.id();
        unprinted.put(key, bytes);
        Optional<Problem> problem = print(key);
        if (problem.isPresent()) {
            unprinted.remove(key);
            throw new FlowException(problem.get(), "checklist not printed");
        }
    }

    /** What the checklist and the screen say of a material fetched from the centre. */
    public static final String HELD_LINE = "已从电子证照库调取，无需提交纸质材料";

    private static List<MaterialReference> references(List<HeldMaterial> held) {
        return held.stream().map(h -> new MaterialReference(h.materialId(), h.kind(), h.reference(), h.type(),
                h.number())).toList();
    }

    private static String checklistLine(Material m) {
        String form = switch (m.form()) {
            case ORIGINAL -> "原件";
            case COPY -> "复印件" + m.copies() + "份";
            case ORIGINAL_AND_COPY -> "原件及复印件" + m.copies() + "份";
        };
        return m.name().zh() + "（" + form + "）：" + m.note().zh();
    }

    @Override
    public void rate(String applicationId, Rating rating, String reason) {
        store.ratings().saveRating(applicationId, rating.score(), reason, clock.instant());
        sync.nudge(); // sent once its application is acknowledged: this round, or a later one
    }

    /** The same desk with receipts of its own: a new resident's, empty. */
    @Override
    public KioskDesk openSession() {
        return new KioskDesk(store, sync, templates, printer, kioskId, progressUrl, clock, a4, new ConcurrentHashMap<>());
    }

    @Override
    public void endSession() {
        if (!unprinted.isEmpty()) {
            LOG.info("{} unprinted receipt(s) of the ended session forgotten with it", unprinted.size());
        }
    }

    /** Receipts and checklists kept because the printer could not print them yet (this session's only). */
    public int unprintedCount() {
        return unprinted.size();
    }

    private Optional<Problem> print(String applicationId) {
        byte[] receipt = unprinted.get(applicationId);
        try {
            printer.print(receipt);
            unprinted.remove(applicationId);
            return Optional.empty();
        } catch (PrinterFaultException e) {
            LOG.warn("receipt not printed: {}", e.getMessage());
            if (e.status().coverOpen()) {
                return Optional.of(Problem.PRINTER_COVER_OPEN);
            }
            return Optional.of(e.status().paper() == PaperState.END ? Problem.PRINTER_PAPER_OUT : Problem.PRINTER_UNAVAILABLE);
        } catch (DeviceNotFoundException e) {
            LOG.warn("receipt printer missing: {}", e.getMessage());
            return Optional.of(Problem.PRINTER_UNAVAILABLE);
        } catch (DeviceException e) {
            LOG.warn("receipt printer failed: {}", e.getMessage());
            return Optional.of(Problem.PRINTER_UNAVAILABLE);
        }
    }

    private static Map<String, String> fields(Trip trip) {
        Map<String, String> all = new LinkedHashMap<>();
        var a = trip.applicant();
        all.put("applicant.name", a.name());
        all.put("applicant.sex", a.sex());
        all.put("applicant.nation", a.nation());
        all.put("applicant.birthDate", String.valueOf(a.birthDate()));
        if (!a.address().isBlank()) { // the social security card holds no address
            all.put("applicant.address", a.address());
        }
        all.put("applicant.idNumber", a.idNumber());
        all.put("applicant.cardType", a.cardType());
        all.putAll(trip.fields());
        return all;
    }

    private static List<DocumentPayload> documents(Trip trip) {
        List<DocumentPayload> docs = new java.util.ArrayList<>(trip.captures().stream().map(c -> {
            byte[] bytes = c.image().bytes();
            return new DocumentPayload(c.material().id(), c.material().id() + "." + c.image().fileExtension(),
                    c.image().contentType(), Digests.sha256Hex(bytes), bytes);
        }).toList());
        if (trip.applicationForm() != null) {
            docs.add(DocumentPayload.of(A4Desk.FORM_MATERIAL, A4Desk.FORM_MATERIAL + ".pdf", DocumentTypes.PDF,
                    trip.applicationForm()));
        }
        return docs;
    }

    @Override
    public byte[] applicationForm(Trip trip, String departmentNames) throws FlowException {
        return a4.applicationForm(trip, departmentNames, kioskId, LocalDateTime.ofInstant(clock.instant(), zone()).toLocalDate());
    }

    @Override
    public void printDocument(byte[] pdf, String jobName) throws FlowException {
        a4.print(pdf, jobName);
    }

    private Map<String, Object> receiptData(ApplicationSubmission app, Trip trip, Instant now) {
        Map<String, Object> data = new HashMap<>();
        data.put("applicationNo", app.applicationNo());
        data.put("applicantName", app.applicantName());
        data.put("idNumber", app.idNumber());
        data.put("serviceName", app.serviceName());
        data.put("submittedAt", LocalDateTime.ofInstant(now, zone()));
        data.put("materials", received(trip));
        data.put("promisedDays", trip.matter().promisedDays());
        data.put("queryUrl", progressUrl + "?no=" + app.applicationNo());
        return data;
    }

    /**
     * What the kiosk actually received: the card it read, the papers it photographed, and the e-licences and earlier
     * documents fetched from the centre instead (with their numbers).
     */
    private static List<String> received(Trip trip) {
        Map<String, HeldMaterial> held = new HashMap<>();
        trip.held().forEach(h -> held.put(h.materialId(), h));
        return trip.matter().materials().stream()
                .filter(m -> m.source() != Material.Source.SHOW_AT_PICKUP)
                .map(m -> m.name().zh() + (held.containsKey(m.id()) ? heldNote(held.get(m.id()))
                        : m.source() == Material.Source.ID_CARD_READ ? "（读卡）" : "（拍照）"))
                .toList();
    }

    private static String heldNote(HeldMaterial h) {
        return h.eLicence() ? "（电子证照 " + h.type() + " " + h.number() + "）" : "（复用已交材料 " + h.number() + "）";
    }

    private ZoneId zone() {
        return clock.getZone();
    }
}
