package org.openkiosk.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.ProtocolException;
import org.openkiosk.device.idcard.GaT467Codec.Command;
import org.openkiosk.device.idcard.GaT467Codec.Reply;
import org.openkiosk.device.idcard.sim.IdCardSimulator;

class GaT467CodecTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    @Test
    void buildsRequestFramesExactlyAsTheProtocolNotes() {
        assertThat(HEX.formatHex(GaT467Codec.request(Command.FIND_CARD))).isEqualTo("AA AA AA 96 69 00 03 20 01 22");
        assertThat(HEX.formatHex(GaT467Codec.request(Command.SELECT_CARD))).isEqualTo("AA AA AA 96 69 00 03 20 02 21");
        assertThat(HEX.formatHex(GaT467Codec.request(Command.READ_TEXT_AND_PHOTO)))
                .isEqualTo("AA AA AA 96 69 00 03 30 01 32");
        assertThat(HEX.formatHex(GaT467Codec.request(Command.STATUS))).isEqualTo("AA AA AA 96 69 00 03 11 FF ED");
    }

    @Test
    void buildsTheFindOkReplyExactly() {
        assertThat(HEX.formatHex(GaT467Codec.cardFoundReply()))
                .isEqualTo("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97");
    }

    @Test
    void parsesTheFindOkReply() throws Exception {
        Reply reply = GaT467Codec.parseReply(hex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97"));

        assertThat(reply.sw1()).isZero();
        assertThat(reply.sw2()).isZero();
        assertThat(reply.sw3()).isEqualTo(GaT467Codec.SW3_CARD_FOUND);
        assertThat(reply.data()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void parsesAFindFailedReply() throws Exception {
        // 00 04 00 00 80 + checksum 04^80 = 84
        Reply reply = GaT467Codec.parseReply(hex("AA AA AA 96 69 00 04 00 00 80 84"));

        assertThat(reply.sw3()).isEqualTo(GaT467Codec.SW3_FIND_FAILED);
        assertThat(reply.data()).isEmpty();
    }

    @Test
    void parsesARequestFrame() throws Exception {
        GaT467Codec.Request request = GaT467Codec.parseRequest(hex("AA AA AA 96 69 00 03 11 FF ED"));

        assertThat(Command.of(request.cmd(), request.para())).contains(Command.STATUS);
    }

    @Test
    void rejectsFrameWithBadChecksum() {
        byte[] frame = hex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 98");

        assertThatThrownBy(() -> GaT467Codec.parseReply(frame))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("checksum")
                .satisfies(e -> assertThat(((ProtocolException) e).frame()).isEqualTo(frame));
    }

    @Test
    void rejectsFrameWhoseLengthFieldDisagreesWithItsSize() {
        // length says 9 but only 8 bytes follow (checksum recomputed so only the length is wrong)
        byte[] frame = hex("AA AA AA 96 69 00 09 00 00 9F 00 00 00 00 96");

        assertThatThrownBy(() -> GaT467Codec.parseReply(frame))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("length");
    }

    @Test
    void rejectsTruncatedFrameAndWrongPreamble() {
        assertThatThrownBy(() -> GaT467Codec.parseReply(hex("AA AA AA 96 69 00 08 00")))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> GaT467Codec.parseReply(hex("AA AA AA 96 68 00 04 00 00 80 84")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("AA AA AA 96 69");
    }

    @Test
    void mapsEveryStatusCodeToPlainText() {
        int[] codes = {0x90, 0x9F, 0x80, 0x81, 0x91, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47,
            0x60, 0x66};
        for (int code : codes) {
            assertThat(GaT467Codec.statusText(code)).as("SW3 %02X", code).doesNotStartWith("unknown status");
        }
        assertThat(GaT467Codec.statusText(0x31)).isEqualTo(
                "card authentication failed (card and SAM do not trust each other)");
        assertThat(GaT467Codec.statusText(0x77)).isEqualTo("unknown status 77");
        assertThat(new ReaderStatusException("read card", 0x41).reason()).contains("reading the card failed");
    }

    @Test
    void scannerSkipsGarbageAndImplausibleLengthsToFindTheFrame() throws Exception {
        GaT467Codec.FrameScanner scanner = new GaT467Codec.FrameScanner();
        byte[] stream = hex("13 AA AA 96 AA AA AA 96 69 FF FF 00 AA AA AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97 AA");

        scanner.feed(stream, 0, 10);
        assertThat(scanner.next()).isEmpty();
        scanner.feed(stream, 10, stream.length - 10);

        byte[] frame = scanner.next().orElseThrow();
        assertThat(GaT467Codec.parseReply(frame).sw3()).isEqualTo(GaT467Codec.SW3_CARD_FOUND);
        assertThat(scanner.next()).isEmpty();
    }

    @Test
    void readReplyForTheSampleIs1295BytesAndDecodesBackToTheCard() throws Exception {
        IdCard card = IdCardSimulator.sampleResident();

        byte[] frame = GaT467Codec.readReply(card);

        assertThat(frame).hasSize(1295);
        assertThat(Arrays.copyOfRange(frame, 5, 14)).isEqualTo(hex("05 08 00 00 90 01 00 04 00"));
        assertThat(GaT467Codec.decodeReadReply(GaT467Codec.parseReply(frame))).isEqualTo(card);
    }

    @Test
    void decodesAResidentTextBlock() throws Exception {
        byte[] text = text(
                "张三丰", 15, "1", 1, "01", 2, "19850412", 8, "湖北省丹江口市武当山特区太子坡路18号", 35,
                "420381198504121237", 18, "丹江口市公安局武当山分局", 15, "20160301", 8, "长期", 8, "", 18);

        IdCard card = GaT467Codec.decodeText(text, new byte[1024]);

        assertThat(card.cardType()).isEqualTo(CardType.RESIDENT);
        assertThat(card.name()).isEqualTo("张三丰");
        assertThat(card.sex()).isEqualTo("男");
        assertThat(card.nation()).isEqualTo("汉");
        assertThat(card.birthDate()).isEqualTo(LocalDate.of(1985, 4, 12));
        assertThat(card.address()).isEqualTo("湖北省丹江口市武当山特区太子坡路18号");
        assertThat(card.idNumber()).isEqualTo("420381198504121237");
        assertThat(card.issuer()).isEqualTo("丹江口市公安局武当山分局");
        assertThat(card.validFrom()).isEqualTo(LocalDate.of(2016, 3, 1));
        assertThat(card.validUntil()).isEqualTo("长期");
        assertThat(card.permitNumber()).isNull();
        assertThat(card.idNumberValid()).isEqualTo(IdNumbers.isValid("420381198504121237"));
    }

    @Test
    void reportsAWrongCheckCharInsteadOfAcceptingIt() throws Exception {
        String valid = IdCardSimulator.sampleResident().idNumber();
        String wrong = valid.substring(0, 17) + (valid.charAt(17) == '0' ? '1' : '0');
        IdCard sample = IdCardSimulator.sampleResident();
        IdCard tampered = new IdCard(sample.cardType(), sample.name(), sample.sex(), sample.nation(),
                sample.birthDate(), sample.address(), wrong, sample.issuer(), sample.validFrom(), sample.validUntil(),
                null, true, sample.photoWlt());

        IdCard decoded = GaT467Codec.decodeText(GaT467Codec.encodeText(tampered), new byte[0]);

        assertThat(decoded.idNumber()).isEqualTo(wrong);
        assertThat(decoded.idNumberValid()).isFalse();
    }

    @Test
    void decodesAHongKongMacaoTaiwanPermitTextBlock() throws Exception {
        String id = "810000199001011234".substring(0, 17);
        id += IdNumbers.checkChar(id);
        byte[] text = text(
                "陈大文", 15, "2", 1, "", 2, "19900101", 8, "广东省深圳市福田区福华一路1号", 35,
                id, 18, "深圳市公安局", 15, "20190901", 8, "20240901", 8,
                "H01234567", 9, "01", 2, "", 3, "J", 1, "", 3);

        IdCard card = GaT467Codec.decodeText(text, new byte[1024]);

        assertThat(card.cardType()).isEqualTo(CardType.HK_MACAO_TAIWAN_PERMIT);
        assertThat(card.name()).isEqualTo("陈大文");
        assertThat(card.sex()).isEqualTo("女");
        assertThat(card.nation()).isEmpty();
        assertThat(card.idNumber()).isEqualTo(id);
        assertThat(card.idNumberValid()).isTrue();
        assertThat(card.validUntil()).isEqualTo("2024-09-01");
        assertThat(card.permitNumber()).isEqualTo("H01234567");
    }

    @Test
    void decodesAForeignPermanentResident2017TextBlock() throws Exception {
        byte[] text = text(
                "SMITH JOHN", 60, "1", 1, "USA110085121501", 15, "USA", 3, "史密斯", 15,
                "20170616", 8, "20270616", 8, "19851215", 8, "02", 2, "1100", 4, "I", 1, "", 3);

        IdCard card = GaT467Codec.decodeText(text, new byte[1024]);

        assertThat(card.cardType()).isEqualTo(CardType.FOREIGN_PERMANENT_RESIDENT);
        assertThat(card.name()).isEqualTo("史密斯");
        assertThat(card.sex()).isEqualTo("男");
        assertThat(card.nation()).isEmpty();
        assertThat(card.address()).isEmpty();
        assertThat(card.idNumber()).isEqualTo("USA110085121501");
        assertThat(card.idNumberValid()).isTrue();
        assertThat(card.birthDate()).isEqualTo(LocalDate.of(1985, 12, 15));
        assertThat(card.validFrom()).isEqualTo(LocalDate.of(2017, 6, 16));
        assertThat(card.validUntil()).isEqualTo("2027-06-16");
        assertThat(card.issuer()).isEqualTo("1100");
    }

    @Test
    void roundTripsEveryCardKindThroughTheTextBlock() throws Exception {
        String y17 = "91184019851215001";
        IdCard[] cards = {
            IdCardSimulator.sampleResident(),
            new IdCard(CardType.HK_MACAO_TAIWAN_PERMIT, "林美", "女", "", LocalDate.of(1992, 2, 29), "上海市黄浦区中山东一路1号",
                    "830000199202291226", "上海市公安局", LocalDate.of(2020, 1, 2), "2025-01-02", "12345678", false, null),
            new IdCard(CardType.FOREIGN_PERMANENT_RESIDENT, "SMITH JOHN", "男", "", LocalDate.of(1985, 12, 15), "",
                    "USA110085121501", "1100", LocalDate.of(2017, 6, 16), "2027-06-16", null, true, null),
            new IdCard(CardType.FOREIGN_PERMANENT_RESIDENT, "史密斯", "男", "", LocalDate.of(1985, 12, 15), "",
                    y17 + IdNumbers.checkChar(y17), "国家移民管理局", LocalDate.of(2024, 1, 5), "2034-01-05", null, true,
                    null),
        };
        for (IdCard card : cards) {
            IdCard back = GaT467Codec.decodeText(GaT467Codec.encodeText(card), card.photoWlt());
            IdCard expected = new IdCard(card.cardType(), card.name(), card.sex(), card.nation(), card.birthDate(),
                    card.address(), card.idNumber(), card.issuer(), card.validFrom(), card.validUntil(),
                    card.permitNumber(), back.idNumberValid(), card.photoWlt());
            assertThat(back).as(card.cardType().wireName()).isEqualTo(expected);
            assertThat(back.idNumberValid()).as("id valid for " + card.idNumber())
                    .isEqualTo(card.idNumber().length() == 15 || IdNumbers.isValid(card.idNumber()));
        }
    }

    @Test
    void rejectsUnknownCardKindFlagAndBadDates() {
        byte[] unknownFlag = text("某", 15, "1", 1, "01", 2, "19850412", 8, "", 35, "", 18, "", 15,
                "20160301", 8, "长期", 8, "", 14, "Q", 1, "", 3);
        byte[] badBirth = text("某", 15, "1", 1, "01", 2, "19851342", 8, "", 35, "", 18, "", 15,
                "20160301", 8, "长期", 8, "", 18);
        byte[] badNation = text("某", 15, "1", 1, "77", 2, "19850412", 8, "", 35, "", 18, "", 15,
                "20160301", 8, "长期", 8, "", 18);

        assertThatThrownBy(() -> GaT467Codec.decodeText(unknownFlag, new byte[0]))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("flag");
        assertThatThrownBy(() -> GaT467Codec.decodeText(badBirth, new byte[0]))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("birth");
        assertThatThrownBy(() -> GaT467Codec.decodeText(badNation, new byte[0]))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("nation");
    }

    @Test
    void rejectsReadReplyWhoseInnerLengthsDisagree() {
        byte[] data = new byte[4 + 256 + 1000];
        data[0] = 0x01;
        data[2] = 0x04;
        byte[] frame = GaT467Codec.reply(0, 0, 0x90, data);

        assertThatThrownBy(() -> GaT467Codec.decodeReadReply(GaT467Codec.parseReply(frame)))
                .isInstanceOf(ProtocolException.class);
    }

    /** Builds a text block from (value, width in characters) pairs, space padded. */
    static byte[] text(Object... valueAndWidth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < valueAndWidth.length; i += 2) {
            String value = (String) valueAndWidth[i];
            int width = (Integer) valueAndWidth[i + 1];
            sb.append(value).append(" ".repeat(width - value.length()));
        }
        assertThat(sb.length()).as("text block characters").isEqualTo(128);
        return sb.toString().getBytes(StandardCharsets.UTF_16LE);
    }
}
