package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.ocr.RecognisedDocument.FieldProblem;
import org.openkiosk.device.ocr.RecognisedDocument.Issue;

class FieldExtractorTest {
    private final FieldExtractor extractor = new FieldExtractor(LocalDate.of(2026, 11, 23));

    private FieldExtractor.Extraction extract(String text) {
        return extractor.extract(text).orElseThrow();
    }

    @Test
    void readsEveryFieldOfAnIdCardFront() {
        var e = extract("""
                姓名 罗平国
                性别 男 民族 维吾尔
                出生 1943年2月28日
                住址 广东省深圳市南山区沙河
                街道243号16栋1504室
                公民身份号码 440305194302287878
                """);
        assertThat(e.type()).isEqualTo(DocumentType.ID_CARD);
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("name", "罗平国");
        expected.put("sex", "男");
        expected.put("nation", "维吾尔");
        expected.put("birthDate", "1943-02-28");
        expected.put("address", "广东省深圳市南山区沙河街道243号16栋1504室");
        expected.put("idNumber", "440305194302287878");
        assertThat(e.fields()).containsExactlyEntriesOf(expected);
        assertThat(e.problems()).isEmpty();
    }

    @Test
    void aStrayMarkBeforeAValueIsNotPartOfIt() {
        // Tesseract reads a cell's ruled line as | and a speck before a value as a quotation mark
        var id = extract("""
                姓名 罗平国
                性别 男 民族 汉
                出生 1943年2月28日
                住址 “广东省深圳市南山区沙河街道243号
                公民身份号码 440305194302287878
                """);
        assertThat(id.fields()).containsEntry("address", "广东省深圳市南山区沙河街道243号");
        var licence = extract("营业执照\n统一社会信用代码 " + CODE + "\n名称 |福州某某科技有限公司|\n"
                + "类型 ”有限责任公司（自然人投资或控股）\n法定代表人 ，王五");
        assertThat(licence.fields()).containsEntry("name", "福州某某科技有限公司")
                .containsEntry("type", "有限责任公司（自然人投资或控股）").containsEntry("legalRepresentative", "王五");
    }

    @Test
    void toleratesLabelsRunTogetherAndFullWidthDigits() {
        var e = extract("姓名金庆\n性别男民族回出生１９６０年３月５日\n住址云南省昆明市五华区普吉\n村243号\n公民身份号码 5301021960 0305 1997");
        assertThat(e.fields()).containsEntry("name", "金庆").containsEntry("sex", "男").containsEntry("nation", "回")
                .containsEntry("birthDate", "1960-03-05").containsEntry("address", "云南省昆明市五华区普吉村243号")
                .containsEntry("idNumber", "530102196003051997");
        assertThat(e.problems()).isEmpty();
    }

    @Test
    void flagsAnIdNumberWithAWrongCheckCharacter() {
        var e = extract("姓名 罗平国\n性别 男 民族 汉\n出生 1943年2月28日\n住址 北京市\n公民身份号码 440305194302287879");
        assertThat(e.problems()).contains(new FieldProblem("idNumber", Issue.BAD_CHECK_CHARACTER));
    }

    @Test
    void flagsABirthDateOrSexThatDisagreesWithTheIdNumber() {
        var e = extract("姓名 罗平国\n性别 女 民族 汉\n出生 1943年3月28日\n住址 北京市\n公民身份号码 440305194302287878");
        assertThat(e.problems()).contains(new FieldProblem("birthDate", Issue.INCONSISTENT),
                new FieldProblem("sex", Issue.INCONSISTENT));
    }

    @Test
    void anImpossibleDateIsNotPassedOnAndTheNumberSuppliesIt() {
        var e = extract("姓名 罗平国\n性别 男 民族 汉\n出生 1943年2月30日\n住址 北京市\n公民身份号码 440305194302287878");
        assertThat(e.fields()).containsEntry("birthDate", "1943-02-28");
    }

