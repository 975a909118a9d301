package org.openkiosk.device.sscard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.idcard.IdNumbers;
import org.openkiosk.device.io.pcsc.CardStatusException;
import org.openkiosk.device.io.pcsc.NoCardInReaderException;
import org.openkiosk.device.io.pcsc.PcscCardService;
import org.openkiosk.device.io.pcsc.PcscConfig;
import org.openkiosk.device.sscard.sim.VirtualSocialSecurityCard;

/**
 * The real driver through javax.smartcardio against a real PC/SC stack: pcscd, vsmartcard's virtual reader and a
 * virtual card ({@code src/test/pcsc/sscard_vicc.py}) answering the social security card's APDUs. The first test runs
 * before this JVM has ever talked to pcscd, and starts pcscd itself half-way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocialSecurityCardReaderPcscTest {
    static final Path SCRIPT = Path.of("src/test/pcsc/sscard_vicc.py");
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static VirtualSocialSecurityCard stack;

    private final SocialSecurityCardReader reader = new SocialSecurityCardReader(
            new PcscConfig(Optional.of(VirtualSocialSecurityCard.READER), WAIT));

    private static VirtualSocialSecurityCard stack() throws Exception {
        if (stack == null) {
            stack = VirtualSocialSecurityCard.start(SCRIPT);
        }
        return stack;
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void recoversWhenPcscdStartsAfterTheJvm() throws Exception {
        Assumptions.assumeTrue(stack == null && !VirtualSocialSecurityCard.pcscdRunning(),
                "pcscd was already running before this JVM, so a late start cannot be shown here");
        SocialSecurityCardReader early = new SocialSecurityCardReader(
                new PcscConfig(Optional.empty(), Duration.ofMillis(200)));

        assertThatThrownBy(early::read).isInstanceOf(DeviceNotFoundException.class).hasMessageContaining("pcscd");
        assertThat(early.check().ok()).isFalse();

        stack().insert(VirtualSocialSecurityCard.sample());

        assertThat(early.read()).isEqualTo(VirtualSocialSecurityCard.sample());
        assertThat(early.check().ok()).isTrue();
    }

    @Test
    @Order(2)
    void readsEveryFieldOfTheInsertedCard() throws Exception {
        stack().insert(VirtualSocialSecurityCard.sample());

        TimedSocialSecurityRead read = reader.readTimed(WAIT);

        assertThat(read.card()).isEqualTo(VirtualSocialSecurityCard.sample());
        assertThat(read.card().name()).isEqualTo("张三丰");
        assertThat(read.card().idNumberValid()).isTrue();
        assertThat(read.reader()).isEqualTo(VirtualSocialSecurityCard.READER);
        System.out.printf("social security card: 12 APDUs over pcscd/vpcd in %.1f ms%n", read.exchange().toNanos() / 1e6);
    }

    @Test
    @Order(3)
    void readsAnotherHolderWithAnXCheckCharacter() throws Exception {
        String first17 = "11010519491231002";
        SocialSecurityCard other = new SocialSecurityCard("110105A0000000000000000000000001", LocalDate.of(2021, 1, 4),
                LocalDate.of(2031, 1, 4), "B87654321", first17 + IdNumbers.checkChar(first17), true, "马丽娅", "女", "回",
                "110105", LocalDate.of(1949, 12, 31));
        assertThat(other.idNumber()).endsWith("X");
        stack().insert(other);

        assertThat(reader.read()).isEqualTo(other);
    }

    @Test
    @Order(4)
    void aCardWithoutTheApplicationIsRefusedWithItsStatusWordDecoded() throws Exception {
        stack().insertForeignCard();

        assertThatThrownBy(reader::read)
                .isInstanceOf(CardStatusException.class)
                .hasMessageContaining("select application")
                .hasMessageContaining("6A82 (file or application not found)")
                .satisfies(e -> assertThat(((CardStatusException) e).sw()).isEqualTo(0x6A82));
    }

    @Test
    @Order(5)
    void anEmptyReaderIsNoCardAfterTheWait() throws Exception {
        stack().remove();

        assertThatThrownBy(() -> reader.readTimed(Duration.ofMillis(300)))
                .isInstanceOf(NoCardInReaderException.class)
                .hasMessageContaining(VirtualSocialSecurityCard.READER);
        assertThat(reader.check().ok()).isTrue();
    }

    @Test
    @Order(6)
    void aCardInsertedWhileWaitingIsRead() throws Exception {
        stack().remove();
        Thread inserter = new Thread(() -> {
            try {
                Thread.sleep(300);
                stack.insert(VirtualSocialSecurityCard.sample());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        inserter.start();

        SocialSecurityCard card = reader.readTimed(Duration.ofSeconds(5)).card();

        inserter.join();
        assertThat(card).isEqualTo(VirtualSocialSecurityCard.sample());
    }

    @Test
    @Order(7)
    void aCardPulledOutMidSessionIsDeviceNotFound() throws Exception {
        stack().insert(VirtualSocialSecurityCard.sample());
        try (PcscCardService service = PcscCardService.connect(new PcscConfig(Optional.of("Virtual PCD 00 00"), WAIT))) {
            stack().remove();

            assertThatThrownBy(() -> SocialSecurityCardReader.read(service)).isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("went away");
        }
    }

    @Test
    @Order(8)
    void anUnknownReaderNameListsTheReadersThereAre() throws Exception {
        stack();
        SocialSecurityCardReader wrong = new SocialSecurityCardReader(new PcscConfig(Optional.of("Gemalto 9999"), WAIT));

        assertThatThrownBy(wrong::read).isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("no PC/SC reader named 'Gemalto 9999'")
                .hasMessageContaining(VirtualSocialSecurityCard.READER);
        DeviceStatus status = wrong.check();
        assertThat(status.ok()).isFalse();
        assertThat(reader.check().ok()).isTrue();
        assertThat(PcscCardService.readers()).contains(VirtualSocialSecurityCard.READER);
    }

    @Test
    @Order(9)
    void recoversWhenPcscdRestartsUnderTheJvm() throws Exception {
        Assumptions.assumeTrue(stack().ownsPcscd(), "pcscd belongs to someone else here; it is not restarted by tests");
        stack().insert(VirtualSocialSecurityCard.sample());
        assertThat(reader.read()).isEqualTo(VirtualSocialSecurityCard.sample());

        stack().restartPcscd();
        stack().insert(VirtualSocialSecurityCard.sample());

        assertThat(reader.read()).isEqualTo(VirtualSocialSecurityCard.sample());
    }
}
