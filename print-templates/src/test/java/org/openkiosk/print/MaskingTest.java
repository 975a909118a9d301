package org.openkiosk.print;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void eighteenDigitNumberShowsRegionAndLastFour() {
        assertThat(Masking.idNumber("110101199003071234")).isEqualTo("110101********1234");
    }

    @Test
    void checkCharacterXStaysVisible() {
        assertThat(Masking.idNumber("11010119900307123X")).isEqualTo("110101********123X");
    }

    @Test
    void fifteenDigitNumberHidesTheBirthDate() {
        assertThat(Masking.idNumber("110101900307123")).isEqualTo("110101*****7123");
    }

    @Test
    void shortNumbersKeepAQuarterAtEachEnd() {
        assertThat(Masking.idNumber("E12345678")).isEqualTo("E1*****78");
        assertThat(Masking.idNumber("123")).isEqualTo("***");
    }

    @Test
    void surroundingSpacesAreIgnored() {
        assertThat(Masking.idNumber(" 110101199003071234 ")).isEqualTo("110101********1234");
    }
}
