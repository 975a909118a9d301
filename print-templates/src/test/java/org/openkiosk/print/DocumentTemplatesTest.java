package org.openkiosk.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A4 documents from the JSON templates: text extracted back, fonts embedded, pages rendered to PNG. */
class DocumentTemplatesTest {
    private static final DocumentTemplates TEMPLATES = DocumentTemplates.fromClasspath();
    /** PNGs of the rendered pages are kept here for people to look at. */
    private static final Path PNG_DIR = Path.of("target", "document-png");

    @TempDir
    Path dir;

    static Map<String, Object> resultNotice() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("applicationNo", "KZ20240601-0001");
        d.put("applicantName", "张三");
        d.put("idNumber", "110101199003071234");
        d.put("serviceName", "城乡居民基本医疗保险参保登记");
        d.put("decision", "准予许可");
        d.put("decidedAt", "2024-06-05");
        d.put("issuer", "北京市东城区政务服务中心");
        d.put("queryUrl", "https://zwfw.example.gov.cn/q?no=KZ20240601-0001");
        return d;
    }

    static Map<String, Object> certificate() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("certificateNo", "ZM2024-000123");
        d.put("certificateName", "婚育情况证明");
        d.put("holderName", "李四");
        d.put("idNumber", "11010119850202002X");
        d.put("content", "该同志于2015年登记结婚，育有一子，符合相关政策规定。");
        d.put("issuedAt", "2024-06-05");
        d.put("validUntil", "2024-12-05");
        d.put("issuer", "北京市东城区东华门街道办事处");
        d.put("verifyUrl", "https://zwfw.example.gov.cn/v/ZM2024-000123");
        return d;
    }

    static Map<String, Object> checklist(int count) {
        List<String> materials = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            materials.add(i == 1 ? "居民身份证原件及复印件（Resident ID card, original and copy）" : "申请材料第" + i + "项");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("serviceName", "城乡居民基本医疗保险参保登记");
        d.put("materials", materials);
        d.put("printedAt", "2024-06-01");
        return d;
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void resultNoticeTextComesBackOutOfThePdfWithTheIdMasked() throws Exception {
        byte[] pdf = TEMPLATES.render("result-notice", resultNotice());

        String text = text(pdf);
        assertThat(text).contains("办件结果通知书", "张三", "KZ20240601-0001", "城乡居民基本医疗保险参保登记", "准予许可",
                "北京市东城区政务服务中心", "2024年6月5日", "110101********1234");
        assertThat(text).doesNotContain("110101199003071234");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isEqualTo(PDRectangle.A4.getWidth());
            assertThat(doc.getPage(0).getMediaBox().getHeight()).isEqualTo(PDRectangle.A4.getHeight());
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("办件结果通知书");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"result-notice", "certificate", "checklist", "test-page"})
    void everyFontOfEveryBuiltInDocumentIsEmbeddedAsASubset(String name) throws Exception {
        byte[] pdf = TEMPLATES.render(name, sample(name));

        List<String> fonts = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (PDPage page : doc.getPages()) {
                for (COSName fontName : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(fontName);
                    fonts.add(font.getName());
                    assertThat(font.isEmbedded()).as("font %s embedded", font.getName()).isTrue();
                    assertThat(font.getName()).as("subset tag").matches("[A-Z]{6}\\+.*");
                }
            }
        }
        assertThat(fonts).isNotEmpty();
        assertThat(pdf.length).as("a subset keeps the file small").isLessThan(200_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"result-notice", "certificate", "checklist", "test-page"})
    void pagesRenderToPngWithInkOnThem(String name) throws Exception {
        byte[] pdf = TEMPLATES.render(name, sample(name));
        Files.createDirectories(PNG_DIR);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(doc);
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                BufferedImage img = renderer.renderImageWithDPI(i, 150);
                Path png = PNG_DIR.resolve(name + "-" + (i + 1) + ".png");
                ImageIO.write(img, "png", png.toFile());
                assertThat(img.getWidth()).isEqualTo(1240); // 210 mm at 150 dpi
                assertThat(img.getHeight()).isBetween(1753, 1754); // 297 mm, rounded down by PDFBox
                assertThat(darkShare(img)).as("ink on page %d", i + 1).isBetween(0.002, 0.3);
                assertThat(ImageIO.read(png.toFile())).isNotNull();
            }
        }
    }

    @Test
    void longChecklistFlowsOntoMorePagesWithEveryMaterial() throws Exception {
        byte[] pdf = TEMPLATES.render("checklist", checklist(80));

        String text = text(pdf);
        assertThat(text).contains("1. 居民身份证原件及复印件", "Resident ID card", "80. 申请材料第80项", "材料备齐后");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
        }
    }

    @Test
    void everyBuiltInTemplateIsCovered() {
        assertThat(DocumentTemplates.builtIn()).containsExactly("result-notice", "certificate", "checklist", "test-page");
    }

    @Test
    void missingFieldIsNamed() {
        Map<String, Object> d = resultNotice();
        d.remove("decision");
        assertThatThrownBy(() -> TEMPLATES.render("result-notice", d)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("needs field decision")
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("decision"));
    }

    @Test
    void blankFieldIsNamed() {
        Map<String, Object> d = resultNotice();
        d.put("issuer", "  ");
        assertThatThrownBy(() -> TEMPLATES.render("result-notice", d))
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("issuer"));
    }

    @Test
    void decisionOutsideTheAllowedOnesIsNamed() {
        Map<String, Object> d = resultNotice();
        d.put("decision", "也许吧");
        assertThatThrownBy(() -> TEMPLATES.render("result-notice", d)).hasMessageContaining("decision")
                .hasMessageContaining("准予许可").hasMessageContaining("也许吧")
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("decision"));
    }

    @Test
    void badDateIsNamed() {
        Map<String, Object> d = resultNotice();
        d.put("decidedAt", "06/05/2024");
        assertThatThrownBy(() -> TEMPLATES.render("result-notice", d)).hasMessageContaining("yyyy-MM-dd")
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("decidedAt"));
    }

    @Test
    void listThatIsNotAListAndBadElementsAreNamed() {
        Map<String, Object> d = checklist(2);
        d.put("materials", "身份证");
        assertThatThrownBy(() -> TEMPLATES.render("checklist", d)).hasMessageContaining("must be a list")
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("materials"));

        d.put("materials", List.of("身份证", List.of("nested")));
        assertThatThrownBy(() -> TEMPLATES.render("checklist", d))
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("materials[1]"));
    }

    @Test
    void characterTheFontCannotPrintIsNamedWithItsField() {
        Map<String, Object> d = resultNotice();
        d.put("applicantName", "张\uD83D\uDE00"); // an emoji: not in the document font
        assertThatThrownBy(() -> TEMPLATES.render("result-notice", d)).hasMessageContaining("U+1F600")
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("applicantName"));
    }

    @Test
    void optionalFieldsMayBeLeftOutAndTheirBlocksDisappear() throws Exception {
        Map<String, Object> d = resultNotice();
        d.remove("queryUrl");
        assertThat(text(TEMPLATES.render("result-notice", d))).doesNotContain("扫码查询");
        d.put("reason", "材料齐全，符合法定条件。");
        assertThat(text(TEMPLATES.render("result-notice", d))).contains("理由：材料齐全，符合法定条件。");
    }

    @Test
    void templateInADirectoryIsReadOnEveryRenderSoItCanBeEditedWithoutRebuilding() throws Exception {
        DocumentTemplates fromDir = DocumentTemplates.fromDirectory(dir);
        Path file = dir.resolve("result-notice.json");
        Files.writeString(file, """
                {"title": "通知", "fields": {"applicantName": {"type": "text"}},
                 "blocks": [{"type": "heading", "text": "第一版 {{applicantName}}"}]}
                """, StandardCharsets.UTF_8);
        assertThat(text(fromDir.render("result-notice", resultNotice()))).contains("第一版 张三");

        Files.writeString(file, Files.readString(file).replace("第一版", "第二版"), StandardCharsets.UTF_8);
        assertThat(text(fromDir.render("result-notice", resultNotice()))).contains("第二版 张三");
        // names without a file in the directory fall back to the built-in templates
        assertThat(text(fromDir.render("certificate", certificate()))).contains("婚育情况证明");
    }

    @Test
    void malformedTemplatesAreReportedWithWhereTheFaultIs() throws Exception {
        DocumentTemplates fromDir = DocumentTemplates.fromDirectory(dir);
        Files.writeString(dir.resolve("a.json"), "{\"fields\": {}, \"blocks\": [{\"type\": \"text\", \"text\": \"{{nobody}}\"}]}");
        assertThatThrownBy(() -> fromDir.render("a", Map.of())).hasMessageContaining("block 1")
                .hasMessageContaining("{{nobody}} is not a declared field");
        Files.writeString(dir.resolve("b.json"), "{\"fields\": {},\n \"blocks\": [ {\"type\": \"text\" ");
        assertThatThrownBy(() -> fromDir.render("b", Map.of())).hasMessageContaining("not valid JSON at line 2");
        Files.writeString(dir.resolve("c.json"), "{\"fields\": {}, \"blocks\": [{\"type\": \"table\"}]}");
        assertThatThrownBy(() -> fromDir.render("c", Map.of())).hasMessageContaining("unknown block type 'table'");
        assertThatThrownBy(() -> fromDir.render("none", Map.of())).hasMessageContaining("no document template named none");
        assertThatThrownBy(() -> fromDir.render("../etc", Map.of())).hasMessageContaining("bad document template name");
    }

    @Test
    void literalTemplateTextTheFontCannotPrintIsATemplateError() throws Exception {
        Files.writeString(dir.resolve("d.json"), "{\"fields\": {}, \"blocks\": [{\"type\": \"text\", \"text\": \"\uD83D\uDE00\"}]}");
        assertThatThrownBy(() -> DocumentTemplates.fromDirectory(dir).render("d", Map.of()))
                .isInstanceOf(TemplateException.class).hasMessageContaining("cannot print");
    }

    @Test
    void missingFontIsAClearError() {
        assertThatThrownBy(() -> TEMPLATES.withFont(dir.resolve("none.ttf")).render("result-notice", resultNotice()))
                .isInstanceOf(TemplateException.class).hasMessageContaining("fonts-arphic-gbsn00lp");
    }

    static Map<String, Object> sample(String name) {
        return switch (name) {
            case "result-notice" -> resultNotice();
            case "certificate" -> certificate();
            case "test-page" -> Map.of("kioskId", "K0001", "queue", "KioskPDF", "printedAt", "2024-06-01 09:30");
            default -> new HashMap<>(checklist(6));
        };
    }

    private static double darkShare(BufferedImage img) {
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                int lum = ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3;
                if (lum < 128) {
                    dark++;
                }
            }
        }
        return dark / (double) ((img.getWidth() / 2) * (img.getHeight() / 2));
    }
}