    @Test
    void readsTheBackOfAnIdCardAndFlagsAnExpiredOne() {
        var e = extract("中华人民共和国\n居民身份证\n签发机关 深圳市公安局南山分局\n有效期限 2006.03.01-2016.03.01");
        assertThat(e.type()).isEqualTo(DocumentType.ID_CARD);
        assertThat(e.fields()).containsEntry("issuer", "深圳市公安局南山分局").containsEntry("validFrom", "2006-03-01")
                .containsEntry("validUntil", "2016-03-01").doesNotContainKey("name");
        assertThat(e.problems()).containsExactly(new FieldProblem("validUntil", Issue.EXPIRED));
        var longTerm = extract("签发机关 北京市公安局\n有效期限 2010.05.06-长期");
        assertThat(longTerm.fields()).containsEntry("validUntil", "长期");
        assertThat(longTerm.problems()).isEmpty();
    }

    @Test
    void aLongIssuerWrappedInItsColumnIsReadWhole() {
        java.util.List<OcrText.Line> boxes = java.util.List.of(box("中华人民共和国", 327, 885, 362),
                box("居民身份证", 281, 1022, 447), box("签发机关", 80, 1227, 120),
                box("内蒙古自治区呼和浩特市公安局", 220, 1227, 420), box("赛罕区分局", 220, 1262, 150),
                box("有效期限", 80, 1306, 120), box("2016.03.05-2036.03.05", 220, 1306, 330));
        var e = extractor.extract(OcrText.of(PaddleEngine.lines(boxes), boxes)).orElseThrow();
        assertThat(e.fields()).containsEntry("issuer", "内蒙古自治区呼和浩特市公安局赛罕区分局")
                .containsEntry("validUntil", "2036-03-05");
        assertThat(e.problems()).isEmpty();
        // a copy of both sides read as flat lines: the line after the issuer may be the front's address
        var flat = extract("住址 浙江省杭州市西湖区天目\n签发机关 杭州市公安局西湖分局\n山路63号\n有效期限 2016.03.05-2036.03.05");
        assertThat(flat.fields()).containsEntry("issuer", "杭州市公安局西湖分局");
    }

    @Test
    void aDoubtedNameOffersItsOtherReadingsAndTheCharactersTheModelCannotWriteThatItReadsSo() {
        // the recogniser's own next guesses for the doubted character, then the name with each character the model
        // reads 龚 for although it cannot write it (䶮): the name as printed, for the resident to tap
        java.util.List<OcrText.Line> boxes = java.util.List.of(box("姓名", 70, 120, 88),
                new OcrText.Line("肖龚文", 0.70, 190, 117, 103, 30, java.util.List.of("肖葵文")),
                box("性别", 76, 202, 85), box("男", 180, 199, 43), box("民族汉", 345, 196, 160),
                box("公民身份号码", 82, 565, 156), box("33010619970330415X", 274, 558, 362));
        var e = extractor.extract(OcrText.of(PaddleEngine.lines(boxes), boxes)).orElseThrow();
        assertThat(e.problems()).contains(new FieldProblem("name", Issue.LOW_CONFIDENCE));
        assertThat(e.readings().get("name").otherReadings()).containsExactly("肖葵文", "肖䶮文");
        assertThat(e.readings().get("idNumber").otherReadings()).isEmpty();
        // a company's name is no person's: only the recogniser's guesses
        java.util.List<OcrText.Line> licence = java.util.List.of(box("营业执照", 300, 40, 200),
                box("统一社会信用代码", 60, 100, 200), box(CODE, 300, 100, 300), box("名称", 60, 160, 60),
                new OcrText.Line("龚氏商贸有限公司", 0.6, 300, 160, 240, 30, java.util.List.of("葵氏商贸有限公司")),
                box("法定代表人", 60, 220, 150), new OcrText.Line("龚文", 0.6, 300, 220, 60, 30));
        var l = extractor.extract(OcrText.of(PaddleEngine.lines(licence), licence)).orElseThrow();
        assertThat(l.readings().get("name").otherReadings()).containsExactly("葵氏商贸有限公司");
        assertThat(l.readings().get("legalRepresentative").otherReadings()).containsExactly("䶮文");
    }

    @Test
    void readsAHouseholdRegisterPage() {
        var e = extract("""
                常住人口登记卡
                户主或与户主关系 户主
                姓名 张三丰
                性别 男 民族 汉
                出生地 浙江省杭州市西湖区
                出生日期 1980年5月12日
                公民身份证件编号 330106198005120017
                住址 浙江省杭州市西湖区文三路90号3幢201室
                """);
        assertThat(e.type()).isEqualTo(DocumentType.HOUSEHOLD_REGISTER);
        assertThat(e.fields()).containsEntry("name", "张三丰").containsEntry("relation", "户主")
                .containsEntry("birthDate", "1980-05-12").containsEntry("birthplace", "浙江省杭州市西湖区")
                .containsEntry("idNumber", "330106198005120017").containsEntry("address", "浙江省杭州市西湖区文三路90号3幢201室");
        assertThat(e.problems()).isEmpty();
    }

