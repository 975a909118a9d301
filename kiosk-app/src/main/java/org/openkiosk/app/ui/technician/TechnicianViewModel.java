package org.openkiosk.app.ui.technician;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import org.openkiosk.app.diag.TechnicianTools;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.ShellViewModel;
import org.openkiosk.app.ui.task.BackgroundTask;
import org.openkiosk.app.ui.task.TaskExecutor;
import org.openkiosk.app.ui.task.UiTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Technician mode: closed, the PIN pad, or the technician screen. Closed, it only counts taps on the hidden corner:
 * {@value #TAPS} within {@link #TAP_WINDOW} open the {@link PinPadViewModel PIN pad}, whose tries and lock are the
 * {@link PinLockoutPolicy}'s. Open, the screen is made of one view model per panel: {@link DeviceStatesViewModel
 * devices}, {@link SelfTestsViewModel self-tests}, {@link DevicesFoundViewModel devices found},
 * {@link SyncQueueViewModel sync queue}, {@link LogTailViewModel log}, {@link ConfigEditorViewModel configuration} and
 * {@link BundleExportViewModel bundle export}; each does its blocking work as a {@link BackgroundTask}. Leaving (or the
 * idle guard) wipes everything of the session, and answers to work begun in it are dropped.
 */
public final class TechnicianViewModel {
    public static final int TAPS = 5;
    public static final Duration TAP_WINDOW = Duration.ofSeconds(4);
    public static final int MAX_TRIES = PinLockoutPolicy.MAX_TRIES;
    public static final Duration LOCKOUT = PinLockoutPolicy.LOCKOUT;
    private static final Logger LOG = LoggerFactory.getLogger(TechnicianViewModel.class);

    public enum Mode { CLOSED, PIN, OPEN }

    private final ShellViewModel shell;
    private final TechnicianScope scope;
    /** Monotonic time of the hidden gesture's taps. */
    private final LongSupplier nanos;
    private final Deque<Long> taps = new ArrayDeque<>();

    private final PinPadViewModel pinPad;
    private final DeviceStatesViewModel devices;
    private final SelfTestsViewModel selfTests;
    private final DevicesFoundViewModel found;
    private final SyncQueueViewModel syncQueue;
    private final LogTailViewModel logTail;
    private final ConfigEditorViewModel config;
    private final BundleExportViewModel bundle;

    /**
     * @param background where blocking work runs (the kiosk's cached pool)
     * @param ui         where its answers are shown ({@code Platform::runLater})
     * @param nanos      monotonic time for the hidden gesture ({@code System::nanoTime})
     * @param clock      wall-clock time for the PIN lockout, which a restart keeps
     */
    public TechnicianViewModel(ShellViewModel shell, TechnicianTools tools, Executor background, Executor ui,
                               LongSupplier nanos, Clock clock) {
        this(shell, tools, new UiTaskExecutor(background, ui), nanos, clock);
    }

    public TechnicianViewModel(ShellViewModel shell, TechnicianTools tools, TaskExecutor tasks, LongSupplier nanos,
                               Clock clock) {
        this.shell = shell;
        this.nanos = nanos;
        this.scope = new TechnicianScope(tools, tasks, shell::messages);
        this.pinPad = new PinPadViewModel(scope, new PinLockoutPolicy(PinLockoutPolicy.Port.of(tools), clock),
                this::opened);
        this.devices = new DeviceStatesViewModel(scope);
        this.selfTests = new SelfTestsViewModel(scope, devices::reload);
        this.found = new DevicesFoundViewModel(scope);
        this.syncQueue = new SyncQueueViewModel(scope);
        this.logTail = new LogTailViewModel(scope);
        this.config = new ConfigEditorViewModel(scope);
        this.bundle = new BundleExportViewModel(scope);
        tools.onDeviceChange(devices::changed);
    }

    public Messages messages() {
        return shell.messages();
    }

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return scope.mode();
    }

    public Mode mode() {
        return scope.mode().get();
    }

    public boolean isActive() {
        return mode() != Mode.CLOSED;
    }

    public PinPadViewModel pinPad() {
        return pinPad;
    }

    public DeviceStatesViewModel devices() {
        return devices;
    }

    public SelfTestsViewModel selfTests() {
        return selfTests;
    }

    public DevicesFoundViewModel found() {
        return found;
    }

    public SyncQueueViewModel syncQueue() {
        return syncQueue;
    }

    public LogTailViewModel logTail() {
        return logTail;
    }

    public ConfigEditorViewModel config() {
        return config;
    }

    public BundleExportViewModel bundle() {
        return bundle;
    }

    // ---- the hidden gesture ----

    /** One tap on the hidden corner; the {@value #TAPS}th within {@link #TAP_WINDOW} opens the PIN pad. */
    public void cornerTap() {
        if (mode() != Mode.CLOSED) {
            return;
        }
        long now = nanos.getAsLong();
        taps.addLast(now);
        while (!taps.isEmpty() && now - taps.peekFirst() > TAP_WINDOW.toNanos()) {
            taps.removeFirst();
        }
        if (taps.size() >= TAPS) {
            taps.clear();
            scope.mode().set(Mode.PIN);
            pinPad.opened();
        }
    }

    // ---- the PIN pad, as the pad's own model has it ----

    public void digit(int d) {
        pinPad.digit(d);
    }

    public void backspace() {
        pinPad.backspace();
    }

    public void submitPin() {
        pinPad.submit();
    }

    public boolean locked() {
        return pinPad.locked();
    }

    public ReadOnlyStringProperty pinMessageProperty() {
        return pinPad.messageProperty();
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return pinPad.checkingProperty();
    }

    /** The right PIN was typed on the pad still shown. */
    private void opened() {
        LOG.warn("technician mode opened");
        shell.endSession(); // nothing of a resident stays behind the technician screen
        scope.mode().set(Mode.OPEN);
        refresh();
    }

    // ---- the technician screen ----

    /** Reads everything shown afresh: devices, ports, queue, log, configuration and the bundle folder. */
    public void refresh() {
        if (mode() != Mode.OPEN) {
            return;
        }
        devices.reload();
        found.load();
        syncQueue.load();
        logTail.load();
        config.load();
        bundle.load();
    }

    /**
     * Leaves technician mode: everything of this session is forgotten; from the technician screen the home screen is
     * shown, while a cancelled PIN pad just closes over whatever was on screen.
     */
    public void leave() {
        boolean wasOpen = mode() == Mode.OPEN;
        taps.clear();
        pinPad.closed();
        devices.clear();
        selfTests.clear();
        found.clear();
        syncQueue.clear();
        logTail.clear();
        config.clear();
        bundle.clear();
        scope.close();
        if (wasOpen) {
            LOG.warn("technician mode closed");
            shell.endSession(); // home, every screen model reset
        }
        // a PIN pad cancelled (perhaps opened by chance) leaves whatever a resident was doing as it was
    }
}
