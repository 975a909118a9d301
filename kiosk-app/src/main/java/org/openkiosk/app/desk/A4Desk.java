package org.openkiosk.app.desk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.app.catalogue.FormField;
import org.openkiosk.app.catalogue.Material;
import org.openkiosk.app.flow.Applicant;
import org.openkiosk.app.flow.FlowException;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.flow.Trip;
import org.openkiosk.device.DeviceException;
import org.openkiosk.print.DocumentPrinter;
import org.openkiosk.print.DocumentTemplates;
import org.openkiosk.print.TemplateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's A4 side: the application form (申请表) of a matter signed by hand, made as a PDF from the trip with the
 * {@code application-form} document template (fonts embedded), and printed on the A4 printer's CUPS queue, or, on a
 * kiosk without one, written to the simulated printer's folder. The PDF is never written anywhere else: it lives in
 * the resident's session and in the application's documents.
 */
public final class A4Desk {
    private static final Logger LOG = LoggerFactory.getLogger(A4Desk.class);
    /** The material id under which the application form goes to the centre. */
    public static final String FORM_MATERIAL = "application-form";

    private final DocumentTemplates templates;
    private final Optional<String> documentQueue;
    private final Path simulatedPrinterDir;

    /**
     * @param simulatedPrinterDir where a kiosk without an A4 queue "prints" (the demo's simulated printer); null: none
     */
    public A4Desk(DocumentTemplates templates, Optional<String> documentQueue, Path simulatedPrinterDir) {
        this.templates = templates;
        this.documentQueue = documentQueue;
        this.simulatedPrinterDir = simulatedPrinterDir;
    }

    byte[] applicationForm(Trip trip, String departmentNames, String kioskId, LocalDate today) throws FlowException {
        if (trip.signature() == null || !trip.signature().drawn()) {
            throw new FlowException(Problem.SIGNATURE_MISSING, "no signature for the application form");
        }
        Applicant a = trip.applicant();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serviceName", trip.matter().name().zh());
        data.put("department", departmentNames);
        data.put("applicantName", a.name());
        data.put("idNumber", a.idNumber());
        data.put("sex", a.sex());
        data.put("nation", a.nation());
        data.put("birthDate", a.birthDate());
        data.put("address", a.address());
        List<Map<String, String>> fields = new ArrayList<>();
        for (FormField f : trip.matter().fields()) {
            String v = trip.fields().getOrDefault(f.id(), "");
            if (!v.isBlank()) {
                fields.add(Map.of("label", f.label().zh(), "value", v));
            }
        }
        data.put("fields", fields);
        data.put("materials", trip.matter().materials().stream().filter(m -> m.source() != Material.Source.SHOW_AT_PICKUP)
                .map(m -> m.name().zh() + (m.source() == Material.Source.ID_CARD_READ ? "（读卡）" : "（拍照）")).toList());
        data.put("signature", trip.signature().asFractions());
        data.put("signedAt", today);
        data.put("kioskId", kioskId);
        try {
            return templates.render("application-form", data);
        } catch (TemplateException e) {
            LOG.error("application form not made (field {})", e.field(), e);
            throw new FlowException(Problem.FORM_NOT_MADE, e.getMessage(), e);
        }
    }

    void print(byte[] pdf, String jobName) throws FlowException {
        try {
            if (documentQueue.isPresent()) {
                DocumentPrinter.print(pdf, documentQueue.get(), jobName);
            } else if (simulatedPrinterDir != null) {
                Files.createDirectories(simulatedPrinterDir);
                Files.write(simulatedPrinterDir.resolve(jobName + ".pdf"), pdf);
            } else {
                throw new FlowException(Problem.PRINTER_UNAVAILABLE, "no A4 printer");
            }
        } catch (DeviceException | IOException e) {
            LOG.warn("document {} not printed: {}", jobName, e.getMessage());
            throw new FlowException(Problem.PRINTER_UNAVAILABLE, e.getMessage(), e);
        }
    }
}
