package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.printer.EscPosDecoder;
import org.openkiosk.device.printer.PaperState;
import org.openkiosk.device.printer.sim.EscPosPrinterSimulator;

/** {@code ./kiosk print ...} run in-process through {@link Main#run}. */
class PrintCommandTest {
    static final String RECEIPT_DATA = """
            {"applicationNo": "KZ20240601-0001", "applicantName": "张三", "idNumber": "110101199003071234",
             "serviceName": "居民身份证换领", "submittedAt": "2024-06-01 09:30",
             "materials": ["居民户口簿", "近期免冠照片"], "promisedDays": 5,
             "queryUrl": "https://zwfw.example.gov.cn/progress?no=KZ20240601-0001"}
            """;
    static final String LICENCE_DATA = """
            {"applicationNo": "KZ20240601-0001", "applicantName": "张三", "idNumber": "110101199003071234",
             "serviceName": "居民身份证换领", "decision": "准予许可", "decidedAt": "2024-06-05",
             "issuer": "北京市东城区政务服务中心"}
            """;

    @TempDir
    Path dir;
    private final CliRun kiosk = CliRun.keepingOutput();
    private Path config;

    @BeforeEach
    void config() throws Exception {
        config = dir.resolve("kiosk.properties");
        Files.writeString(config, "kiosk.id=K0042\nkiosk.data=data\n");
    }

    private int run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return kiosk.run(all);
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void receiptToAFileIsTheTemplatesEscPosBytes() throws Exception {
        Path data = file("receipt.json", RECEIPT_DATA);
        Path bin = dir.resolve("receipt.bin");

        assertThat(run("print", "receipt", "--template", "application", "--data", data.toString(), "--out", bin.toString()))
                .as(kiosk.err()).isZero();

        byte[] bytes = Files.readAllBytes(bin);
        assertThat(kiosk.out().strip()).isEqualTo("receipt application: " + bytes.length + " bytes written to " + bin);
        assertThat(EscPosDecoder.text(bytes)).contains("张三", "110101********1234", "居民户口簿", "2024-06-01 09:30")
                .doesNotContain("110101199003071234");
        assertThat(EscPosDecoder.decode(bytes)).filteredOn(e -> e instanceof EscPosDecoder.Qr)
                .extracting(e -> ((EscPosDecoder.Qr) e).data())
                .containsExactly("https://zwfw.example.gov.cn/progress?no=KZ20240601-0001");
    }

    @Test
    void receiptToANetworkPrinterArrivesWhole() throws Exception {
        Path data = file("receipt.json", RECEIPT_DATA);
        try (EscPosPrinterSimulator sim = EscPosPrinterSimulator.listenTcp(0, dir.resolve("sim"))) {
            String port = "tcp://127.0.0.1:" + sim.tcpPort();

            assertThat(run("print", "receipt", "--template", "application", "--data", data.toString(), "--port", port))
                    .as(kiosk.err()).isZero();

            assertThat(kiosk.out().strip()).matches("receipt application: \\d+ bytes printed on tcp 127\\.0\\.0\\.1:\\d+ "
                    + "\\(online, paper OK\\)");
            assertThat(EscPosDecoder.text(sim.received())).contains("受理编号：KZ20240601-0001");
            assertThat(sim.receipts()).hasSize(2);
        }
    }

    @Test
    void receiptOnAPrinterWithoutPaperIsAPlainFault() throws Exception {
        Path data = file("receipt.json", RECEIPT_DATA);
        try (EscPosPrinterSimulator sim = EscPosPrinterSimulator.listenTcp(0, dir.resolve("sim"))) {
            sim.setPaper(PaperState.END);

            assertThat(run("print", "receipt", "--template", "application", "--data", data.toString(),
                    "--port", "tcp://127.0.0.1:" + sim.tcpPort())).isEqualTo(1);

            assertThat(kiosk.err().strip()).isEqualTo("kiosk: printer cannot print, nothing was sent (offline, paper end)");
            assertThat(sim.received()).isEmpty();
        }
    }

