package org.openkiosk.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceTimeoutException;
import org.openkiosk.device.io.serial.VirtualSerialPair;
import org.openkiosk.device.printer.sim.EscPosPrinterSimulator;
import org.openkiosk.device.printer.transport.DeviceFileTransport;
import org.openkiosk.device.printer.transport.SerialTransport;
import org.openkiosk.device.printer.transport.TcpTransport;

/**
 * One driver ({@link EscPosReceiptPrinter}, picked by {@link ReceiptPrinters#open} from the configured port) over
 * the three transports, each against the same simulated printer: a serial pty, a device file (the pty path
 * opened as a plain file, as {@code /dev/usb/lp0} is) and raw TCP on 127.0.0.1.
 */
class ReceiptPrinterTransportsTest {
    enum Medium { SERIAL, DEVICE_FILE, TCP }

    @TempDir
    Path dir;
    private VirtualSerialPair pair;
    private EscPosPrinterSimulator sim;
    private EscPosReceiptPrinter printer;

    private void start(Medium medium) throws Exception {
        String port;
        if (medium == Medium.TCP) {
            sim = EscPosPrinterSimulator.listenTcp(0, dir.resolve("out"));
            port = "tcp://127.0.0.1:" + sim.tcpPort();
        } else {
            pair = VirtualSerialPair.create(dir, "printer");
            sim = EscPosPrinterSimulator.start(pair.deviceEnd(), dir.resolve("out"));
            port = (medium == Medium.DEVICE_FILE ? "file:" : "") + pair.driverEnd();
        }
        printer = ReceiptPrinters.open(new PrinterConfig(port, 115200, Duration.ofSeconds(1)));
    }

