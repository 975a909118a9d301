package org.openkiosk.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.printer.EscPosReceiptPrinter;
import org.openkiosk.device.printer.PrinterConfig;
import org.openkiosk.device.printer.ReceiptPrinters;
import org.openkiosk.device.printer.sim.EscPosPrinterSimulator;

/**
 * The receipts' ESC/POS bytes checked by a parser we did not write (npm {@code npos}, see {@link NposParser}):
 * it finds the text in Chinese mode, the QR code's data and the cut.
 */
class EscPosIndependentParserTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void installParser() throws Exception {
        NposParser.install();
    }

    @Test
    void applicationReceiptHasItsTextQrDataAndCut() throws Exception {
        Map<String, Object> data = ReceiptTemplatesTest.application();
        byte[] job = ReceiptTemplates.fromClasspath().render("application", data);

        NposParser.Decoded d = NposParser.decode(job);

        assertThat(d.commands()).startsWith("ESC @", "FS &");
        assertThat(d.chineseMode()).isTrue();
        assertThat(d.lines()).contains("办件回执", "受理编号：KZ20240601-0001", "申 请 人：张三",
                "证件号码：110101********1234", "办理事项：居民身份证换领", "提交时间：2024-06-01 09:30",
                "  1. 居民户口簿", "  2. 近期免冠照片", "承诺办结时限：5 个工作日");
        assertThat(String.join("\n", d.lines())).doesNotContain("110101199003071234");
        assertThat(d.qr()).containsExactly("https://zwfw.example.gov.cn/progress?no=KZ20240601-0001");
        assertThat(d.cuts()).isEqualTo(1);
        assertThat(d.commands()).last().isEqualTo("GS V");
    }

    @Test
    void checklistReceiptHasItsTextAndCutAndNoQr() throws Exception {
        byte[] job = ReceiptTemplates.fromClasspath().render("checklist",
                Map.of("serviceName", "城乡居民基本医疗保险参保登记", "materials", List.of("居民身份证", "户口簿")));

        NposParser.Decoded d = NposParser.decode(job);

        assertThat(d.lines()).contains("材料清单", "办理事项：城乡居民基本医疗保险参保登记", "  1. 居民身份证", "  2. 户口簿");
        assertThat(d.qr()).isEmpty();
        assertThat(d.cuts()).isEqualTo(1);
    }

    @Test
    void testReceiptHasItsSizesTextQrAndCut() throws Exception {
        byte[] job = ReceiptTemplates.fromClasspath().render("test",
                Map.of("kioskId", "K0042", "printer", "tcp://10.0.0.5:9100", "printedAt", "2024-06-01 09:30"));

        NposParser.Decoded d = NposParser.decode(job);

        assertThat(d.lines()).contains("打印测试", "终端编号：K0042", "打 印 机：tcp://10.0.0.5:9100", "倍宽 Wide", "粗体 Bold");
        assertThat(d.commands()).contains("GS !", "ESC E", "ESC a");
        assertThat(d.qr()).containsExactly("OpenKiosk print test K0042");
        assertThat(d.cuts()).isEqualTo(1);
    }

    @Test
    void bytesThatCrossedTcpToThePrinterStillParseToTheSameReceipt() throws Exception {
        byte[] job = ReceiptTemplates.fromClasspath().render("application", ReceiptTemplatesTest.application());
        try (EscPosPrinterSimulator sim = EscPosPrinterSimulator.listenTcp(0, dir.resolve("out"));
             EscPosReceiptPrinter printer = ReceiptPrinters.open(
                     new PrinterConfig("tcp://127.0.0.1:" + sim.tcpPort(), 115200, Duration.ofSeconds(2)))) {
            printer.print(job);

            byte[] printed = Files.readAllBytes(sim.receipts().get(0));
            NposParser.Decoded d = NposParser.decode(printed);
            assertThat(d.lines()).contains("受理编号：KZ20240601-0001");
            assertThat(d.qr()).containsExactly("https://zwfw.example.gov.cn/progress?no=KZ20240601-0001");
            assertThat(d.cuts()).isEqualTo(1);
        }
    }
}
