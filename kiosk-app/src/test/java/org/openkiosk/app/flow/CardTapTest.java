package org.openkiosk.app.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.IdCardReader;
import org.openkiosk.device.idcard.NoCardException;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.io.pcsc.NoCardInReaderException;
import org.openkiosk.device.io.pcsc.PcscConfig;
import org.openkiosk.device.sscard.SocialSecurityCardReader;

/** Either card: the two readers watched in turn until one has a card, a failed one left alone, the time kept. */
class CardTapTest {
    private static SocialSecurityCardReader ssReader(AtomicInteger asked, int failAfter) {
        return new SocialSecurityCardReader(new PcscConfig(Optional.empty(), Duration.ofSeconds(1)), wait -> {
            if (asked.incrementAndGet() > failAfter) {
                throw new DeviceNotFoundException("pcscd went away");
            }
            sleep(wait);
            throw new NoCardInReaderException("no card");
        });
    }

    private static IdCardReader waiting(IdCard after, int emptyReads) {
        AtomicInteger reads = new AtomicInteger();
        return new IdCardReader() {
            @Override
            public IdCard read(Duration timeout) throws DeviceException {
                if (reads.incrementAndGet() > emptyReads && after != null) {
                    return after;
                }
                sleep(timeout);
                throw new NoCardException("no card");
            }

            @Override
            public DeviceStatus check() {
                return DeviceStatus.ok("idcard", "test");
            }

            @Override
            public void close() {
            }
        };
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.min(d.toMillis(), 50));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theIdCardTappedAfterAWhileIsRead() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Applicant a = CardTap.readEither(waiting(IdCardSimulator.sampleResident(), 2), ssReader(asked, 100),
                Duration.ofSeconds(5));
        assertThat(a.idNumber()).isEqualTo(IdCardSimulator.sampleResident().idNumber());
        assertThat(asked.get()).as("the PC/SC reader was watched in between").isEqualTo(2);
    }

    @Test
    void aReaderThatFailsIsLeftAloneAndTheOtherStillWatched() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Applicant a = CardTap.readEither(waiting(IdCardSimulator.sampleResident(), 4), ssReader(asked, 1),
                Duration.ofSeconds(5));
        assertThat(a.name()).isEqualTo(IdCardSimulator.sampleResident().name());
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void noCardWithinTheTimeIsNoCard() {
        AtomicInteger asked = new AtomicInteger();
        assertThatThrownBy(() -> CardTap.readEither(waiting(null, 0), ssReader(asked, 1000), Duration.ofMillis(600)))
                .isInstanceOfSatisfying(FlowException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_CARD));
    }
}