    @Test
    void aHouseholdCardWhoseNameLabelLostItsFirstCharacterStillGivesTheName() {
        // detection at longer side 960 sees only 名 of 姓　　名 (household-003 of the bench set)
        java.util.List<OcrText.Line> boxes = java.util.List.of(box("常住人口登记卡", 300, 40, 300),
                box("名", 120, 140, 30), box("上官平思", 200, 140, 120), box("户主或与", 620, 128, 95),
                box("户主关系", 620, 158, 95), box("户主", 770, 142, 60), box("曾用名", 60, 200, 90), box("籍贯", 620, 200, 60),
                box("四川省成都市", 770, 200, 180), box("性", 100, 230, 30), box("别", 160, 230, 30),
                box("男", 200, 230, 30), box("出生日期", 60, 260, 120), box("1958年06月23日", 200, 260, 200),
                box("公民身份", 60, 320, 95), box("号码", 90, 350, 50), box("510104195806233895", 200, 335, 250));
        var e = extractor.extract(OcrText.of(PaddleEngine.lines(boxes), boxes)).orElseThrow();
        assertThat(e.type()).isEqualTo(DocumentType.HOUSEHOLD_REGISTER);
        assertThat(e.fields()).containsEntry("name", "上官平思").containsEntry("relation", "户主")
                .containsEntry("idNumber", "510104195806233895");
    }

    @Test
    void aTransliteratedNameKeepsTheMiddleDotTheRegisterPrintsHoweverItWasRead() {
        // 买买提·艾力 read with a full stop, a bullet, a katakana dot or a hyphen would be filled in as a name the
        // register does not hold: the application comes back
        for (String dot : java.util.List.of("·", ".", "．", "•", "・", "-", " · ")) {
            var e = extract("姓名 买买提" + dot + "艾力\n性别 男 民族 维吾尔\n出生 1990年1月1日\n"
                    + "住址 新疆乌鲁木齐市天山区解放南路1号\n公民身份号码 650102199001010033");
            assertThat(e.fields()).as(dot).containsEntry("name", "买买提·艾力");
            assertThat(e.problems()).as(dot).isEmpty();
        }
        java.util.List<OcrText.Line> boxes = java.util.List.of(box("常住人口登记卡", 300, 40, 300),
                box("姓名", 60, 140, 100), box("阿依古丽.吐尔逊", 200, 140, 240), box("与户主关系", 620, 140, 150),
                box("妻", 800, 140, 30), box("性别", 60, 230, 100), box("女", 200, 230, 30),
                box("公民身份号码", 60, 320, 160), box("65010219920715004X", 250, 320, 250));
        var card = extractor.extract(OcrText.of(PaddleEngine.lines(boxes), boxes)).orElseThrow();
        assertThat(card.fields()).containsEntry("name", "阿依古丽·吐尔逊");
        var licence = extract("营业执照\n统一社会信用代码 " + CODE + "\n名称 乌鲁木齐某某商贸有限公司\n法定代表人 艾力•买买提");
        assertThat(licence.fields()).containsEntry("legalRepresentative", "艾力·买买提");
    }

