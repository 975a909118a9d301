package org.openkiosk.device.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.health.DeviceSupervisor.Health;
import org.openkiosk.device.health.DeviceSupervisor.State;
import org.openkiosk.device.idcard.IdReaderConfig;
import org.openkiosk.device.idcard.SerialIdCardReader;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.io.serial.VirtualSerialPair;
import org.openkiosk.device.printer.PaperState;
import org.openkiosk.device.printer.PrinterConfig;
import org.openkiosk.device.printer.SerialReceiptPrinter;
import org.openkiosk.device.printer.sim.EscPosPrinterSimulator;

/** The supervisor around the real drivers, with the simulators' ports unplugged and plugged back in. */
class DeviceSupervisorTest {
    private static final DeviceSupervisor.Settings FAST =
            new DeviceSupervisor.Settings(Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(400));

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void idReaderWhosePortVanishesIsMarkedDownAndComesBackByItselfWhenReplugged() throws Exception {
        VirtualSerialPair pair = VirtualSerialPair.create(dir, "idcard");
        IdCardSimulator sim = IdCardSimulator.start(pair.deviceEnd(), 115200);
        SerialIdCardReader reader = new SerialIdCardReader(new IdReaderConfig(pair.driverEnd().toString(), 115200,
                Duration.ofMillis(400)));
        List<Health> changes = new CopyOnWriteArrayList<>();
        try (DeviceSupervisor supervisor = new DeviceSupervisor(scheduler, FAST, Clock.systemUTC())) {
            supervisor.watch("idcard", reader::check);
            supervisor.addListener(changes::add);
            supervisor.start();
            waitFor(() -> supervisor.health("idcard").up(), "the reader to be up");

            sim.close();
            pair.vanish(); // the USB reader is pulled out
            waitFor(() -> supervisor.health("idcard").state() == State.DOWN, "the reader to be marked down");
            Health down = supervisor.health("idcard");
            assertThat(down.detail()).contains(pair.driverEnd().toString());
            waitFor(() -> supervisor.health("idcard").failures() >= 3, "retries in the background");

            pair.reappear(); // plugged back in: same path, a fresh module behind it
            IdCardSimulator again = IdCardSimulator.start(pair.deviceEnd(), 115200);
            try {
                again.placeCard(IdCardSimulator.sampleResident());
                waitFor(() -> supervisor.health("idcard").up(), "the reader to come back");
                assertThat(reader.read(Duration.ofSeconds(2)).name()).isEqualTo("张三丰");
                assertThat(changes).extracting(Health::state).containsExactly(State.UP, State.DOWN, State.UP);
            } finally {
                supervisor.close();
                again.close();
            }
        } finally {
            reader.close();
            pair.close();
        }
    }

    @Test
    void printerWithPaperOutIsDownUntilPaperIsLoadedAndUnplugIsRecoveredToo() throws Exception {
        VirtualSerialPair pair = VirtualSerialPair.create(dir, "printer");
        EscPosPrinterSimulator sim = EscPosPrinterSimulator.start(pair.deviceEnd(), dir.resolve("out"));
        SerialReceiptPrinter printer = new SerialReceiptPrinter(new PrinterConfig(pair.driverEnd().toString(), 115200,
                Duration.ofMillis(500)));
        try (DeviceSupervisor supervisor = new DeviceSupervisor(scheduler, FAST, Clock.systemUTC())) {
            supervisor.watch("printer", printer::check);
            supervisor.start();
            waitFor(() -> supervisor.health("printer").up(), "the printer to be up");

            sim.setPaper(PaperState.END);
            waitFor(() -> !supervisor.health("printer").up(), "paper end to take the printer down");
            sim.setPaper(PaperState.OK);
            waitFor(() -> supervisor.health("printer").up(), "the printer to be up with paper");

            sim.close();
            pair.vanish();
            waitFor(() -> !supervisor.health("printer").up(), "the unplugged printer to be down");
            pair.reappear();
            EscPosPrinterSimulator again = EscPosPrinterSimulator.start(pair.deviceEnd(), dir.resolve("out2"));
            try {
                waitFor(() -> supervisor.health("printer").up(), "the printer to come back");
            } finally {
                again.close();
            }
        } finally {
            printer.close();
            pair.close();
        }
    }

    @Test
    void retriesGrowFromTheShortestPauseToTheLongest() {
        DeviceSupervisor s = new DeviceSupervisor(scheduler, FAST, Clock.systemUTC());
        assertThat(s.retryDelay(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(s.retryDelay(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(s.retryDelay(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(s.retryDelay(50)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aCheckThatThrowsCountsAsDownAndTheOthersAreStillWatched() {
        AtomicBoolean broken = new AtomicBoolean(true);
        DeviceSupervisor s = new DeviceSupervisor(scheduler, FAST, Clock.systemUTC());
        s.watch("camera", () -> {
            if (broken.get()) {
                throw new IllegalStateException("driver bug");
            }
            return DeviceStatus.ok("camera", "fine");
        });
        s.watch("printer", () -> DeviceStatus.ok("printer", "ready"));

        assertThat(s.checkNow("camera").state()).isEqualTo(State.DOWN);
        assertThat(s.checkNow("camera").detail()).contains("driver bug");
        assertThat(s.checkNow("printer").up()).isTrue();
        broken.set(false);
        assertThat(s.checkNow("camera").up()).isTrue();
        assertThat(s.all()).containsOnlyKeys("camera", "printer");
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
