package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CreditCodesTest {
    @Test
    void computesTheCheckCharacterOfGb32100() {
        // weighted sum of 91350100M000100Y4 is 1640; 1640 mod 31 = 28; 31 - 28 = 3
        assertThat(CreditCodes.checkChar("91350100M000100Y4")).isEqualTo('3');
        assertThat(CreditCodes.isValid("91350100M000100Y43")).isTrue();
        assertThat(CreditCodes.isValid("91350100M000100Y40")).isFalse();
    }

    @Test
    void rejectsLettersOutsideTheAlphabetAndWrongLengths() {
        assertThat(CreditCodes.isValid("91350100M000100YO3")).isFalse();
        assertThat(CreditCodes.isValid("91350100M000100Y4")).isFalse();
        assertThat(CreditCodes.isValid(null)).isFalse();
        assertThatThrownBy(() -> CreditCodes.checkChar("91350100I000100Y4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void aCodeWithItsComputedCheckCharacterIsValidAndAnyOtherIsNot(
            @ForAll @StringLength(17) @NumericChars @CharRange(from = 'A', to = 'H') String first17) {
        char check = CreditCodes.checkChar(first17);
        assertThat(CreditCodes.isValid(first17 + check)).isTrue();
        for (char c : CreditCodes.ALPHABET.toCharArray()) {
            if (c != check) {
                assertThat(CreditCodes.isValid(first17 + c)).isFalse();
            }
        }
    }
}
