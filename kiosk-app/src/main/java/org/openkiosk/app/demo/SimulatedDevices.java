package org.openkiosk.app.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.camera.sim.FileCamera;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.io.serial.VirtualSerialPair;
import org.openkiosk.device.printer.sim.EscPosPrinterSimulator;

/**
 * Every device of a kiosk, simulated at the wire: an ID reader and a receipt printer each on a real
 * pseudo-terminal pair (the real drivers open the other end), and a camera that sees image files.
 * The reader starts with the sample resident's card lying on it.
 */
public final class SimulatedDevices implements AutoCloseable {
    private static final List<String> BUNDLED_PAGES = List.of("household-register-page.jpg");
    /**
     * Bench-like photographs of field-bearing papers (a page on a dark stage, turned, unevenly lit, a little soft,
     * noised), by the kind of paper the catalogue names: the sample resident's child's household register page, an
     * employer's business licence, a copy of the sample resident's own ID card.
     */
    private static final java.util.Map<String, String> BUNDLED_PAPERS = java.util.Map.of(
            "household_register", "household-register-child.jpg",
            "business_licence", "business-licence.jpg",
            "id_card", "id-card-copy.jpg");

    private final VirtualSerialPair idPair;
    private final VirtualSerialPair printerPair;
    private final IdCardSimulator idCard;
    private final EscPosPrinterSimulator printer;
    private final FileCamera camera;
    private final Path printerOutput;
    /** Where the bundled papers were written; null when the camera shows the technician's own images. */
    private Path papers;

    private SimulatedDevices(VirtualSerialPair idPair, VirtualSerialPair printerPair, IdCardSimulator idCard,
                             EscPosPrinterSimulator printer, FileCamera camera, Path printerOutput) {
        this.idPair = idPair;
        this.printerPair = printerPair;
        this.idCard = idCard;
        this.printer = printer;
        this.camera = camera;
        this.printerOutput = printerOutput;
    }

    /** Starts the simulators with their ports and output under {@code dir}. */
    public static SimulatedDevices start(Path dir, int idBaud, Optional<Path> cameraDir) throws DeviceException {
        VirtualSerialPair idPair = VirtualSerialPair.create(dir.resolve("dev"), "idcard");
        VirtualSerialPair printerPair = null;
        IdCardSimulator idCard = null;
        try {
            printerPair = VirtualSerialPair.create(dir.resolve("dev"), "printer");
            idCard = IdCardSimulator.start(idPair.deviceEnd(), idBaud);
            idCard.placeCard(IdCardSimulator.sampleResident());
            Path printerOutput = dir.resolve("printer-out");
            EscPosPrinterSimulator printer = EscPosPrinterSimulator.start(printerPair.deviceEnd(), printerOutput);
            FileCamera camera = FileCamera.fromDirectory(cameraDir.isPresent() ? cameraDir.get() : bundledPages(dir));
            SimulatedDevices devices = new SimulatedDevices(idPair, printerPair, idCard, printer, camera, printerOutput);
            if (cameraDir.isEmpty()) {
                devices.papers = bundledPapers(dir);
            }
            return devices;
        } catch (DeviceException | RuntimeException e) {
            if (idCard != null) {
                idCard.close();
            }
            if (printerPair != null) {
                printerPair.close();
            }
            idPair.close();
            throw e;
        }
    }

    private static Path bundledPages(Path dir) throws DeviceException {
        Path pages = dir.resolve("camera");
        try {
            Files.createDirectories(pages);
            for (String name : BUNDLED_PAGES) {
                try (InputStream in = SimulatedDevices.class.getResourceAsStream("/sim/camera/" + name)) {
                    if (in == null) {
                        throw new DeviceException("bundled sample page " + name + " is missing from the application");
                    }
                    Files.copy(in, pages.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new DeviceException("cannot prepare the simulated camera's pages in " + pages, e);
        }
        return pages;
    }

    private static Path bundledPapers(Path dir) throws DeviceException {
        Path papers = dir.resolve("camera-papers"); // beside the cycled pages, not among them
        try {
            Files.createDirectories(papers);
            for (String name : BUNDLED_PAPERS.values()) {
                try (InputStream in = SimulatedDevices.class.getResourceAsStream("/sim/camera/papers/" + name)) {
                    if (in == null) {
                        throw new DeviceException("bundled sample paper " + name + " is missing from the application");
                    }
                    Files.copy(in, papers.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new DeviceException("cannot prepare the simulated camera's papers in " + papers, e);
        }
        return papers;
    }

    /**
     * The resident is about to lay a paper of this kind ({@code household_register}, {@code business_licence},
     * {@code id_card}; null for another) under the camera: the simulated camera "sees" a matching sample, unless a
     * page is already staged or the camera shows the technician's own images.
     */
    public void expectPaper(String documentKind) {
        if (papers == null || documentKind == null || !BUNDLED_PAPERS.containsKey(documentKind)) {
            return;
        }
        camera.offerNext(papers.resolve(BUNDLED_PAPERS.get(documentKind)));
    }

    public String idCardPort() {
        return idPair.driverEnd().toString();
    }

    public String printerPort() {
        return printerPair.driverEnd().toString();
    }

    public IdCardSimulator idCard() {
        return idCard;
    }

    public EscPosPrinterSimulator printer() {
        return printer;
    }

    public FileCamera camera() {
        return camera;
    }

    public Path printerOutput() {
        return printerOutput;
    }

    @Override
    public void close() {
        idCard.close();
        printer.close();
        idPair.close();
        printerPair.close();
    }
}
