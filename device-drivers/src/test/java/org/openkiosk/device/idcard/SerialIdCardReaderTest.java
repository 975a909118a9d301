package org.openkiosk.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.DeviceTimeoutException;
import org.openkiosk.device.ProtocolException;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.idcard.sim.IdCardSimulator.Fault;
import org.openkiosk.device.io.serial.VirtualSerialPair;

/** The real driver against the simulator over a socat pty pair. */
class SerialIdCardReaderTest {
    private static final int BAUD = 115200;
    private static final Duration REPLY_TIMEOUT = Duration.ofMillis(400);
    private static final Duration CARD_WAIT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private VirtualSerialPair pair;
    private IdCardSimulator sim;
    private SerialIdCardReader reader;

    @BeforeEach
    void setUp() throws Exception {
        pair = VirtualSerialPair.create(dir, "idcard");
        sim = IdCardSimulator.start(pair.deviceEnd(), BAUD);
        reader = new SerialIdCardReader(new IdReaderConfig(pair.driverEnd().toString(), BAUD, REPLY_TIMEOUT));
    }

    @AfterEach
    void tearDown() {
        reader.close();
        sim.close();
        pair.close();
    }

    @Test
    void readsThePlacedSampleCard() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());

        IdCard card = reader.read(CARD_WAIT);

        assertThat(card).isEqualTo(IdCardSimulator.sampleResident());
        assertThat(card.name()).isEqualTo("张三丰");
        assertThat(card.idNumberValid()).isTrue();
        assertThat(card.photoWlt()).hasSize(1024);
    }

    @Test
    void throwsNoCardWhenNoCardIsPlacedInTime() {
        assertThatThrownBy(() -> reader.read(CARD_WAIT))
                .isInstanceOf(NoCardException.class)
                .isInstanceOf(DeviceTimeoutException.class);
    }

    @Test
    void readsACardPlacedWhileItIsPolling() throws Exception {
        Thread placer = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            sim.placeCard(IdCardSimulator.sampleResident());
        });
        placer.start();

        IdCard card = reader.read(Duration.ofSeconds(3));

        placer.join();
        assertThat(card.idNumber()).isEqualTo(IdCardSimulator.sampleResident().idNumber());
    }

    @Test
    void retriesAOnceCorruptedReplyAndThenReads() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());
        sim.setFault(Fault.CORRUPT_CHECKSUM, 1);

        IdCard card = reader.read(CARD_WAIT);

        assertThat(card).isEqualTo(IdCardSimulator.sampleResident());
        assertThat(sim.readRequests()).isEqualTo(2);
    }

    @Test
    void givesUpWithProtocolExceptionWhenEveryReplyIsCorrupted() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());
        sim.setFault(Fault.CORRUPT_CHECKSUM);

        assertThatThrownBy(() -> reader.read(CARD_WAIT))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("checksum")
                .hasMessageContaining("1295-byte frame")
                .hasMessageNotContaining("5f 09 4e") // 张 in UCS-2LE: no personal data in the message
                .satisfies(e -> assertThat(((ProtocolException) e).frame())
                        .startsWith(0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x05, 0x08, 0x00, 0x00, 0x90)
                        .hasSize(14));
        assertThat(sim.readRequests()).isEqualTo(1 + SerialIdCardReader.MAX_RETRIES);

        sim.setFault(Fault.NONE);
        assertThat(reader.read(CARD_WAIT)).isEqualTo(IdCardSimulator.sampleResident());
    }

    @Test
    void readsDespiteGarbageBetweenFrames() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());
        sim.setFault(Fault.GARBAGE_BETWEEN_FRAMES);

        assertThat(reader.read(CARD_WAIT)).isEqualTo(IdCardSimulator.sampleResident());
        assertThat(sim.readRequests()).isEqualTo(1);
    }

    @Test
    void readsASlowModuleWithinTheReplyTimeout() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());
        sim.setFault(Fault.SLOW, 1);

        assertThat(reader.read(CARD_WAIT)).isEqualTo(IdCardSimulator.sampleResident());
        assertThat(sim.readRequests()).isEqualTo(1);
    }

    @Test
    void aModuleSlowerThanTheReplyTimeoutIsATimeoutNotNoCard() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());
        sim.setFault(Fault.SLOW);
        try (SerialIdCardReader impatient = new SerialIdCardReader(
                new IdReaderConfig(pair.driverEnd().toString(), BAUD, Duration.ofMillis(50)))) {
            reader.close(); // one driver on the port at a time

            assertThatThrownBy(() -> impatient.read(CARD_WAIT))
                    .isInstanceOf(DeviceTimeoutException.class)
                    .isNotInstanceOf(NoCardException.class);
        }
    }

    @Test
    void cardLiftedMidReadMeansWaitingForACardAgain() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());
        sim.setFault(Fault.REMOVED_MID_READ);

        assertThatThrownBy(() -> reader.read(CARD_WAIT)).isInstanceOf(NoCardException.class);

        sim.setFault(Fault.NONE);
        sim.placeCard(IdCardSimulator.sampleResident());
        assertThat(reader.read(CARD_WAIT)).isEqualTo(IdCardSimulator.sampleResident());
    }

    @Test
    void checkReportsAReadyModule() {
        DeviceStatus status = reader.check();

        assertThat(status.ok()).isTrue();
        assertThat(status.device()).isEqualTo("idcard");
    }

    @Test
    void portVanishingIsDeviceNotFoundAndTheSameReaderRecoversAfterItReappears() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());
        assertThat(reader.read(CARD_WAIT).name()).isEqualTo("张三丰");

        pair.vanish();
        sim.close();

        assertThatThrownBy(() -> reader.read(CARD_WAIT)).isInstanceOf(DeviceNotFoundException.class);
        assertThatThrownBy(() -> reader.read(CARD_WAIT)).isInstanceOf(DeviceNotFoundException.class);
        assertThat(reader.check().ok()).isFalse();

        pair.reappear();
        sim = IdCardSimulator.start(pair.deviceEnd(), BAUD);
        sim.placeCard(IdCardSimulator.sampleResident());

        assertThat(reader.read(CARD_WAIT)).isEqualTo(IdCardSimulator.sampleResident());
        assertThat(reader.check().ok()).isTrue();
    }
}
