package org.openkiosk.print;

import java.awt.print.PrinterException;
import java.awt.print.PrinterJob;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.print.PrintService;
import javax.print.PrintServiceLookup;
import javax.print.attribute.HashPrintRequestAttributeSet;
import javax.print.attribute.PrintRequestAttributeSet;
import javax.print.attribute.standard.JobName;
import javax.print.attribute.standard.MediaSizeName;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.printing.PDFPageable;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints PDF documents ({@link DocumentTemplates}) on an A4 printer queue through javax.print: a CUPS queue on
 * Linux, found by name among the print services. {@code PrinterJob} with PDFBox's {@code PDFPageable} draws each
 * page at its own size; the media is set to ISO A4 (Java's default is Letter). On Linux the JDK hands the job to
 * {@code lpr} (Debian: cups-bsd).
 */
public final class DocumentPrinter {
    private static final Logger log = LoggerFactory.getLogger(DocumentPrinter.class);

    private DocumentPrinter() {
    }

    /** The names of the printer queues this machine offers. */
    public static List<String> queues() {
        return Arrays.stream(PrintServiceLookup.lookupPrintServices(null, null)).map(PrintService::getName).toList();
    }

    /**
     * Prints {@code pdf} on queue {@code queue} as job {@code jobName}.
     *
     * @throws DeviceNotFoundException if there is no queue of that name (the message lists the ones there are)
     * @throws DeviceException         if the bytes are not a PDF or the print system refused the job
     */
    public static void print(byte[] pdf, String queue, String jobName) throws DeviceException {
        Objects.requireNonNull(pdf, "pdf");
        Objects.requireNonNull(queue, "queue");
        PrintService service = Arrays.stream(PrintServiceLookup.lookupPrintServices(null, null))
                .filter(s -> s.getName().equals(queue)).findFirst()
                .orElseThrow(() -> new DeviceNotFoundException("no printer queue named " + queue + " (queues here: "
                        + (queues().isEmpty() ? "none; is cupsd running?" : String.join(", ", queues())) + ")"));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PrinterJob job = PrinterJob.getPrinterJob();
            job.setPrintService(service);
            job.setJobName(jobName);
            job.setPageable(new PDFPageable(doc));
            PrintRequestAttributeSet attributes = new HashPrintRequestAttributeSet();
            attributes.add(MediaSizeName.ISO_A4);
            attributes.add(new JobName(jobName, null));
            job.print(attributes);
            log.info("sent {} ({} pages) to printer queue {}", jobName, doc.getNumberOfPages(), queue);
        } catch (IOException e) {
            throw new DeviceException("not a PDF document: " + e.getMessage(), e);
        } catch (PrinterException e) {
            throw new DeviceException("printer queue " + queue + " refused " + jobName + ": " + e.getMessage(), e);
        }
    }
}