    @Test
    void aLongNameWrappedOnTheIdCardTakesItsSecondLineButNeverTheSexBelowAShortOne() {
        java.util.List<OcrText.Line> boxes = java.util.List.of(box("姓名", 70, 120, 88),
                box("阿卜杜热合曼·买买提", 190, 117, 300), box("艾则孜", 190, 152, 90),
                box("性别", 76, 202, 85), box("男", 180, 199, 43), box("民族维吾尔", 345, 196, 160),
                box("出生1990年1月1日", 75, 274, 364), box("住址", 77, 357, 80),
                box("新疆乌鲁木齐市天山区解放南路1号", 192, 354, 420),
                box("公民身份号码", 82, 565, 156), box("650102199001010033", 274, 558, 362));
        var e = extractor.extract(OcrText.of(PaddleEngine.lines(boxes), boxes)).orElseThrow();
        assertThat(e.fields()).containsEntry("name", "阿卜杜热合曼·买买提艾则孜").containsEntry("sex", "男");
        assertThat(e.problems()).isEmpty();
        // read as lines only (Tesseract), the line below a transliterated name holding nothing else continues it
        var flat = extract("姓名 阿卜杜热合曼.买买提\n艾则孜\n性别 男 民族 维吾尔\n出生 1990年1月1日\n"
                + "住址 新疆乌鲁木齐市天山区解放南路1号\n公民身份号码 650102199001010033");
        assertThat(flat.fields()).containsEntry("name", "阿卜杜热合曼·买买提艾则孜");
        // 性别 unseen: the 男 below a short name stands on 民族's row and is not part of the name
        java.util.List<OcrText.Line> faint = java.util.List.of(box("姓名", 70, 120, 88), box("张三", 190, 117, 60),
                box("男", 190, 152, 43), box("民族汉", 345, 152, 160), box("出生1990年1月1日", 75, 274, 364),
                box("公民身份号码", 82, 565, 156), box("650102199001010033", 274, 558, 362));
        var short_ = extractor.extract(OcrText.of(PaddleEngine.lines(faint), faint)).orElseThrow();
        assertThat(short_.fields()).containsEntry("name", "张三");
    }

    private static final String CODE = "91350100M000100Y4" + CreditCodes.checkChar("91350100M000100Y4");

    /** A business licence read as lines: its title and a valid credit code, read sure, then {@code rest}. */
    private static OcrText licence(OcrText.Line... rest) {
        java.util.List<OcrText.Line> lines = new java.util.ArrayList<>(java.util.List.of(scored("营业执照", 0.95),
                scored("统一社会信用代码 " + CODE, 0.95)));
        lines.addAll(java.util.List.of(rest));
        return OcrText.of(lines);
    }

    /** A page read as lines only, each with its confidence and no place (as Tesseract's are). */
    private static OcrText page(OcrText.Line... lines) {
        return OcrText.of(java.util.List.of(lines));
    }

    private static OcrText.Line scored(String text, double confidence) {
        return new OcrText.Line(text, confidence, 0, 0, 0, 0);
    }

    private static OcrText.Line box(String text, int x, int y, int w) {
        return new OcrText.Line(text, 0.99, x, y, w, 30);
    }

    @Test
    void readsABusinessLicenceAndChecksItsCreditCode() {
        String code = "91350100M000100Y4" + CreditCodes.checkChar("91350100M000100Y4");
        var e = extract("营业执照\n统一社会信用代码 " + code + "\n名称 福州某某科技有限公司\n类型 有限责任公司\n"
                + "法定代表人 王五\n注册资本 壹佰万元整\n成立日期 2015年06月01日\n住所 福州市鼓楼区五四路1号");
        assertThat(e.type()).isEqualTo(DocumentType.BUSINESS_LICENCE);
        assertThat(e.fields()).containsEntry("creditCode", code).containsEntry("name", "福州某某科技有限公司")
                .containsEntry("legalRepresentative", "王五").containsEntry("establishedDate", "2015-06-01")
                .containsEntry("address", "福州市鼓楼区五四路1号");
        assertThat(e.problems()).isEmpty();

        char wrong = code.charAt(17) == '0' ? '1' : '0';
        var bad = extract("营业执照\n统一社会信用代码 " + code.substring(0, 17) + wrong + "\n法定代表人 王五");
        assertThat(bad.problems()).contains(new FieldProblem("creditCode", Issue.BAD_CHECK_CHARACTER));
    }

    @Test
    void aCompanysNameAndTypeHaveTheParenthesesTheyArePrintedWith() {
        String code = "91350100M000100Y4" + CreditCodes.checkChar("91350100M000100Y4");
        // Tesseract reads the full-width （ of a licence as an angle bracket or a half-width one
        var e = extract("营业执照\n统一社会信用代码 " + code + "\n名称 启航(西安）餐饮管理有限公司\n"
                + "类型 有限责任公司〈自然人独资)\n法定代表人 王五\n成立日期 2015年06月01日\n住所 福州市鼓楼区五四路1号");
        assertThat(e.fields()).containsEntry("name", "启航（西安）餐饮管理有限公司")
                .containsEntry("type", "有限责任公司（自然人独资）");
    }

