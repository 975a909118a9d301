package org.openkiosk.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceTimeoutException;
import org.openkiosk.device.io.serial.VirtualSerialPair;
import org.openkiosk.device.printer.sim.EscPosPrinterSimulator;

/** The real driver against the simulated printer over a pty pair. */
class SerialReceiptPrinterTest {
    @TempDir
    Path dir;
    private VirtualSerialPair pair;
    private EscPosPrinterSimulator sim;
    private SerialReceiptPrinter printer;

    @BeforeEach
    void setUp() throws Exception {
        pair = VirtualSerialPair.create(dir, "printer");
        sim = EscPosPrinterSimulator.start(pair.deviceEnd(), dir.resolve("out"));
        printer = new SerialReceiptPrinter(new PrinterConfig(pair.driverEnd().toString(), 115200, Duration.ofSeconds(1)));
    }

    @AfterEach
    void tearDown() {
        printer.close();
        sim.close();
        pair.close();
    }

    private static byte[] receipt(String name, String number) {
        return EscPos.create().init().chineseMode().align(EscPos.Align.CENTER).size(2, 2).line("办件回执")
                .size(1, 1).align(EscPos.Align.LEFT).line("申请人：" + name).line("受理编号：" + number)
                .qr("https://example.gov.cn/q?no=" + number).feed(3).cut().bytes();
    }

    @Test
    void readyPrinterReportsOnlineWithPaper() throws Exception {
        assertThat(printer.status()).isEqualTo(PrinterStatus.READY);
        assertThat(printer.check().ok()).isTrue();
    }

    @Test
    void printedReceiptArrivesWholeAndIsWrittenAsBinAndPng() throws Exception {
        byte[] job = receipt("张三", "KZ20240601-0001");

        printer.print(job);

        assertThat(sim.received()).isEqualTo(job);
        assertThat(EscPosDecoder.text(sim.received())).contains("张三", "KZ20240601-0001");
        assertThat(sim.receipts()).extracting(p -> p.getFileName().toString())
                .containsExactly("receipt-0001.bin", "receipt-0001.png");
        assertThat(Files.readAllBytes(sim.receipts().get(0))).isEqualTo(job);
        assertThat(Files.size(sim.receipts().get(1))).isPositive();
    }

    @Test
    void paperEndFailsWithoutSendingAndTheSameJobPrintsOnceRefilled() throws Exception {
        byte[] job = receipt("李四", "KZ20240601-0002");
        sim.setPaper(PaperState.END);

        assertThatThrownBy(() -> printer.print(job)).isInstanceOf(PrinterFaultException.class)
                .satisfies(e -> assertThat(((PrinterFaultException) e).status().paper()).isEqualTo(PaperState.END));
        assertThat(sim.received()).isEmpty();
        assertThat(printer.check().ok()).isFalse();

        sim.setPaper(PaperState.OK);
        printer.print(job);
        assertThat(sim.received()).isEqualTo(job);
        assertThat(sim.receipts()).hasSize(2);
    }

    @Test
    void openCoverFailsWithoutSendingAndPrintsOnceClosed() throws Exception {
        byte[] job = receipt("王五", "KZ20240601-0003");
        sim.setCoverOpen(true);

        assertThatThrownBy(() -> printer.print(job)).isInstanceOf(PrinterFaultException.class)
                .satisfies(e -> assertThat(((PrinterFaultException) e).status().coverOpen()).isTrue());
        assertThat(sim.received()).isEmpty();

        sim.setCoverOpen(false);
        printer.print(job);
        assertThat(EscPosDecoder.text(sim.received())).contains("王五");
    }

    @Test
    void nearEndPaperStillPrints() throws Exception {
        sim.setPaper(PaperState.NEAR_END);
        printer.print(receipt("赵六", "KZ20240601-0004"));
        assertThat(printer.status().paper()).isEqualTo(PaperState.NEAR_END);
        assertThat(sim.receipts()).hasSize(2);
    }

    @Test
    void reopensThePortAfterItWentAway() throws Exception {
        assertThat(printer.status().canPrint()).isTrue();

        pair.vanish();
        assertThatThrownBy(printer::status).isInstanceOf(DeviceNotFoundException.class);

        pair.reappear();
        PrinterStatus after = null;
        for (int i = 0; i < 100 && after == null; i++) { // the simulator polls for its port every 20 ms
            try {
                after = printer.status();
            } catch (DeviceTimeoutException | DeviceNotFoundException notYet) {
                Thread.sleep(20);
            }
        }
        assertThat(after).isEqualTo(PrinterStatus.READY);
        printer.print(receipt("孙七", "KZ20240601-0005"));
        assertThat(sim.receipts()).hasSize(2);
    }

    @Test
    void longJobLargerThanThePtyBufferArrivesWhole() throws Exception {
        EscPos b = EscPos.create().init().chineseMode();
        for (int i = 0; i < 600; i++) {
            b.line("第" + i + "行：政务服务自助终端打印测试");
        }
        byte[] job = b.cut().bytes();
        assertThat(job.length).isGreaterThan(16_000);

        printer.print(job);

        assertThat(sim.received()).isEqualTo(job);
        assertThat(sim.receipts()).hasSize(2);
    }

    @Test
    void missingPortIsDeviceNotFound() {
        try (SerialReceiptPrinter absent = new SerialReceiptPrinter(
                new PrinterConfig(dir.resolve("nothing").toString(), 115200, Duration.ofMillis(200)))) {
            assertThatThrownBy(absent::status).isInstanceOf(DeviceNotFoundException.class);
            assertThat(absent.check().ok()).isFalse();
        }
    }
}
