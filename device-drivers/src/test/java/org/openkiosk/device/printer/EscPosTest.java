package org.openkiosk.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EscPosTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void initIsEscAt() {
        assertThat(EscPos.create().init().bytes()).isEqualTo(hex("1B 40"));
    }

    @Test
    void chineseModeIsFsAmpersand() {
        assertThat(EscPos.create().chineseMode().bytes()).isEqualTo(hex("1C 26"));
    }

    @Test
    void cutIsGsVFullCutAfterFeed() {
        assertThat(EscPos.create().cut().bytes()).isEqualTo(hex("1D 56 41 00"));
    }

    @Test
    void alignBoldSizeAndFeedUseTheirCommands() {
        byte[] b = EscPos.create().align(EscPos.Align.CENTER).bold(true).size(2, 3).feed(4).bold(false).bytes();
        assertThat(b).isEqualTo(hex("1B 61 01 1B 45 01 1D 21 12 1B 64 04 1B 45 00"));
    }

    @Test
    void textIsEncodedInGb18030AndLineEndsWithLf() {
        assertThat(EscPos.create().line("办件A").bytes()).isEqualTo(hex("B0 EC BC FE 41 0A"));
    }

    @Test
    void textDropsControlCharactersSoDataCannotInjectCommands() {
        assertThat(EscPos.create().text("A\u001B@B\u001D").bytes()).isEqualTo(hex("41 40 42"));
    }

    @Test
    void qrIsTheFiveGsParenKFunctions() {
        byte[] b = EscPos.create().qr("AB").bytes();
        assertThat(b).isEqualTo(hex(
                "1D 28 6B 04 00 31 41 32 00"      // model 2
                        + "1D 28 6B 03 00 31 43 06" // module size 6
                        + "1D 28 6B 03 00 31 45 31" // error correction M
                        + "1D 28 6B 05 00 31 50 30 41 42" // store 2 bytes: pL = 2 + 3
                        + "1D 28 6B 03 00 31 51 30")); // print
    }

    @Test
    void qrLengthUsesBothLengthBytes() {
        byte[] b = EscPos.create().qr("x".repeat(300)).bytes();
        // store function starts after the three 8/9-byte set-up functions: pL pH = 303 = 0x012F
        assertThat(b[25 + 3]).isEqualTo((byte) 0x2F);
        assertThat(b[25 + 4]).isEqualTo((byte) 0x01);
    }

    @Test
    void rejectsSizesOutsideOneToEight() {
        assertThatThrownBy(() -> EscPos.create().size(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EscPos.create().size(1, 9)).isInstanceOf(IllegalArgumentException.class);
    }
}
