package org.openkiosk.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdNumbersTest {
    @Test
    void acceptsTheStandardsExampleNumber() {
        assertThat(IdNumbers.isValid("440524188001010014")).isTrue();
        assertThat(IdNumbers.checkChar("44052418800101001")).isEqualTo('4');
    }

    @Test
    void acceptsAnXCheckCharacterInEitherCase() {
        assertThat(IdNumbers.checkChar("11010519491231002")).isEqualTo('X');
        assertThat(IdNumbers.isValid("11010519491231002X")).isTrue();
        assertThat(IdNumbers.isValid("11010519491231002x")).isTrue();
    }

    @Test
    void rejectsANumberWithOneDigitChanged() {
        assertThat(IdNumbers.isValid("440524188001010024")).isFalse();
        assertThat(IdNumbers.isValid("440524188001010015")).isFalse();
        assertThat(IdNumbers.isValid("11010519491231002Y")).isFalse();
    }

    @Test
    void rejectsWrongShapesAndImpossibleBirthDates() {
        assertThat(IdNumbers.isValid(null)).isFalse();
        assertThat(IdNumbers.isValid("")).isFalse();
        assertThat(IdNumbers.isValid("4405241880010100")).isFalse();
        assertThat(IdNumbers.isValid("44052418800101001４")).isFalse();
        String feb30 = "44052418800230001";
        assertThat(IdNumbers.isValid(feb30 + IdNumbers.checkChar(feb30))).isFalse();
    }

    @Test
    void checkCharRefusesAnythingButSeventeenDigits() {
        assertThatThrownBy(() -> IdNumbers.checkChar("1234")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdNumbers.checkChar("1101051949123100A")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesEveryNationCode() {
        assertThat(Nations.all()).hasSize(58);
        assertThat(Nations.name("01")).isEqualTo("汉");
        assertThat(Nations.name("1")).isEqualTo("汉");
        assertThat(Nations.name("05")).isEqualTo("维吾尔");
        assertThat(Nations.name("56")).isEqualTo("基诺");
        assertThat(Nations.name("97")).isEqualTo("其他");
        assertThat(Nations.name("98")).isEqualTo("外国血统中国籍人士");
        assertThat(Nations.code("汉")).isEqualTo("01");
        assertThat(Nations.all().values()).doesNotHaveDuplicates();
        assertThatThrownBy(() -> Nations.name("57")).isInstanceOf(IllegalArgumentException.class);
    }
}
