package org.openkiosk.app.desk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.openkiosk.app.flow.ApplicationProgress;
import org.openkiosk.app.flow.ApplicationProgress.Stage;
import org.openkiosk.app.flow.FlowException;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.flow.ProgressBook;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.ResidentApplication;
import org.openkiosk.device.DeviceException;
import org.openkiosk.print.DocumentPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress screen's view of the kiosk's store: a resident's applications with the statuses the sync
 * worker pulled from the centre, and the result documents it fetched, printed on the A4 document printer
 * (统一出件). Without a configured document queue the result goes to a simulated printer: a PDF file in
 * {@code simulatedPrinterDir}.
 */
public final class StoreProgressBook implements ProgressBook {
    private static final Logger LOG = LoggerFactory.getLogger(StoreProgressBook.class);

    private final KioskStore store;
    private final Optional<String> documentQueue;
    private final Path simulatedPrinterDir;

    public StoreProgressBook(KioskStore store, Optional<String> documentQueue, Path simulatedPrinterDir) {
        this.store = store;
        this.documentQueue = documentQueue;
        this.simulatedPrinterDir = simulatedPrinterDir;
    }

    @Override
    public List<ApplicationProgress> applicationsOf(String idNumber) {
        return store.applications().applicationsOf(idNumber).stream().map(StoreProgressBook::progress).toList();
    }

    static ApplicationProgress progress(ResidentApplication a) {
        return new ApplicationProgress(a.applicationId(), a.applicationNo(), a.serviceName(), a.submittedAt(),
                stage(a), a.centreReason() == null ? "" : a.centreReason(), a.resultOnKiosk());
    }

    private static Stage stage(ResidentApplication a) {
        if (!a.sent()) {
            return Stage.NOT_YET_SENT;
        }
        if (a.resultOnKiosk()) {
            return Stage.RESULT_ISSUED;
        }
        if (a.centreStatus() == null) {
            return Stage.RECEIVED;
        }
        return switch (a.centreStatus()) {
            case "accepted" -> Stage.ACCEPTED;
            case "rejected" -> Stage.REJECTED;
            case "more-materials" -> Stage.MORE_MATERIALS;
            case "completed" -> Stage.ACCEPTED;
            case "in-review", "reviewing" -> Stage.IN_REVIEW;
            default -> Stage.RECEIVED;
        };
    }

    @Override
    public void printResult(String applicationId) throws FlowException {
        byte[] pdf = store.results().result(applicationId)
                .orElseThrow(() -> new FlowException(Problem.PRINTER_UNAVAILABLE, "no result document on this kiosk"));
        String job = "result-" + applicationId;
        try {
            if (documentQueue.isPresent()) {
                DocumentPrinter.print(pdf, documentQueue.get(), job);
            } else {
                Files.createDirectories(simulatedPrinterDir);
                Files.write(simulatedPrinterDir.resolve(job + ".pdf"), pdf);
            }
        } catch (DeviceException | IOException e) {
            LOG.warn("result document not printed: {}", e.getMessage());
            throw new FlowException(Problem.PRINTER_UNAVAILABLE, e.getMessage(), e);
        }
    }
}
