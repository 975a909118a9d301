package org.openkiosk.device.io.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusWordsTest {
    @Test
    void namesTheCommonStatusWords() {
        assertThat(StatusWords.text(0x9000)).isEqualTo("success");
        assertThat(StatusWords.text(0x6A82)).isEqualTo("file or application not found");
        assertThat(StatusWords.text(0x6A83)).isEqualTo("record not found");
        assertThat(StatusWords.text(0x6982)).contains("security status not satisfied");
    }

    @Test
    void decodesTheCountsCarriedInSw2() {
        assertThat(StatusWords.text(0x6C12)).isEqualTo("wrong Le: the card has exactly 18 bytes");
        assertThat(StatusWords.text(0x6110)).isEqualTo("16 more bytes available (GET RESPONSE)");
        assertThat(StatusWords.text(0x63C2)).isEqualTo("verification failed, 2 tries left");
    }

    @Test
    void unknownWordsSaySoWithTheirValue() {
        assertThat(StatusWords.text(0x9F42)).isEqualTo("unknown status 9F42");
        assertThat(StatusWords.text(0x6A99)).isEqualTo("wrong parameters P1-P2");
    }

    @Test
    void cardStatusExceptionCarriesTheWordAndItsMeaning() {
        CardStatusException e = new CardStatusException("select EF06", 0x6A82);

        assertThat(e.sw()).isEqualTo(0x6A82);
        assertThat(e.reason()).isEqualTo("file or application not found");
        assertThat(e).hasMessage("select EF06: card status 6A82 (file or application not found)");
    }
}