    @Test
    void aDateKeptInItsOwnFormKeepsTheConfidenceOfTheLineItWasPrintedOn() {
        String code = "91350100M000100Y4" + CreditCodes.checkChar("91350100M000100Y4");
        OcrText text = page(scored("营业执照", 0.95),
                scored("统一社会信用代码 " + code.replace('0', 'O'), 0.95),
                scored("名称 福州某某科技有限公司", 0.95),
                scored("成立日期 2015年06月01日", 0.40));
        var e = extractor.extract(text).orElseThrow();
        assertThat(e.fields()).containsEntry("establishedDate", "2015-06-01").containsEntry("creditCode", code);
        assertThat(e.problems()).as("2015-06-01 is not on any line as such: the line it was read from is unsure")
                .contains(new FieldProblem("establishedDate", Issue.LOW_CONFIDENCE))
                .as("its O read for 0 and put right by the check character").doesNotContain(
                        new FieldProblem("creditCode", Issue.LOW_CONFIDENCE));

        OcrText sure = licence(scored("成立日期 2015年06月01日", 0.95));
        assertThat(extractor.extract(sure).orElseThrow().problems()).as("found on its line, which is sure")
                .doesNotContain(new FieldProblem("establishedDate", Issue.LOW_CONFIDENCE));
    }

    @Test
    void aFoundingDateReadUnsureIsTrustedWhenTheBusinessTermPrintsTheSameDate() {
        // a licence prints its founding date twice: beside 成立日期, and as the first day of 营业期限
        OcrText text = licence(scored("成立日期 2022年07月27日", 0.66),
                scored("营业期限 2022年07月27日至2052年07月26日", 0.95));
        var e = extractor.extract(text).orElseThrow();
        assertThat(e.fields()).containsEntry("establishedDate", "2022-07-27");
        assertThat(e.problems()).as("two readings of two printings agree").isEmpty();

        OcrText other = licence(scored("成立日期 2022年07月27日", 0.66),
                scored("营业期限 2022年07月21日至2052年07月26日", 0.95));
        assertThat(extractor.extract(other).orElseThrow().problems())
                .as("the term starts another day: no second reading")
                .contains(new FieldProblem("establishedDate", Issue.LOW_CONFIDENCE));

        OcrText once = licence(scored("成立日期 营业期限 2022年07月27日至长期", 0.66));
        assertThat(extractor.extract(once).orElseThrow().problems()).as("the same printing read for both: one reading")
                .contains(new FieldProblem("establishedDate", Issue.LOW_CONFIDENCE));
    }

    @Test
    void aBirthDateReadUnsureIsTrustedWhenTheCheckedIdNumberAgrees() {
        OcrText text = page(scored("姓名 张三", 0.95),
                scored("性别 男 民族 汉", 0.95),
                scored("出生 1980年5月12日", 0.62),
                scored("住址 浙江省杭州市西湖区文三路90号", 0.95),
                scored("公民身份号码 330106198005120017", 0.95));
        var e = extractor.extract(text).orElseThrow();
        assertThat(e.fields()).containsEntry("birthDate", "1980-05-12");
        assertThat(e.problems()).as("the number's check character passed and its date agrees").isEmpty();
    }

    @Test
    void aValueWhoseBracketsWereMadeParenthesesKeepsTheConfidenceOfItsLine() {
        OcrText text = licence(scored("名称 启航(Hk)餐饮管理有限公司", 0.40),
                scored("法定代表人 王五", 0.95));
        var e = extractor.extract(text).orElseThrow();
        assertThat(e.fields()).containsEntry("name", "启航（Hk）餐饮管理有限公司");
        assertThat(e.problems()).as("read unsure: asked for, not filled in")
                .contains(new FieldProblem("name", Issue.LOW_CONFIDENCE));
    }

    @Test
    void anyOtherPageIsGenericWithItsTitle() {
        var e = extract("关于开展政务服务改革的通知\n各有关单位：现将有关事项通知如下。");
        assertThat(e.type()).isEqualTo(DocumentType.GENERIC);
        assertThat(e.fields()).containsEntry("title", "关于开展政务服务改革的通知");
        assertThat(extractor.extract("  \n ")).isEmpty();
    }
}
