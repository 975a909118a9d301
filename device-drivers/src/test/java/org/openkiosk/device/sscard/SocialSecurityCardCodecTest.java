package org.openkiosk.device.sscard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.ProtocolException;

/** The social security card's APDUs and field encodings with exact bytes. */
class SocialSecurityCardCodecTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void selectsTheApplicationByItsGbkNameAskingForNoFci() {
        assertThat(HEX.formatHex(SocialSecurityCardCodec.selectApplication().getBytes()))
                .isEqualTo("00A4040C0F7378312E73682EC9E7BBE1B1A3D5CF");
        assertThat(new String(SocialSecurityCardCodec.APPLICATION_NAME, Charset.forName("GBK"))).isEqualTo("sx1.sh.社会保障");
    }

    @Test
    void selectsTheTwoFilesByIdentifier() {
        assertThat(HEX.formatHex(SocialSecurityCardCodec.selectFile(0xEF05).getBytes())).isEqualTo("00A4020C02EF05");
        assertThat(HEX.formatHex(SocialSecurityCardCodec.selectFile(0xEF06).getBytes())).isEqualTo("00A4020C02EF06");
    }

    @Test
    void readsARecordByTagAskingForItsLongestLength() {
        assertThat(HEX.formatHex(SocialSecurityCardCodec.readRecord(0x09).getBytes())).isEqualTo("00B2090020");
        assertThat(HEX.formatHex(SocialSecurityCardCodec.readRecord(0x08).getBytes())).isEqualTo("00B2080014");
        assertThat(HEX.formatHex(SocialSecurityCardCodec.readRecord(0x0D).getBytes())).isEqualTo("00B20D0006");
    }

    @Test
    void takesTheValueOutOfATaggedRecord() throws Exception {
        assertThat(SocialSecurityCardCodec.value(0x05, HEX.parseHex("050420190315"))).isEqualTo(HEX.parseHex("20190315"));
    }

    @Test
    void rejectsARecordWithTheWrongTagOrAnImpossibleLength() {
        assertThatThrownBy(() -> SocialSecurityCardCodec.value(0x05, HEX.parseHex("060420190315")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("starts with tag 06");
        assertThatThrownBy(() -> SocialSecurityCardCodec.value(0x05, HEX.parseHex("0506201903150101")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("holds at most 4");
        assertThatThrownBy(() -> SocialSecurityCardCodec.value(0x05, HEX.parseHex("05042019")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("record has 2");
        assertThatThrownBy(() -> SocialSecurityCardCodec.value(0x05, new byte[] {5}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("too short");
    }

    @Test
    void decodesBcdDatesAndRejectsImpossibleOnes() throws Exception {
        assertThat(SocialSecurityCardCodec.date(0x0D, HEX.parseHex("19850412"))).isEqualTo(LocalDate.of(1985, 4, 12));
        assertThatThrownBy(() -> SocialSecurityCardCodec.date(0x0D, HEX.parseHex("19851332")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not a date");
        assertThatThrownBy(() -> SocialSecurityCardCodec.date(0x0D, HEX.parseHex("1985041F")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not BCD");
    }

    @Test
    void decodesAGbkNameWithoutItsPadding() {
        byte[] name = HEX.parseHex("D5C5C8FDB7E1202020202020FFFF0000");
        assertThat(SocialSecurityCardCodec.text(name)).isEqualTo("张三丰");
    }

    @Test
    void decodesSexAndNationCodes() throws Exception {
        assertThat(SocialSecurityCardCodec.sex(new byte[] {'1'})).isEqualTo("男");
        assertThat(SocialSecurityCardCodec.sex(new byte[] {'2'})).isEqualTo("女");
        assertThat(SocialSecurityCardCodec.sex(new byte[] {2})).isEqualTo("女");
        assertThatThrownBy(() -> SocialSecurityCardCodec.sex(new byte[] {'7'})).isInstanceOf(ProtocolException.class);
        assertThat(SocialSecurityCardCodec.nation(HEX.parseHex("01"))).isEqualTo("汉");
        assertThat(SocialSecurityCardCodec.nation(HEX.parseHex("03"))).isEqualTo("回");
        assertThatThrownBy(() -> SocialSecurityCardCodec.nation(HEX.parseHex("77")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown nation code 77");
    }

    @Test
    void buildsTheCardAndChecksTheIdNumber() throws Exception {
        SocialSecurityCard card = SocialSecurityCardCodec.card(HEX.parseHex("420381D15600000500A1B2C3D4E5F607"),
                HEX.parseHex("20190315"), HEX.parseHex("20290315"), "A12345678".getBytes(),
                "420381198504121236".getBytes(), HEX.parseHex("D5C5C8FDB7E120202020"), new byte[] {'1'},
                HEX.parseHex("01"), HEX.parseHex("420381"), HEX.parseHex("19850412"));

        assertThat(card.name()).isEqualTo("张三丰");
        assertThat(card.idNumberValid()).isTrue();
        assertThat(card.birthPlace()).isEqualTo("420381");
        assertThat(card.expiryDate()).isEqualTo(LocalDate.of(2029, 3, 15));
        assertThat(card.toString()).doesNotContain("张三丰").doesNotContain("4203811985");

        SocialSecurityCard wrong = SocialSecurityCardCodec.card(HEX.parseHex("00"), HEX.parseHex("20190315"),
                HEX.parseHex("20290315"), "A1".getBytes(), "420381198504121230".getBytes(), HEX.parseHex("D5C5"),
                new byte[] {'1'}, HEX.parseHex("01"), HEX.parseHex("420381"), HEX.parseHex("19850412"));
        assertThat(wrong.idNumberValid()).isFalse();
    }
}
