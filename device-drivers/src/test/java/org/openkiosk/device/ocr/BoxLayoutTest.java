package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Label/value pairs read by position, from boxes laid out as the real papers print them. */
class BoxLayoutTest {
    private static final Set<String> LABELS = Set.of("名称", "类型", "住所", "经营范围", "注册资本", "成立日期", "姓名",
            "户主或与户主关系", "公民身份号码", "性别", "民族", "出生地", "籍贯");

    private static OcrText.Line box(String text, int x, int y, int w) {
        return new OcrText.Line(text, 0.99, x, y, w, 30);
    }

    private static BoxLayout layout(OcrText.Line... boxes) {
        List<OcrText.Line> list = List.of(boxes);
        return new BoxLayout(list, LABELS, PaddleEngine.lines(list));
    }

    @Test
    void joinsALabelPrintedWithWideLetterSpacingAndReadsTheValueBesideIt() {
        BoxLayout l = layout(box("名", 100, 100, 30), box("称", 220, 100, 30), box("北京金禾网络科技有限公司", 340, 102, 360),
                box("类", 100, 160, 30), box("型有限责任公司（自然人投资或控股）", 220, 160, 500));
        assertThat(l.value("名称", BoxLayout.Wrap.NONE)).map(BoxLayout.Value::text).contains("北京金禾网络科技有限公司");
        assertThat(l.value("类型", BoxLayout.Wrap.NONE)).map(BoxLayout.Value::text).contains("有限责任公司（自然人投资或控股）");
    }

    @Test
    void joinsALabelSetOnTwoLinesInAGridCellAndStopsAtTheNextCellsLabel() {
        BoxLayout l = layout(box("姓名", 60, 140, 100), box("郭国", 200, 140, 60), box("户主或与", 620, 128, 95),
                box("户主关系", 620, 158, 95), box("户主", 770, 142, 60),
                box("公民身份", 60, 554, 95), box("号码", 90, 584, 50), box("44030519581004317X", 200, 570, 250));
        assertThat(l.value("姓名", BoxLayout.Wrap.NONE)).map(BoxLayout.Value::text).contains("郭国");
        assertThat(l.value("户主或与户主关系", BoxLayout.Wrap.NONE)).map(BoxLayout.Value::text).contains("户主");
        assertThat(l.value("公民身份号码", BoxLayout.Wrap.NONE)).map(BoxLayout.Value::text).contains("44030519581004317X");
    }

    @Test
    void aWrappedValueTakesItsOwnColumnsLinesAndStopsAtTheNextLabel() {
        // a landscape licence: 经营范围 wraps in the left column while 住所 wraps in the right one
        BoxLayout l = layout(box("经营范围", 100, 300, 120), box("一般项目：技术服务、技术开发、", 340, 300, 330),
                box("住所", 700, 300, 60), box("北京市朝阳区望京西路262号院11号楼3", 800, 300, 300),
                box("技术交流、技术转让；人工智能应", 340, 334, 330), box("单元1302号一楼", 800, 334, 150),
                box("用软件开发。", 340, 368, 120),
                box("注册资本", 100, 420, 120), box("壹佰万元人民币", 340, 420, 200));
        assertThat(l.value("住所", BoxLayout.Wrap.COLUMN)).map(BoxLayout.Value::text).contains("北京市朝阳区望京西路262号院11号楼3单元1302号一楼");
        assertThat(l.value("经营范围", BoxLayout.Wrap.COLUMN)).map(BoxLayout.Value::text)
                .contains("一般项目:技术服务、技术开发、技术交流、技术转让；人工智能应用软件开发。");
        assertThat(l.value("注册资本", BoxLayout.Wrap.NONE)).map(BoxLayout.Value::text).contains("壹佰万元人民币");
    }

    @Test
    void aValueWrappingAloneStopsAtALineHoldingALabelAnywhere() {
        // an ID card whose 性别 was not seen: 男 starts where the name starts, and 民族 stands on its row
        BoxLayout l = layout(box("姓名", 60, 100, 60), box("张三", 200, 100, 60), box("男", 200, 140, 30),
                box("民族", 340, 140, 60), box("汉", 420, 140, 30));
        assertThat(l.value("姓名", BoxLayout.Wrap.COLUMN)).map(BoxLayout.Value::text).contains("张三男");
        assertThat(l.value("姓名", BoxLayout.Wrap.ALONE)).map(BoxLayout.Value::text).contains("张三");
        BoxLayout wrapped = layout(box("姓名", 60, 100, 60), box("阿卜杜热合曼·买买提", 200, 100, 300),
                box("艾则孜", 200, 134, 90), box("性别", 60, 180, 60), box("男", 200, 180, 30), box("民族", 340, 180, 60));
        assertThat(wrapped.value("姓名", BoxLayout.Wrap.ALONE)).map(BoxLayout.Value::text).contains("阿卜杜热合曼·买买提艾则孜");
    }

    @Test
    void splitsABoxHoldingALabelItsValueAndTheNextLabel() {
        BoxLayout l = layout(box("性别男民族汉", 60, 100, 180));
        assertThat(l.value("性别", BoxLayout.Wrap.NONE)).map(BoxLayout.Value::text).contains("男");
        assertThat(l.value("民族", BoxLayout.Wrap.NONE)).map(BoxLayout.Value::text).contains("汉");
    }

    @Test
    void aValueCarriesItsLeastCertainBoxAndItsLine() {
        List<OcrText.Line> boxes = List.of(new OcrText.Line("姓名", 0.99, 60, 100, 60, 30),
                new OcrText.Line("肖龚文", 0.31, 200, 100, 90, 30), new OcrText.Line("性别", 0.99, 60, 160, 60, 30),
                new OcrText.Line("男", 0.99, 200, 160, 30, 30));
        BoxLayout l = new BoxLayout(boxes, LABELS, PaddleEngine.lines(boxes));
        BoxLayout.Value name = l.value("姓名", BoxLayout.Wrap.NONE).orElseThrow();
        assertThat(name.confidence()).isEqualTo(0.31);
        assertThat(name.line()).isEqualTo(1);
        assertThat(l.value("性别", BoxLayout.Wrap.NONE).orElseThrow().line()).isEqualTo(2);
    }
}
