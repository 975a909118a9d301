package org.openkiosk.device.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openkiosk.device.ProtocolException;

class EscPosStatusTest {
    @Test
    void readyPrinterAnswersFixedBitsOnly() {
        assertThat(EscPosStatus.encode(1, PrinterStatus.READY)).isEqualTo((byte) 0x12);
        assertThat(EscPosStatus.encode(2, PrinterStatus.READY)).isEqualTo((byte) 0x12);
        assertThat(EscPosStatus.encode(4, PrinterStatus.READY)).isEqualTo((byte) 0x12);
    }

    @Test
    void paperEndSetsSensorBitsFiveAndSixAndOffline() {
        PrinterStatus end = new PrinterStatus(false, false, PaperState.END);
        assertThat(EscPosStatus.encode(1, end)).isEqualTo((byte) 0x1A);
        assertThat(EscPosStatus.encode(2, end)).isEqualTo((byte) 0x32);
        assertThat(EscPosStatus.encode(4, end)).isEqualTo((byte) 0x7E);
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        for (PaperState p : PaperState.values()) {
            for (boolean cover : new boolean[] {false, true}) {
                PrinterStatus s = new PrinterStatus(!cover && p != PaperState.END, cover, p);
                assertThat(EscPosStatus.decode(EscPosStatus.encode(1, s), EscPosStatus.encode(2, s),
                        EscPosStatus.encode(4, s))).isEqualTo(s);
            }
        }
    }

    @Test
    void rejectsBytesWithoutTheFixedBits() {
        assertThatThrownBy(() -> EscPosStatus.decode((byte) 0x12, (byte) 0x00, (byte) 0x12))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void nearEndStillPrints() {
        assertThat(new PrinterStatus(true, false, PaperState.NEAR_END).canPrint()).isTrue();
        assertThat(new PrinterStatus(true, true, PaperState.OK).canPrint()).isFalse();
        assertThat(new PrinterStatus(true, false, PaperState.END).canPrint()).isFalse();
        assertThat(new PrinterStatus(false, false, PaperState.OK).canPrint()).isFalse();
    }
}
