package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.idcard.CardType;
import org.openkiosk.device.idcard.IdCard;

class IdCopyCheckTest {
    private final IdCard card = new IdCard(CardType.RESIDENT, "罗平国", "男", "维吾尔", LocalDate.of(1943, 2, 28),
            "广东省深圳市南山区沙河街道243号16栋1504室", "44030519430228787X", "深圳市公安局南山分局",
            LocalDate.of(2016, 3, 1), "2036-03-01", null, false, new byte[0]);

    @Test
    void aCopyOfTheTappedCardHasNoMismatch() {
        Map<String, String> copy = Map.of("name", "罗平国", "sex", "男", "nation", "维吾尔", "birthDate", "1943-02-28",
                "address", "广东省深圳市南山区沙河街道 243号16栋1504室", "idNumber", "44030519430228787x");
        assertThat(IdCopyCheck.compare(copy, card)).isEmpty();
    }

    @Test
    void listsEachFieldThatDiffersWithBothValues() {
        Map<String, String> copy = Map.of("name", "罗平图", "idNumber", "440305194302287878", "validUntil", "2036-03-01");
        assertThat(IdCopyCheck.compare(copy, card)).containsExactly(
                new IdCopyCheck.Mismatch("name", "罗平图", "罗平国"),
                new IdCopyCheck.Mismatch("idNumber", "440305194302287878", "44030519430228787X"));
    }

    @Test
    void fieldsTheCopyDoesNotShowAreNotCompared() {
        assertThat(IdCopyCheck.compare(Map.of("issuer", "深圳市公安局南山分局", "name", ""), card)).isEmpty();
    }

    @Test
    void aMismatchNeverPrintsPersonalDataInLogs() {
        assertThat(new IdCopyCheck.Mismatch("name", "罗平图", "罗平国").toString()).doesNotContain("罗");
    }
}