    @Test
    void receiptDataMissingAFieldNamesItAndWritesNothing() throws Exception {
        Path data = file("receipt.json", RECEIPT_DATA.replace("\"applicantName\": \"张三\",", ""));
        Path bin = dir.resolve("receipt.bin");

        assertThat(run("print", "receipt", "--template", "application", "--data", data.toString(), "--out", bin.toString()))
                .isEqualTo(1);

        assertThat(kiosk.err().strip()).isEqualTo("kiosk: receipt application needs field applicantName");
        assertThat(bin).doesNotExist();
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void licenceToAFileIsAnA4PdfWhoseTextComesBack() throws Exception {
        Path data = file("licence.json", LICENCE_DATA);
        Path pdf = dir.resolve("notice.pdf");

        assertThat(run("print", "licence", "--template", "result-notice", "--data", data.toString(), "--out", pdf.toString()))
                .as(kiosk.err()).isZero();

        assertThat(kiosk.out().strip()).isEqualTo("document result-notice: 1 page(s), " + Files.size(pdf) + " bytes written to " + pdf);
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(pdf))) {
            assertThat(new PDFTextStripper().getText(doc)).contains("办件结果通知书", "张三", "准予许可", "2024年6月5日",
                    "110101********1234");
        }
    }

    @Test
    void licenceWithADisallowedDecisionNamesTheFieldAndKeepsTheOldFile() throws Exception {
        Path data = file("licence.json", LICENCE_DATA.replace("准予许可", "看情况"));
        Path pdf = file("notice.pdf", "the previous notice");

        assertThat(run("print", "licence", "--template", "result-notice", "--data", data.toString(), "--out", pdf.toString()))
                .isEqualTo(1);

        assertThat(kiosk.err()).startsWith("kiosk: field decision of document result-notice must be one of").contains("看情况");
        assertThat(Files.readString(pdf)).isEqualTo("the previous notice");
    }

    @Test
    void dataFileThatIsNotJsonOrMissingIsAPlainError() throws Exception {
        Path bad = file("bad.json", "{\"applicationNo\": ");
        assertThat(run("print", "receipt", "--template", "application", "--data", bad.toString(), "--out", "x.bin")).isEqualTo(1);
        assertThat(kiosk.err()).contains("data file " + bad + " is not a JSON object").contains("line 1");

        kiosk.clear();
        assertThat(run("print", "licence", "--template", "result-notice", "--data", dir.resolve("none.json").toString(),
                "--out", "x.pdf")).isEqualTo(1);
        assertThat(kiosk.err().strip()).isEqualTo("kiosk: data file " + dir.resolve("none.json") + " does not exist");
    }

    @Test
    void editedTemplatesInADirectoryOverrideTheBuiltInOnes() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("application.txt"), "@align center\n本地回执 {{applicationNo}}\n@cut\n");
        Files.writeString(templates.resolve("result-notice.json"), """
                {"fields": {"applicantName": {"type": "text"}},
                 "blocks": [{"type": "heading", "text": "本地通知 {{applicantName}}"}]}
                """);
        Path bin = dir.resolve("r.bin");
        Path pdf = dir.resolve("n.pdf");

        assertThat(run("print", "receipt", "--template", "application", "--data", file("r.json", RECEIPT_DATA).toString(),
                "--out", bin.toString(), "--templates", templates.toString())).as(kiosk.err()).isZero();
        assertThat(run("print", "licence", "--template", "result-notice", "--data", file("l.json", LICENCE_DATA).toString(),
                "--out", pdf.toString(), "--templates", templates.toString())).as(kiosk.err()).isZero();

        assertThat(EscPosDecoder.text(Files.readAllBytes(bin))).contains("本地回执 KZ20240601-0001");
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(pdf))) {
            assertThat(new PDFTextStripper().getText(doc)).contains("本地通知 张三");
        }
        assertThat(run("print", "receipt", "--template", "application", "--data", "r.json", "--out", "x",
                "--templates", dir.resolve("none").toString())).isEqualTo(2);
    }

    @Test
    void unknownTemplateIsNamed() throws Exception {
        Path data = file("receipt.json", RECEIPT_DATA);
        assertThat(run("print", "receipt", "--template", "nosuch", "--data", data.toString(), "--out", "x.bin")).isEqualTo(1);
        assertThat(kiosk.err().strip()).isEqualTo("kiosk: no receipt template named nosuch");
    }

    @Test
    void usageErrorsExitWithTwoAndNoStackTrace() {
        assertThat(run("print")).isEqualTo(2);
        assertThat(run("print", "poster")).isEqualTo(2);
        assertThat(run("print", "receipt", "--template", "application", "--data", "d.json")).isEqualTo(2);
        assertThat(run("print", "receipt", "--template", "application", "--data", "d.json", "--out", "a", "--port", "b"))
                .isEqualTo(2);
        assertThat(run("print", "licence", "--data", "d.json", "--out", "a.pdf")).isEqualTo(2);
        assertThat(run("print", "test", "--colour")).isEqualTo(2);
        assertThat(kiosk.err()).contains("print needs receipt, licence or test", "unknown kind 'poster'",
                "give exactly one of --out FILE and --port PORT", "--template is required", "unknown option '--colour'")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpListsThePrintCommands() {
        assertThat(kiosk.run("help")).isZero();
        assertThat(kiosk.out()).contains("print receipt --template NAME", "print licence --template NAME", "print test");
    }

    @Test
    void printTestOnTheSimulatedReceiptPrinterWithoutAnA4Printer() throws Exception {
        assertThat(run("print", "test")).as(kiosk.err()).isZero();

        List<String> lines = kiosk.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("receipt printer sim: test receipt printed (online, paper OK), image ")
                .endsWith("receipt-0001.png");
        assertThat(lines.get(1)).isEqualTo("document printer: none configured (printer.document-queue is empty)");
        Path png = Path.of(lines.get(0).substring(lines.get(0).indexOf(", image ") + 8));
        assertThat(png).exists().startsWith(dir.resolve("data"));
        byte[] bin = Files.readAllBytes(png.resolveSibling("receipt-0001.bin"));
        assertThat(EscPosDecoder.text(bin)).contains("打印测试", "终端编号：K0042");
    }

    @Test
    void printTestReportsAnUnreachableReceiptPrinterAndExitsOne() throws Exception {
        Files.writeString(config, "kiosk.data=data\nprinter.port=file:" + dir.resolve("lp0") + "\n");

        assertThat(run("print", "test")).isEqualTo(1);

        assertThat(kiosk.err()).startsWith("kiosk: receipt printer file:" + dir.resolve("lp0") + ": printer device")
                .contains("does not exist");
    }

    @Test
    void badPrinterSettingsAreConfigurationErrors() throws Exception {
        Files.writeString(config, "printer.port=tcp://\nprinter.document-queue=bad queue\n");
        assertThat(run("print", "test")).isEqualTo(2);
        assertThat(kiosk.err()).contains("printer.port: 'tcp://' must be tcp://HOST[:PORT] or file:/PATH")
                .contains("printer.document-queue: 'bad queue'");
    }
}
