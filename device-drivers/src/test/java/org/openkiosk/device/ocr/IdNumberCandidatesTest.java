package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdNumberCandidatesTest {
    @Test
    void takesTheNumberThatPassesItsCheckOverOneReadWithAWrongDigit() {
        // the same number read twice on the page, once with 7 for 1 at the tenth place
        assertThat(IdNumberCandidates.choose("公民身份号码 411102199704041142\n411102199604041142"))
                .contains("411102199604041142");
    }

    @Test
    void readsLettersTakenForDigitsBackAsDigitsWhenTheCheckThenPasses() {
        assertThat(IdNumberCandidates.choose("公民身份号码 4111O2l99604041142")).contains("411102199604041142");
        assertThat(IdNumberCandidates.choose("公民身份号码 33010619970330415x")).contains("33010619970330415X");
        assertThat(IdNumberCandidates.choose("公民身份号码 33010619970330415×")).contains("33010619970330415X");
    }

    @Test
    void keepsANumberThatFailsItsCheckAsReadSoItIsFlagged() {
        assertThat(IdNumberCandidates.choose("公民身份号码 411102199604041143")).contains("411102199604041143");
    }

    @Test
    void leavesWordsAndShortRunsAlone() {
        assertThat(IdNumberCandidates.choose("经营范围 SOLIDBOOKSOLIDBOOKSS 2026")).isEmpty();
        assertThat(IdNumberCandidates.choose("注册号 41110219960404")).isEmpty();
    }

    @Test
    void anIdCardFrontWithTheNumberMisreadAsLettersYieldsTheCheckedNumber() {
        var e = new FieldExtractor(java.time.LocalDate.of(2026, 11, 23)).extract(
                "姓名 余晨\n性别 女 民族 汉\n出生 1996年4月4日\n住址 河南省漯河市\n公民身份号码 4111O2l99604041142").orElseThrow();
        assertThat(e.fields()).containsEntry("idNumber", "411102199604041142");
        assertThat(e.problems()).noneMatch(p -> p.field().equals("idNumber"));
    }
}
