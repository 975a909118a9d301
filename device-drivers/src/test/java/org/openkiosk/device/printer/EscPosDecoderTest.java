package org.openkiosk.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.ProtocolException;
import org.openkiosk.device.printer.EscPosDecoder.Cut;
import org.openkiosk.device.printer.EscPosDecoder.Element;
import org.openkiosk.device.printer.EscPosDecoder.Feed;
import org.openkiosk.device.printer.EscPosDecoder.Qr;
import org.openkiosk.device.printer.EscPosDecoder.Text;

class EscPosDecoderTest {
    @Test
    void decodesStyledChineseTextQrFeedAndCut() throws Exception {
        byte[] job = EscPos.create().init().chineseMode()
                .align(EscPos.Align.CENTER).size(2, 2).bold(true).line("办件回执")
                .bold(false).size(1, 1).align(EscPos.Align.LEFT).line("申请人：张三")
                .align(EscPos.Align.CENTER).qr("https://zwfw.example.gov.cn/q?no=A1").feed(3).cut().bytes();

        List<Element> elements = EscPosDecoder.decode(job);

        assertThat(elements).containsExactly(
                new Text("办件回执", 2, 2, EscPos.Align.CENTER, true), new Feed(1),
                new Text("申请人：张三", 1, 1, EscPos.Align.LEFT, false), new Feed(1),
                new Qr("https://zwfw.example.gov.cn/q?no=A1", 6, 'M', EscPos.Align.CENTER),
                new Feed(3), new Cut());
    }

    @Test
    void withoutChineseModeBytesAreReadAsCodePage437() throws Exception {
        byte[] job = EscPos.create().init().line("张").bytes();
        assertThat(EscPosDecoder.text(job)).doesNotContain("张");
    }

    @Test
    void skipsUnknownAndUninterpretedCommandsByTheirLength() throws Exception {
        byte[] job = HexFormat.of().parseHex(
                "1c26" + "1b7a" + "1b7001197d" + "1d5630" + "1d284102003030" + "10040" + "1" + "41" + "1d4c0000" + "42");
        assertThat(EscPosDecoder.decode(job)).containsExactly(
                new Cut(), new Text("A", 1, 1, EscPos.Align.LEFT, false), new Text("B", 1, 1, EscPos.Align.LEFT, false));
    }

    @Test
    void rejectsACommandCutShort() {
        byte[] truncatedQr = HexFormat.of().parseHex("1d286b10003150304142");
        assertThatThrownBy(() -> EscPosDecoder.decode(truncatedQr)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void commandLengthSaysIncompleteUntilTheWholeCommandArrived() {
        byte[] qr = EscPos.create().qr("ABC").bytes();
        int storeAt = 9 + 8 + 8;
        assertThat(EscPosDecoder.commandLength(qr, storeAt, storeAt + 4)).isEqualTo(-1);
        assertThat(EscPosDecoder.commandLength(qr, storeAt, qr.length)).isEqualTo(11);
    }

    @Property(tries = 300)
    void neverThrowsAnythingButProtocolExceptionOnGarbage(@ForAll byte[] garbage) {
        try {
            EscPosDecoder.decode(garbage);
        } catch (ProtocolException expected) {
            // a command cut short is the one allowed failure
        }
    }
}
