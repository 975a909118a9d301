package org.openkiosk.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.idcard.GaT467Codec.Request;
import org.openkiosk.device.io.serial.SerialLink;
import org.openkiosk.device.io.serial.VirtualSerialPair;

/** The real driver against a scripted module that answers with chosen status codes. */
class SerialIdCardReaderStatusTest {
    private static final int BAUD = 115200;

    @TempDir
    Path dir;

    private VirtualSerialPair pair;
    private SerialLink device;
    private Thread responder;
    private volatile boolean running = true;
    private SerialIdCardReader reader;

    @BeforeEach
    void setUp() throws Exception {
        pair = VirtualSerialPair.create(dir, "idcard");
        device = SerialLink.open(pair.deviceEnd().toString(), BAUD);
        reader = new SerialIdCardReader(new IdReaderConfig(pair.driverEnd().toString(), BAUD, Duration.ofMillis(400)));
    }

    @AfterEach
    void tearDown() throws Exception {
        running = false;
        if (responder != null) {
            responder.join(1000);
        }
        reader.close();
        device.close();
        pair.close();
    }

    /** Answers each request's CMD with the SW3 the script gives (find always says a card is there). */
    private void respondWith(IntUnaryOperator sw3ForCommand) {
        responder = new Thread(() -> {
            GaT467Codec.FrameScanner scanner = new GaT467Codec.FrameScanner();
            byte[] buf = new byte[256];
            try {
                while (running) {
                    scanner.feed(buf, 0, device.read(buf, 0, buf.length, Duration.ofMillis(20)));
                    for (Optional<byte[]> f = scanner.next(); f.isPresent(); f = scanner.next()) {
                        Request request = GaT467Codec.parseRequest(f.get());
                        int code = request.cmd() << 8 | request.para();
                        int sw3 = sw3ForCommand.applyAsInt(code);
                        device.write(sw3 == GaT467Codec.SW3_CARD_FOUND ? GaT467Codec.cardFoundReply()
                                : GaT467Codec.reply(sw3));
                    }
                }
            } catch (DeviceException e) {
                // the port closed: the test is over
            }
        }, "scripted-idcard-module");
        responder.setDaemon(true);
        responder.start();
    }

    @Test
    void cardAuthenticationFailureIsAReaderStatusWithItsReason() {
        respondWith(code -> switch (code) {
            case 0x2001 -> GaT467Codec.SW3_CARD_FOUND;
            case 0x2002 -> GaT467Codec.SW3_SUCCESS;
            default -> GaT467Codec.SW3_CARD_AUTH_FAILED;
        });

        assertThatThrownBy(() -> reader.read(Duration.ofMillis(300)))
                .isInstanceOfSatisfying(ReaderStatusException.class, e -> {
                    assertThat(e.sw3()).isEqualTo(0x31);
                    assertThat(e.reason()).contains("card authentication failed");
                    assertThat(e.getMessage()).startsWith("read card: reader status 31");
                });
    }

    @Test
    void unrecognisedCardOnSelectIsAReaderStatus() {
        respondWith(code -> code == 0x2001 ? GaT467Codec.SW3_CARD_FOUND : GaT467Codec.SW3_UNRECOGNISED_CARD);

        assertThatThrownBy(() -> reader.read(Duration.ofMillis(300)))
                .isInstanceOfSatisfying(ReaderStatusException.class, e -> assertThat(e.sw3()).isEqualTo(0x40));
    }

    @Test
    void checkReportsAFailedSelfTestAsNotOk() {
        respondWith(code -> GaT467Codec.SW3_SELF_TEST_FAILED);

        DeviceStatus status = reader.check();

        assertThat(status.ok()).isFalse();
        assertThat(status.detail()).contains("self-test failed");
    }

    @Test
    void checkSaysWhenNothingAnswers() {
        DeviceStatus status = reader.check();

        assertThat(status.ok()).isFalse();
        assertThat(status.detail()).contains("no whole reply");
    }
}