    @AfterEach
    void tearDown() {
        if (printer != null) {
            printer.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private static byte[] receipt(String name, String number) {
        EscPos b = EscPos.create().init().chineseMode().align(EscPos.Align.CENTER).size(2, 2).line("办件回执")
                .size(1, 1).align(EscPos.Align.LEFT).line("申请人：" + name).line("受理编号：" + number);
        for (int i = 1; i <= 20; i++) {
            b.line("  " + i + ". 材料第" + i + "项：身份证复印件");
        }
        return b.align(EscPos.Align.CENTER).qr("https://zwfw.example.gov.cn/q?no=" + number).feed(3).cut().bytes();
    }

    @Test
    void portStringPicksTheTransport() {
        Duration t = Duration.ofSeconds(1);
        assertThat(ReceiptPrinters.transport("tcp://10.1.2.3", 0, t)).isInstanceOf(TcpTransport.class)
                .extracting(tr -> tr.address()).isEqualTo("tcp 10.1.2.3:9100");
        assertThat(ReceiptPrinters.transport("tcp://printer.local:9101", 0, t).address()).isEqualTo("tcp printer.local:9101");
        assertThat(ReceiptPrinters.transport("/dev/usb/lp0", 0, t)).isInstanceOf(DeviceFileTransport.class);
        assertThat(ReceiptPrinters.transport("file:/tmp/x", 0, t).address()).isEqualTo("usb /tmp/x");
        assertThat(ReceiptPrinters.transport("/dev/ttyS1", 9600, t)).isInstanceOf(SerialTransport.class);
        assertThatThrownBy(() -> ReceiptPrinters.transport("tcp://", 0, t)).hasMessageContaining("tcp://HOST[:PORT]");
        assertThatThrownBy(() -> ReceiptPrinters.transport("tcp://h:70000", 0, t)).hasMessageContaining("1..65535");
    }

    @ParameterizedTest
    @EnumSource(Medium.class)
    void printedReceiptArrivesWholeAndIsRendered(Medium medium) throws Exception {
        start(medium);
        byte[] job = receipt("张三", "KZ20240601-0001");

        assertThat(printer.status()).isEqualTo(PrinterStatus.READY);
        printer.print(job);

        assertThat(sim.received()).isEqualTo(job);
        assertThat(sim.receipts()).extracting(p -> p.getFileName().toString())
                .containsExactly("receipt-0001.bin", "receipt-0001.png");
        assertThat(Files.readAllBytes(sim.receipts().get(0))).isEqualTo(job);
        assertThat(printer.check().ok()).isTrue();
        assertThat(printer.check().detail()).startsWith(printer.address());
    }

    @ParameterizedTest
    @EnumSource(Medium.class)
    void paperEndInTheMiddleOfAJobIsAFaultAndTheReceiptPrintsWholeAfterRefill(Medium medium) throws Exception {
        start(medium);
        byte[] job = receipt("李四", "KZ20240601-0002");
        sim.paperEndAfter(job.length / 2);

        assertThatThrownBy(() -> printer.print(job)).isInstanceOf(PrinterFaultException.class)
                .hasMessageContaining("may be incomplete").hasMessageContaining("paper end")
                .satisfies(e -> assertThat(((PrinterFaultException) e).status().paper()).isEqualTo(PaperState.END));
        assertThat(sim.received()).isEqualTo(job); // every byte reached the printer: it was the paper that ran out
        assertThat(sim.receipts()).extracting(p -> p.getFileName().toString())
                .containsExactly("receipt-0001-partial.bin", "receipt-0001-partial.png");
        byte[] torn = Files.readAllBytes(sim.receipts().get(0));
        assertThat(torn.length).isLessThan(job.length);
        assertThat(EscPosDecoder.text(torn)).contains("李四").doesNotContain("20. 材料");
        assertThat(printer.check().ok()).isFalse();
        assertThat(printer.check().detail()).contains("paper end");
        // still out of paper: a second try sends nothing
        assertThatThrownBy(() -> printer.print(job)).isInstanceOf(PrinterFaultException.class)
                .hasMessageContaining("nothing was sent");
        assertThat(sim.received()).hasSize(job.length);

        sim.setPaper(PaperState.OK);
        printer.print(job);

        assertThat(sim.receipts()).extracting(p -> p.getFileName().toString())
                .containsExactly("receipt-0001-partial.bin", "receipt-0001-partial.png", "receipt-0002.bin", "receipt-0002.png");
        assertThat(Files.readAllBytes(sim.receipts().get(2))).isEqualTo(job);
        assertThat(printer.status()).isEqualTo(PrinterStatus.READY);
    }

    @ParameterizedTest
    @EnumSource(Medium.class)
    void coverOpenBeforeAJobSendsNothing(Medium medium) throws Exception {
        start(medium);
        sim.setCoverOpen(true);

        assertThatThrownBy(() -> printer.print(receipt("王五", "KZ3"))).isInstanceOf(PrinterFaultException.class)
                .satisfies(e -> assertThat(((PrinterFaultException) e).status().coverOpen()).isTrue());
        assertThat(sim.received()).isEmpty();

        sim.setCoverOpen(false);
        printer.print(receipt("王五", "KZ3"));
        assertThat(sim.receipts()).hasSize(2);
    }

    @Test
    void deviceFileThatWentAwayIsNotFoundAndIsOpenedAgainWhenBack() throws Exception {
        start(Medium.DEVICE_FILE);
        assertThat(printer.status().canPrint()).isTrue();

        pair.vanish();
        assertThatThrownBy(printer::status).isInstanceOf(DeviceNotFoundException.class);

        pair.reappear();
        assertThat(retryStatus()).isEqualTo(PrinterStatus.READY);
        printer.print(receipt("孙七", "KZ5"));
        assertThat(sim.receipts()).hasSize(2);
    }

    @Test
    void networkPrinterThatRestartedIsReconnected() throws Exception {
        start(Medium.TCP);
        int port = sim.tcpPort();
        assertThat(printer.status().canPrint()).isTrue();

        sim.close();
        assertThatThrownBy(printer::status).isInstanceOf(DeviceNotFoundException.class);

        sim = EscPosPrinterSimulator.listenTcp(port, dir.resolve("out2"));
        assertThat(retryStatus()).isEqualTo(PrinterStatus.READY);
        printer.print(receipt("周八", "KZ6"));
        assertThat(sim.receipts()).hasSize(2);
    }

    @Test
    void theOlderSerialReceiptPrinterClassAlsoReachesANetworkPrinter() throws Exception {
        sim = EscPosPrinterSimulator.listenTcp(0, dir.resolve("out"));
        try (SerialReceiptPrinter p = new SerialReceiptPrinter(
                new PrinterConfig("tcp://127.0.0.1:" + sim.tcpPort(), 115200, Duration.ofSeconds(1)))) {
            p.print(receipt("吴九", "KZ7"));
            assertThat(p.check().detail()).startsWith("tcp 127.0.0.1:");
        }
        assertThat(sim.receipts()).hasSize(2);
    }

    @Test
    void nobodyListeningIsDeviceNotFound() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        try (EscPosReceiptPrinter absent = ReceiptPrinters.open(
                new PrinterConfig("tcp://127.0.0.1:" + free, 115200, Duration.ofMillis(300)))) {
            assertThatThrownBy(absent::status).isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("127.0.0.1:" + free);
            assertThat(absent.check().ok()).isFalse();
        }
    }

    @Test
    void missingDeviceFileIsDeviceNotFound() {
        try (EscPosReceiptPrinter absent = ReceiptPrinters.open(
                new PrinterConfig("file:" + dir.resolve("lp9"), 115200, Duration.ofMillis(300)))) {
            assertThatThrownBy(absent::status).isInstanceOf(DeviceNotFoundException.class).hasMessageContaining("lp9");
        }
    }

    @Test
    void silentDeviceFileIsATimeout() throws Exception {
        pair = VirtualSerialPair.create(dir, "mute"); // nothing on the other end answers
        try (EscPosReceiptPrinter mute = ReceiptPrinters.open(
                new PrinterConfig("file:" + pair.driverEnd(), 115200, Duration.ofMillis(200)))) {
            assertThatThrownBy(mute::status).isInstanceOf(DeviceTimeoutException.class).hasMessageContaining("DLE EOT 1");
        }
    }

    private PrinterStatus retryStatus() throws Exception {
        for (int i = 0; i < 100; i++) { // the pty simulator polls for its port every 20 ms
            try {
                return printer.status();
            } catch (DeviceTimeoutException | DeviceNotFoundException notYet) {
                Thread.sleep(20);
            }
        }
        return printer.status();
    }
}
