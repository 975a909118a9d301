package org.openkiosk.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.io.serial.VirtualSerialPair;
import org.openkiosk.device.printer.EscPosDecoder;
import org.openkiosk.device.printer.PaperState;
import org.openkiosk.device.printer.PrinterConfig;
import org.openkiosk.device.printer.PrinterFaultException;
import org.openkiosk.device.printer.SerialReceiptPrinter;
import org.openkiosk.device.printer.sim.EscPosPrinterSimulator;

/** The application template printed by the real serial driver on the simulated printer over a pty pair. */
class ApplicationReceiptPrintingTest {
    @TempDir
    Path dir;
    private VirtualSerialPair pair;
    private EscPosPrinterSimulator sim;
    private SerialReceiptPrinter printer;
    private byte[] receipt;

    @BeforeEach
    void setUp() throws Exception {
        pair = VirtualSerialPair.create(dir, "printer");
        sim = EscPosPrinterSimulator.start(pair.deviceEnd(), dir.resolve("out"));
        printer = new SerialReceiptPrinter(new PrinterConfig(pair.driverEnd().toString(), 115200, Duration.ofSeconds(1)));
        receipt = ReceiptTemplates.fromClasspath().render("application", ReceiptTemplatesTest.application());
    }

    @AfterEach
    void tearDown() {
        printer.close();
        sim.close();
        pair.close();
    }

    @Test
    void printedApplicationReceiptReachesThePrinterAndIsRendered() throws Exception {
        printer.print(receipt);

        assertThat(EscPosDecoder.text(sim.received())).contains("张三", "KZ20240601-0001");
        assertThat(sim.receipts()).hasSize(2);
        Path bin = sim.receipts().get(0);
        Path png = sim.receipts().get(1);
        assertThat(bin.toString()).endsWith(".bin");
        assertThat(Files.readAllBytes(bin)).isEqualTo(receipt);
        assertThat(png.toString()).endsWith(".png");
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(576);
    }

    @Test
    void paperEndLosesNothingAndTheReceiptPrintsAfterRefill() throws Exception {
        sim.setPaper(PaperState.END);
        assertThatThrownBy(() -> printer.print(receipt)).isInstanceOf(PrinterFaultException.class);
        assertThat(sim.receipts()).isEmpty();

        sim.setPaper(PaperState.OK);
        printer.print(receipt);

        assertThat(sim.received()).isEqualTo(receipt);
        assertThat(sim.receipts()).hasSize(2);
    }
}
