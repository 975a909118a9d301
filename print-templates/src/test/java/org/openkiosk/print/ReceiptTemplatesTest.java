package org.openkiosk.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.printer.EscPos;
import org.openkiosk.device.printer.EscPosDecoder;
import org.openkiosk.device.printer.EscPosDecoder.Cut;
import org.openkiosk.device.printer.EscPosDecoder.Element;
import org.openkiosk.device.printer.EscPosDecoder.Qr;
import org.openkiosk.device.printer.EscPosDecoder.Text;

class ReceiptTemplatesTest {
    static Map<String, Object> application() {
        Map<String, Object> data = new HashMap<>();
        data.put("applicationNo", "KZ20240601-0001");
        data.put("applicantName", "张三");
        data.put("idNumber", "110101199003071234");
        data.put("serviceName", "居民身份证换领");
        data.put("submittedAt", LocalDateTime.of(2024, 6, 1, 9, 30, 15));
        data.put("materials", List.of("居民户口簿", "近期免冠照片"));
        data.put("promisedDays", 5);
        data.put("queryUrl", "https://zwfw.example.gov.cn/progress?no=KZ20240601-0001");
        return data;
    }

    private final ReceiptTemplates templates = ReceiptTemplates.fromClasspath();

    @Test
    void applicationReceiptCarriesEveryFieldQrAndEndsWithCut() throws Exception {
        byte[] bytes = templates.render("application", application());

        List<Element> elements = EscPosDecoder.decode(bytes);
        String text = EscPosDecoder.text(bytes);
        assertThat(text).contains("办件回执", "KZ20240601-0001", "张三", "110101********1234", "居民身份证换领",
                "2024-06-01 09:30", "1. 居民户口簿", "2. 近期免冠照片", "承诺办结时限：5 个工作日");
        assertThat(text).doesNotContain("110101199003071234");
        assertThat(elements).filteredOn(Qr.class::isInstance)
                .containsExactly(new Qr("https://zwfw.example.gov.cn/progress?no=KZ20240601-0001", 6, 'M',
                        EscPos.Align.CENTER));
        assertThat(elements.get(elements.size() - 1)).isEqualTo(new Cut());
        assertThat(elements).contains(new Text("办件回执", 2, 2, EscPos.Align.CENTER, true));
    }

    @Test
    void startsWithInitAndChineseMode() throws Exception {
        byte[] bytes = templates.render("checklist", Map.of("serviceName", "营业执照", "materials", List.of("租赁合同")));
        assertThat(bytes).startsWith(0x1B, 0x40, 0x1C, 0x26);
        assertThat(EscPosDecoder.text(bytes)).contains("材料清单", "营业执照", "1. 租赁合同");
    }

    @Test
    void missingFieldIsNamed() {
        Map<String, Object> data = application();
        data.remove("applicantName");
        assertThatThrownBy(() -> templates.render("application", data)).isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("applicantName"));
    }

    @Test
    void blankFieldCountsAsMissing() {
        Map<String, Object> data = application();
        data.put("queryUrl", "  ");
        assertThatThrownBy(() -> templates.render("application", data))
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("queryUrl"));
    }

    @Test
    void listFieldThatIsNotAListIsNamed() {
        Map<String, Object> data = application();
        data.put("materials", "居民户口簿");
        assertThatThrownBy(() -> templates.render("application", data))
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("materials"));
    }

    @Test
    void blankListElementIsNamedWithItsIndex() {
        Map<String, Object> data = application();
        data.put("materials", List.of("居民户口簿", ""));
        assertThatThrownBy(() -> templates.render("application", data))
                .satisfies(e -> assertThat(((TemplateException) e).field()).isEqualTo("materials[1]"));
    }

    @Test
    void unknownTemplateIsATemplateException() {
        assertThatThrownBy(() -> templates.render("nosuch", Map.of())).isInstanceOf(TemplateException.class)
                .hasMessageContaining("nosuch");
        assertThatThrownBy(() -> templates.render("../etc/passwd", Map.of())).isInstanceOf(TemplateException.class);
    }

    @Test
    void directoryTemplateOverridesTheBuiltInOneAndOthersFallBack(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("checklist.txt"), """
                # local wording
                @bold on
                请带齐：{{serviceName}}
                @bold off
                @each materials
                - {{.name}}（{{.copies}} 份）
                @end
                @if note
                备注：{{note}}
                @end
                @@不是指令
                @rule =
                @cut
                """, StandardCharsets.UTF_8);
        ReceiptTemplates local = ReceiptTemplates.fromDirectory(dir);

        byte[] bytes = local.render("checklist", Map.of("serviceName", "社保卡补办",
                "materials", List.of(Map.of("name", "身份证", "copies", 2))));

        String text = EscPosDecoder.text(bytes);
        assertThat(text).contains("请带齐：社保卡补办", "- 身份证（2 份）", "@不是指令", "=".repeat(48))
                .doesNotContain("备注", "local wording");
        assertThat(EscPosDecoder.text(local.render("application", application()))).contains("办件回执");
    }

    @Test
    void malformedTemplateIsReportedWithItsLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.txt"), "标题\n@each materials\n{{.}}\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("worse.txt"), "@size 9 1\n", StandardCharsets.UTF_8);
        ReceiptTemplates local = ReceiptTemplates.fromDirectory(dir);

        assertThatThrownBy(() -> local.render("bad", Map.of("materials", List.of())))
                .isInstanceOf(TemplateException.class).hasMessageContaining("line 2").hasMessageContaining("@end")
                .satisfies(e -> assertThat(((TemplateException) e).field()).isNull());
        assertThatThrownBy(() -> local.render("worse", Map.of())).hasMessageContaining("line 1");
    }
}
