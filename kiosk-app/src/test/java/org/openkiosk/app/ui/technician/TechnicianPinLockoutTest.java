package org.openkiosk.app.ui.technician;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.diag.DeviceInventory;
import org.openkiosk.app.diag.TechnicianTools;
import org.openkiosk.app.flow.TripServices;
import org.openkiosk.app.store.KioskStore;
import org.openkiosk.app.store.TechnicianLockout;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.app.ui.technician.TechnicianViewModel.Mode;
import org.openkiosk.centre.MovableClock;

/**
 * The PIN pad's lockout on the view model over the kiosk's real SQLite store: a kiosk "restarted" is a new store opened
 * on the same data folder and a new view model on it. Time is a {@link MovableClock}; work runs on the calling thread
 * unless a test holds it back.
 */
class TechnicianPinLockoutTest {
    private static final String PIN = "246810";
    private static final String WRONG = "864200";

    @TempDir
    Path dataDir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private final Deque<Runnable> heldBack = new ArrayDeque<>();
    private KioskStore store;
    private Catalogue catalogue;

    @BeforeEach
    void openStore() throws Exception {
        catalogue = Catalogue.builtIn();
        store = KioskStore.open(dataDir);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** The kiosk powered off and on: the store closed and opened again, a new view model created on it. */
    private TechnicianViewModel restart() {
        store.close();
        store = KioskStore.open(dataDir);
        return viewModel(Runnable::run);
    }

    private TechnicianViewModel viewModel(Executor background) {
        TripServices flow = new TripServices(catalogue, null, null, new NoDesk(), Duration.ofSeconds(1), clock); // no trip here
        ShellViewModel shell = new ShellViewModel(flow, Runnable::run, Runnable::run, Locale.ENGLISH, false);
        return new TechnicianViewModel(shell, new StoreTools(), background, Runnable::run, () -> 0L, clock);
    }

    private static void openPad(TechnicianViewModel vm) {
        for (int i = 0; i < TechnicianViewModel.TAPS; i++) {
            vm.cornerTap();
        }
        assertThat(vm.mode()).isEqualTo(Mode.PIN);
    }

    private static void type(TechnicianViewModel vm, String pin) {
        pin.chars().forEach(c -> vm.digit(c - '0'));
        vm.submitPin();
    }

    private static String message(TechnicianViewModel vm) {
        return vm.pinMessageProperty().get();
    }

    @Test
    void fiveWrongPinsLockThePadAndAKioskStartedAgainOnTheSameStoreIsStillLocked() {
        TechnicianViewModel vm = viewModel(Runnable::run);
        openPad(vm);
        for (int left = 4; left >= 1; left--) {
            type(vm, WRONG);
            assertThat(message(vm)).startsWith("Wrong PIN. " + left + " more tries");
        }
        type(vm, WRONG);
        assertThat(message(vm)).isEqualTo("Too many wrong PINs: the pad is locked. Try again in 5 minutes.");
        assertThat(store.lockout().technicianLockout()).isEqualTo(new TechnicianLockout(0, clock.instant().plus(Duration.ofMinutes(5))));

        clock.advance(Duration.ofMinutes(2));
        TechnicianViewModel restarted = restart();
        assertThat(restarted.locked()).isTrue();
        openPad(restarted);
        assertThat(message(restarted)).isEqualTo("Too many wrong PINs: the pad is locked. Try again in 3 minutes.");
        type(restarted, PIN);
        assertThat(restarted.mode()).as("even the right PIN is refused while locked").isEqualTo(Mode.PIN);
        assertThat(message(restarted)).contains("locked");
    }

    @Test
    void theLockEndsFiveMinutesOfClockTimeAfterItBeganAndTheRightPinThenOpens() {
        TechnicianViewModel vm = viewModel(Runnable::run);
        openPad(vm);
        for (int i = 0; i < TechnicianViewModel.MAX_TRIES; i++) {
            type(vm, WRONG);
        }
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        TechnicianViewModel restarted = restart();
        openPad(restarted);
        assertThat(message(restarted)).isEqualTo("Too many wrong PINs: the pad is locked. Try again in 1 minute.");
        type(restarted, PIN);
        assertThat(restarted.mode()).isEqualTo(Mode.PIN);

        clock.advance(Duration.ofSeconds(1));
        assertThat(restarted.locked()).isFalse();
        type(restarted, PIN);
        assertThat(restarted.mode()).isEqualTo(Mode.OPEN);
        assertThat(store.lockout().technicianLockout()).isEqualTo(TechnicianLockout.NONE);
    }

    @Test
    void wrongPinsCountOnAcrossARestart() {
        TechnicianViewModel vm = viewModel(Runnable::run);
        openPad(vm);
        for (int i = 0; i < TechnicianViewModel.MAX_TRIES - 1; i++) {
            type(vm, WRONG);
        }
        assertThat(store.lockout().technicianLockout()).isEqualTo(new TechnicianLockout(4, null));
        TechnicianViewModel restarted = restart();
        openPad(restarted);
        type(restarted, WRONG);
        assertThat(restarted.locked()).as("the fifth wrong PIN in a row, the first after the restart, locks").isTrue();
    }

    @Test
    void aRightPinResetsTheCountOfWrongOnes() {
        TechnicianViewModel vm = viewModel(Runnable::run);
        openPad(vm);
        for (int i = 0; i < TechnicianViewModel.MAX_TRIES - 1; i++) {
            type(vm, WRONG);
        }
        type(vm, PIN);
        assertThat(vm.mode()).isEqualTo(Mode.OPEN);
        assertThat(store.lockout().technicianLockout()).isEqualTo(TechnicianLockout.NONE);
        vm.leave();

        TechnicianViewModel restarted = restart();
        openPad(restarted);
        for (int left = 4; left >= 1; left--) {
            type(restarted, WRONG);
            assertThat(message(restarted)).startsWith("Wrong PIN. " + left + " more tries");
        }
        assertThat(restarted.locked()).isFalse();
    }

    @Test
    void aClockSetBackAfterTheLockDoesNotMakeItLastLongerThanFiveMinutes() {
        // saved by a kiosk whose clock was a day ahead, then powered on with its clock back at the right time
        store.lockout().saveTechnicianLockout(new TechnicianLockout(0, clock.instant().plus(Duration.ofDays(1))));
        TechnicianViewModel vm = restart();
        openPad(vm);
        assertThat(message(vm)).isEqualTo("Too many wrong PINs: the pad is locked. Try again in 5 minutes.");
        clock.advance(TechnicianViewModel.LOCKOUT);
        type(vm, PIN);
        assertThat(vm.mode()).isEqualTo(Mode.OPEN);
    }

    @Test
    void cancellingThePadWhileAPinIsBeingCheckedDoesNotUndoTheWrongTry() {
        TechnicianViewModel vm = viewModel(heldBack::add);
        openPad(vm);
        type(vm, WRONG);
        vm.leave();
        while (!heldBack.isEmpty()) {
            heldBack.poll().run();
        }
        assertThat(store.lockout().technicianLockout()).isEqualTo(new TechnicianLockout(1, null));
        assertThat(vm.mode()).isEqualTo(Mode.CLOSED);
    }

    @Test
    void aPadReopenedWhileAPinIsStillBeingCheckedStartsNoSecondCheckSoNoWrongTryIsLost() {
        TechnicianViewModel vm = viewModel(heldBack::add);
        openPad(vm);
        type(vm, WRONG);
        vm.leave();
        openPad(vm);
        type(vm, WRONG);
        assertThat(heldBack).as("the second PIN waits for the first check's answer").hasSize(1);
        heldBack.poll().run();
        assertThat(vm.checkingProperty().get()).isFalse();

        type(vm, WRONG);
        heldBack.poll().run();
        assertThat(store.lockout().technicianLockout()).as("each check counts from the one before").isEqualTo(new TechnicianLockout(2, null));
        assertThat(message(vm)).startsWith("Wrong PIN. 3 more tries");
    }

    /** The tools of a kiosk reduced to what the PIN pad uses, the lockout kept in the store as the real tools keep it. */
    private final class StoreTools implements TechnicianTools {
        @Override
        public PinLockout pinLockout() {
            TechnicianLockout l = store.lockout().technicianLockout();
            return new PinLockout(l.wrongTries(), l.lockedUntil());
        }

        @Override
        public void savePinLockout(PinLockout lockout) {
            store.lockout().saveTechnicianLockout(new TechnicianLockout(lockout.wrongTries(), lockout.lockedUntil()));
        }

        @Override
        public boolean pinConfigured() {
            return true;
        }

        @Override
        public boolean pinMatches(char[] pin) {
            return String.valueOf(pin).equals(PIN);
        }

        @Override
        public Map<String, org.openkiosk.app.diag.DeviceAvailability.State> deviceStates() {
            return Map.of();
        }

        @Override
        public void onDeviceChange(Runnable onChange) {
        }

        @Override
        public Outcome run(SelfTest test) {
            return Outcome.failed("not on this kiosk");
        }

        @Override
        public DeviceInventory.Inventory devicesFound() {
            return null;
        }

        @Override
        public Queue queue() {
            return new Queue(0, 0, "", "");
        }

        @Override
        public Outcome syncNow() {
            return Outcome.failed("not on this kiosk");
        }

        @Override
        public List<String> recentLog(int lines) {
            return List.of();
        }

        @Override
        public Path logFile() {
            return null;
        }

        @Override
        public Map<String, String> configValues() {
            return Map.of();
        }

        @Override
        public Path configFile() {
            return dataDir.resolve("kiosk.properties");
        }

        @Override
        public boolean saveConfig(Map<String, String> edits) {
            return false;
        }

        @Override
        public void restart() {
        }

        @Override
        public Path exportBundle(Path dir) {
            return dir;
        }

        @Override
        public Path defaultBundleDir() {
            return dataDir;
        }
    }

    /** No trip is made here; the right PIN ends the resident's session, which tells the desk. */
    private static final class NoDesk implements org.openkiosk.app.flow.ApplicationDesk {
        @Override
        public org.openkiosk.app.flow.Submitted submit(org.openkiosk.app.flow.Trip trip) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reprintReceipt(String applicationId) {
        }

        @Override
        public void printChecklist(org.openkiosk.app.catalogue.Matter matter) {
        }

        @Override
        public void rate(String applicationId, org.openkiosk.app.flow.Rating rating, String reason) {
        }

        @Override
        public void endSession() {
        }
    }
}
