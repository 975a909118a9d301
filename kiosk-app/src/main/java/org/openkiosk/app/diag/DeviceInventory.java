package org.openkiosk.app.diag;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.io.pcsc.PcscCardService;
import org.openkiosk.print.DocumentPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What devices this machine offers: serial ports (jSerialComm's list, plus the configured ports, which a pty link
 * never appears in), PC/SC readers, cameras ({@code /dev/video*} and the configured source), receipt printers and CUPS
 * queues. Each found device says which configured role it fills, if any. Nothing here opens a device.
 */
public final class DeviceInventory {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceInventory.class);

    /** A serial port; {@code role} is {@code idcard} or {@code printer} when the configuration names it. */
    public record SerialPortInfo(String path, String description, boolean present, String role) {
    }

    /** A camera: a video device or the configured source ({@code sim}, a UVC index, a video file). */
    public record CameraInfo(String source, boolean present, String role) {
    }

    /** A printer: {@code kind} {@code receipt} (serial, USB, tcp://, file:, sim) or {@code cups} (a queue). */
    public record PrinterInfo(String kind, String address, boolean present, String role) {
    }

    /**
     * Everything found.
     *
     * @param pcscProblem why PC/SC readers could not be listed (pcscd not running ...); null when they could
     */
    public record Inventory(List<SerialPortInfo> serialPorts, List<String> pcscReaders, String pcscProblem,
                            List<CameraInfo> cameras, List<PrinterInfo> printers) {
    }

    private DeviceInventory() {
    }

    /**
     * Looks for devices. {@code portsInUse} maps a role to the port that role really uses now (e.g. the simulator's pty
     * link of a running kiosk for {@code idcard}); roles configured as {@code sim} without a running kiosk are listed
     * as {@code sim}.
     */
    public static Inventory scan(KioskConfig config, Map<String, String> portsInUse) {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("idcard", portsInUse.getOrDefault("idcard", config.idcard().port()));
        roles.put("printer", portsInUse.getOrDefault("printer", config.printer().port()));

        List<SerialPortInfo> serial = new ArrayList<>();
        try {
            for (SerialPort p : SerialPort.getCommPorts()) {
                String path = p.getSystemPortPath();
                serial.add(new SerialPortInfo(path, p.getPortDescription(), true, roleOf(roles, path)));
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("cannot list serial ports: {}", e.toString());
        }
        for (Map.Entry<String, String> r : roles.entrySet()) {
            String port = r.getValue();
            boolean serialish = port.startsWith("/") || port.matches("COM\\d+");
            if (serialish && serial.stream().noneMatch(s -> s.path().equals(port))) {
                serial.add(new SerialPortInfo(port, "configured " + r.getKey() + " port", Files.exists(Path.of(port)),
                        r.getKey()));
            }
        }

        List<String> readers = List.of();
        String pcscProblem = null;
        try {
            readers = PcscCardService.readers();
        } catch (DeviceException | RuntimeException e) {
            pcscProblem = e.getMessage() == null ? e.toString() : e.getMessage();
        }

        List<CameraInfo> cameras = new ArrayList<>();
        String cameraSource = config.camera().source();
        for (Path video : videoDevices()) {
            cameras.add(new CameraInfo(video.toString(), true, video.toString().equals(cameraSource) ? "camera" : null));
        }
        if (cameras.stream().noneMatch(c -> c.source().equals(cameraSource))) {
            boolean present = config.camera().simulated()
                    || (cameraSource.matches("\\d+") ? Files.exists(Path.of("/dev/video" + cameraSource))
                    : Files.exists(Path.of(cameraSource)));
            cameras.add(new CameraInfo(cameraSource, present, "camera"));
        }

        List<PrinterInfo> printers = new ArrayList<>();
        String receipt = roles.get("printer");
        printers.add(new PrinterInfo("receipt", receipt, receiptPresent(receipt), "printer"));
        Optional<String> documentQueue = config.printer().documentQueue();
        List<String> queues;
        try {
            queues = DocumentPrinter.queues();
        } catch (RuntimeException e) {
            LOG.warn("cannot list printer queues: {}", e.toString());
            queues = List.of();
        }
        for (String q : queues) {
            printers.add(new PrinterInfo("cups", q, true, documentQueue.filter(q::equals).isPresent() ? "document-printer" : null));
        }
        documentQueue.filter(q -> !queues(printers).contains(q))
                .ifPresent(q -> printers.add(new PrinterInfo("cups", q, false, "document-printer")));
        return new Inventory(serial, readers, pcscProblem, cameras, printers);
    }

    private static List<String> queues(List<PrinterInfo> printers) {
        return printers.stream().filter(p -> p.kind().equals("cups")).map(PrinterInfo::address).toList();
    }

    private static String roleOf(Map<String, String> roles, String path) {
        return roles.entrySet().stream().filter(e -> e.getValue().equals(path)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static boolean receiptPresent(String port) {
        if (KioskConfig.SIM.equals(port) || port.startsWith("tcp:")) {
            return true; // a simulator is always there; a network printer is only known by trying it (selftest)
        }
        return Files.exists(Path.of(port.startsWith("file:") ? port.substring(5) : port));
    }

    private static List<Path> videoDevices() {
        try (Stream<Path> dev = Files.list(Path.of("/dev"))) {
            return dev.filter(p -> p.getFileName().toString().matches("video\\d+")).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
