package org.openkiosk.app.ui.technician;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.openkiosk.app.config.ConfigException;
import org.openkiosk.app.diag.DeviceAvailability;
import org.openkiosk.app.diag.DeviceInventory;
import org.openkiosk.app.diag.TechnicianTools;
import org.openkiosk.app.diag.TechnicianTools.Outcome;
import org.openkiosk.app.diag.TechnicianTools.PinLockout;
import org.openkiosk.app.diag.TechnicianTools.SelfTest;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.ui.ShellViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Technician mode as properties. Closed, it only counts taps on the hidden corner: {@value #TAPS} within
 * {@link #TAP_WINDOW} open the PIN pad. The PIN is checked against the stored hash on the background executor; after
 * {@value #MAX_TRIES} wrong PINs the pad is locked for {@link #LOCKOUT}. The count of wrong PINs and the end of the lock
 * (wall-clock time, as a restart loses the monotonic clock) are saved through {@link TechnicianTools#savePinLockout}
 * before the pad answers, and read back when the model is created, so power-cycling the kiosk does not reset them. Open,
 * it shows the devices, self-tests, ports,
 * queue, log and configuration from {@link TechnicianTools}, every blocking call on the background executor with its
 * result brought back on the UI executor. Leaving (or the idle guard) wipes everything of the session.
 */
public final class TechnicianViewModel {
    public static final int TAPS = 5;
    public static final Duration TAP_WINDOW = Duration.ofSeconds(4);
    public static final int MAX_TRIES = 5;
    public static final Duration LOCKOUT = Duration.ofMinutes(5);
    public static final int PIN_MAX = 12;
    public static final int PIN_MIN = 6;
    public static final int LOG_LINES = 40;
    private static final Logger LOG = LoggerFactory.getLogger(TechnicianViewModel.class);

    public enum Mode { CLOSED, PIN, OPEN }

    private final ShellViewModel shell;
    private final TechnicianTools tools;
    private final Executor background;
    private final Executor ui;
    /** Monotonic time of the hidden gesture's taps. */
    private final LongSupplier nanos;
    /** Wall-clock time of the PIN lockout, which must outlive the process. */
    private final Clock clock;

    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.CLOSED);
    private final Deque<Long> taps = new ArrayDeque<>();
    private char[] pin = new char[0];
    private final IntegerProperty pinLength = new SimpleIntegerProperty(0);
    private final StringProperty pinMessage = new SimpleStringProperty("");
    private final BooleanProperty pinUsable = new SimpleBooleanProperty(false);
    private final BooleanProperty checking = new SimpleBooleanProperty(false);
    /** As saved: read when the model is created, replaced (on the UI thread) after each PIN checked. */
    private PinLockout lockout;
    /** Bumped when technician mode closes: results of work begun earlier are dropped. */
    private int session;

    private final ObjectProperty<Map<String, DeviceAvailability.State>> devices = new SimpleObjectProperty<>(Map.of());
    private final ObjectProperty<Map<SelfTest, Outcome>> results = new SimpleObjectProperty<>(Map.of());
    private final ObjectProperty<java.util.Set<SelfTest>> running = new SimpleObjectProperty<>(java.util.Set.of());
    private final ObjectProperty<DeviceInventory.Inventory> found = new SimpleObjectProperty<>();
    private final ObjectProperty<TechnicianTools.Queue> queue = new SimpleObjectProperty<>();
    private final StringProperty syncMessage = new SimpleStringProperty("");
    private final ObjectProperty<List<String>> log = new SimpleObjectProperty<>(List.of());
    private final StringProperty logSource = new SimpleStringProperty("");
    private final ObjectProperty<Map<String, StringProperty>> config = new SimpleObjectProperty<>(Map.of());
    private final StringProperty configMessage = new SimpleStringProperty("");
    private final BooleanProperty configFailed = new SimpleBooleanProperty(false);
    private final StringProperty bundleDir = new SimpleStringProperty("");
    private final StringProperty bundleMessage = new SimpleStringProperty("");
    private final BooleanProperty bundleFailed = new SimpleBooleanProperty(false);

    /**
     * @param nanos monotonic time for the hidden gesture ({@code System::nanoTime})
     * @param clock wall-clock time for the PIN lockout, which a restart keeps
     */
    public TechnicianViewModel(ShellViewModel shell, TechnicianTools tools, Executor background, Executor ui,
                               LongSupplier nanos, Clock clock) {
        this.shell = shell;
        this.tools = tools;
        this.background = background;
        this.ui = ui;
        this.nanos = nanos;
        this.clock = clock;
        this.lockout = savedLockout(tools);
        tools.onDeviceChange(() -> ui.execute(() -> {
            if (mode.get() == Mode.OPEN) {
                devices.set(tools.deviceStates());
            }
        }));
    }

    /** Read once, when the kiosk starts (one row of the kiosk's store), so the pad is never open before it is known. */
    private static PinLockout savedLockout(TechnicianTools tools) {
        try {
            PinLockout saved = tools.pinLockout();
            if (saved.lockedUntil() != null || saved.wrongTries() > 0) {
                LOG.warn("technician PIN pad: {} wrong PIN(s) saved, locked until {}", saved.wrongTries(),
                        saved.lockedUntil() == null ? "-" : saved.lockedUntil());
            }
            return saved;
        } catch (RuntimeException e) {
            LOG.error("technician PIN lockout could not be read; counting from nothing", e);
            return PinLockout.NONE;
        }
    }

    public Messages messages() {
        return shell.messages();
    }

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public Mode mode() {
        return mode.get();
    }

    public boolean isActive() {
        return mode.get() != Mode.CLOSED;
    }

    // ---- the hidden gesture and the PIN pad ----

    /** One tap on the hidden corner; the {@value #TAPS}th within {@link #TAP_WINDOW} opens the PIN pad. */
    public void cornerTap() {
        if (mode.get() != Mode.CLOSED) {
            return;
        }
        long now = nanos.getAsLong();
        taps.addLast(now);
        while (!taps.isEmpty() && now - taps.peekFirst() > TAP_WINDOW.toNanos()) {
            taps.removeFirst();
        }
        if (taps.size() >= TAPS) {
            taps.clear();
            openPinPad();
        }
    }

    private void openPinPad() {
        wipePin();
        mode.set(Mode.PIN);
        if (!tools.pinConfigured()) {
            pinUsable.set(false);
            pinMessage.set(messages().get("tech.pin.none"));
            LOG.info("technician mode asked for, but no technician PIN is configured");
            return;
        }
        pinUsable.set(true);
        pinMessage.set(locked() ? lockedText() : messages().get("tech.pin.prompt"));
    }

    public IntegerProperty pinLengthProperty() {
        return pinLength;
    }

    public StringProperty pinMessageProperty() {
        return pinMessage;
    }

    /** False when no PIN is configured: the pad shows how to set one and takes no digits. */
    public BooleanProperty pinUsableProperty() {
        return pinUsable;
    }

    public BooleanProperty checkingProperty() {
        return checking;
    }

    public void digit(int d) {
        if (mode.get() != Mode.PIN || !pinUsable.get() || checking.get() || pin.length >= PIN_MAX || d < 0 || d > 9) {
            return;
        }
        char[] longer = Arrays.copyOf(pin, pin.length + 1);
        longer[pin.length] = (char) ('0' + d);
        Arrays.fill(pin, '\0');
        pin = longer;
        pinLength.set(pin.length);
    }

    public void backspace() {
        if (pin.length == 0 || checking.get()) {
            return;
        }
        char[] shorter = Arrays.copyOf(pin, pin.length - 1);
        Arrays.fill(pin, '\0');
        pin = shorter;
        pinLength.set(pin.length);
    }

    /** Whether the pad is locked now. */
    public boolean locked() {
        Instant until = lockout.lockedUntil();
        Instant now = clock.instant();
        if (until == null || !now.isBefore(until)) {
            return false;
        }
        if (until.isAfter(now.plus(LOCKOUT))) {
            // the clock was set back since the lock began (a kiosk without a clock battery, before NTP): never longer
            // than LOCKOUT from now
            lockout = new PinLockout(lockout.wrongTries(), now.plus(LOCKOUT));
        }
        return true;
    }

    private String lockedText() {
        Duration left = Duration.between(clock.instant(), lockout.lockedUntil());
        long minutes = Math.max(1, (left.toSeconds() + 59) / 60); // rounded up
        return messages().get("tech.pin.locked", minutes);
    }

    /** The lockout after one more wrong PIN at {@code now}: the {@value #MAX_TRIES}th locks the pad. */
    private static PinLockout afterWrongPin(PinLockout before, Instant now) {
        int tries = before.wrongTries() + 1;
        return tries >= MAX_TRIES ? new PinLockout(0, now.plus(LOCKOUT)) : new PinLockout(tries, null);
    }

    /** Saves the lockout; a store that fails is logged, the pad then goes on with the count in memory. */
    private void save(PinLockout l) {
        try {
            tools.savePinLockout(l);
        } catch (RuntimeException e) {
            LOG.error("technician PIN lockout could not be saved; it holds until the kiosk restarts", e);
        }
    }

    /** Checks the typed PIN against the stored hash on the background executor. */
    public void submitPin() {
        if (mode.get() != Mode.PIN || !pinUsable.get() || checking.get()) {
            return;
        }
        if (locked()) {
            wipePin();
            pinMessage.set(lockedText());
            return;
        }
        if (pin.length < PIN_MIN) {
            wipePin();
            pinMessage.set(messages().get("tech.pin.short", PIN_MIN));
            return;
        }
        char[] typed = pin;
        pin = new char[0];
        pinLength.set(0);
        checking.set(true);
        int mySession = session;
        PinLockout before = lockout;
        background.execute(() -> {
            boolean ok;
            try {
                ok = tools.pinMatches(typed);
            } finally {
                Arrays.fill(typed, '\0');
            }
            boolean matched = ok;
            // saved before the pad answers, and even when the pad was cancelled meanwhile: cancelling does not undo a try
            PinLockout after = matched ? PinLockout.NONE : afterWrongPin(before, clock.instant());
            if (!after.equals(before)) {
                save(after);
            }
            ui.execute(() -> {
                checking.set(false);
                lockout = after;
                if (!matched) {
                    if (after.lockedUntil() != null) {
                        LOG.warn("technician PIN pad locked until {} after {} wrong PINs", after.lockedUntil(), MAX_TRIES);
                    } else {
                        LOG.warn("wrong technician PIN ({} of {})", after.wrongTries(), MAX_TRIES);
                    }
                }
                if (mySession != session || mode.get() != Mode.PIN) {
                    return;
                }
                if (matched) {
                    LOG.warn("technician mode opened");
                    shell.endSession(); // nothing of a resident stays behind the technician screen
                    mode.set(Mode.OPEN);
                    pinMessage.set("");
                    refresh();
                    return;
                }
                if (after.lockedUntil() != null) {
                    pinMessage.set(lockedText());
                } else {
                    pinMessage.set(messages().get("tech.pin.wrong", MAX_TRIES - after.wrongTries()));
                }
            });
        });
    }

    // ---- the technician screen ----

    /** Reads everything shown afresh: devices, ports, queue, log, configuration and the bundle folder. */
    public void refresh() {
        if (mode.get() != Mode.OPEN) {
            return;
        }
        devices.set(tools.deviceStates());
        load(tools::devicesFound, found::set);
        load(tools::queue, queue::set);
        load(() -> tools.recentLog(LOG_LINES), log::set);
        load(() -> java.util.Optional.ofNullable(tools.logFile()),
                f -> logSource.set(f.map(Path::toString).orElseGet(() -> messages().get("tech.log.none"))));
        load(tools::configValues, values -> {
            Map<String, StringProperty> fields = new LinkedHashMap<>();
            values.forEach((k, v) -> fields.put(k, new SimpleStringProperty(v)));
            config.set(fields);
        });
        load(() -> tools.defaultBundleDir().toString(), bundleDir::set);
    }

    /** Reads the devices' states again (the screen does this every few seconds while open). */
    public void refreshDevices() {
        if (mode.get() == Mode.OPEN) {
            devices.set(tools.deviceStates());
        }
    }

    private <T> void load(Callable<T> read, Consumer<T> show) {
        int mySession = session;
        background.execute(() -> {
            try {
                T value = read.call();
                ui.execute(() -> {
                    if (mySession == session && mode.get() == Mode.OPEN) {
                        show.accept(value);
                    }
                });
            } catch (Exception e) {
                LOG.warn("technician screen could not read: {}", e.toString());
            }
        });
    }

    public ObjectProperty<Map<String, DeviceAvailability.State>> devicesProperty() {
        return devices;
    }

    public ObjectProperty<Map<SelfTest, Outcome>> resultsProperty() {
        return results;
    }

    public ObjectProperty<java.util.Set<SelfTest>> runningProperty() {
        return running;
    }

    public void runSelfTest(SelfTest test) {
        if (mode.get() != Mode.OPEN || running.get().contains(test)) {
            return;
        }
        java.util.Set<SelfTest> now = java.util.EnumSet.noneOf(SelfTest.class);
        now.addAll(running.get());
        now.add(test);
        running.set(now);
        int mySession = session;
        background.execute(() -> {
            Outcome o = tools.run(test);
            ui.execute(() -> {
                if (mySession != session) {
                    return;
                }
                java.util.Set<SelfTest> left = java.util.EnumSet.noneOf(SelfTest.class);
                left.addAll(running.get());
                left.remove(test);
                running.set(left);
                Map<SelfTest, Outcome> r = new EnumMap<>(SelfTest.class);
                r.putAll(results.get());
                r.put(test, o);
                results.set(r);
                devices.set(tools.deviceStates());
            });
        });
    }

    public ObjectProperty<DeviceInventory.Inventory> foundProperty() {
        return found;
    }

    public ObjectProperty<TechnicianTools.Queue> queueProperty() {
        return queue;
    }

    public StringProperty syncMessageProperty() {
        return syncMessage;
    }

    public void syncNow() {
        if (mode.get() != Mode.OPEN) {
            return;
        }
        syncMessage.set(messages().get("tech.sync.running"));
        int mySession = session;
        background.execute(() -> {
            Outcome o = tools.syncNow();
            TechnicianTools.Queue q = tools.queue();
            ui.execute(() -> {
                if (mySession == session) {
                    syncMessage.set(messages().get(o.ok() ? "tech.sync.ok" : "tech.sync.failed", o.detail()));
                    queue.set(q);
                }
            });
        });
    }

    /** Puts the dead letters back in the send queue (after a fix) and syncs; the message says how it went. */
    public void resendDeadLetters() {
        if (mode.get() != Mode.OPEN) {
            return;
        }
        syncMessage.set(messages().get("tech.sync.running"));
        int mySession = session;
        background.execute(() -> {
            Outcome o = tools.resendDeadLetters();
            TechnicianTools.Queue q = tools.queue();
            ui.execute(() -> {
                if (mySession == session) {
                    syncMessage.set(messages().get(o.ok() ? "tech.sync.ok" : "tech.sync.failed", o.detail()));
                    queue.set(q);
                }
            });
        });
    }

    public ObjectProperty<List<String>> logProperty() {
        return log;
    }

    public StringProperty logSourceProperty() {
        return logSource;
    }

    /** The editable configuration values by key, as the fields hold them now. */
    public ObjectProperty<Map<String, StringProperty>> configProperty() {
        return config;
    }

    public StringProperty configMessageProperty() {
        return configMessage;
    }

    public BooleanProperty configFailedProperty() {
        return configFailed;
    }

    /** Validates and saves the configuration fields; when something changed, restarts the kiosk on it. */
    public void saveConfigAndRestart() {
        if (mode.get() != Mode.OPEN || config.get().isEmpty()) {
            return;
        }
        Map<String, String> edits = new LinkedHashMap<>();
        config.get().forEach((k, v) -> edits.put(k, v.get() == null ? "" : v.get()));
        configFailed.set(false);
        configMessage.set(messages().get("tech.config.saving"));
        int mySession = session;
        background.execute(() -> {
            String key;
            String detail = "";
            boolean restart = false;
            String centreNotice = "";
            try {
                restart = tools.saveConfig(edits);
                key = restart ? "tech.config.saved" : "tech.config.unchanged";
                centreNotice = centreNotice(edits.get("centre.url"));
            } catch (ConfigException e) {
                key = "tech.config.invalid";
                detail = String.join("\n", e.problems());
            } catch (Exception e) {
                key = "tech.config.unwritable";
                detail = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            String messageKey = key;
            String why = detail;
            String notice = centreNotice;
            boolean doRestart = restart;
            ui.execute(() -> {
                if (mySession != session) {
                    return;
                }
                configFailed.set(!messageKey.equals("tech.config.saved") && !messageKey.equals("tech.config.unchanged"));
                configMessage.set(messages().get(messageKey, why) + notice);
                if (doRestart) {
                    background.execute(tools::restart);
                }
            });
        });
    }

    /**
     * When the saved centre.url is not the centre this kiosk is enrolled at: the line that says the kiosk sends it
     * nothing until it is enrolled there (issue 13, item 2); empty otherwise. Called on the background thread.
     */
    private String centreNotice(String centreUrl) {
        String enrolled = tools.enrolledCentre();
        if (centreUrl == null || centreUrl.isBlank() || "embedded".equals(centreUrl.strip()) || enrolled == null
                || org.openkiosk.app.config.CentreUrl.same(centreUrl, enrolled)) {
            return "";
        }
        return "\n" + messages().get("tech.config.centre-not-enrolled", centreUrl.strip(), enrolled);
    }

    public StringProperty bundleDirProperty() {
        return bundleDir;
    }

    public StringProperty bundleMessageProperty() {
        return bundleMessage;
    }

    public BooleanProperty bundleFailedProperty() {
        return bundleFailed;
    }

    /** Writes a diagnostic bundle into the chosen folder. */
    public void exportBundle() {
        if (mode.get() != Mode.OPEN) {
            return;
        }
        String dir = bundleDir.get() == null ? "" : bundleDir.get().strip();
        if (dir.isEmpty()) {
            bundleFailed.set(true);
            bundleMessage.set(messages().get("tech.bundle.nodir"));
            return;
        }
        bundleFailed.set(false);
        bundleMessage.set(messages().get("tech.bundle.writing"));
        int mySession = session;
        background.execute(() -> {
            Object[] args;
            boolean failed;
            try {
                Path file = tools.exportBundle(Path.of(dir));
                args = new Object[] {file.toString(), Files.size(file) / 1024 + 1};
                failed = false;
            } catch (Exception e) {
                args = new Object[] {e.getMessage() == null ? e.toString() : e.getMessage()};
                failed = true;
            }
            Object[] shown = args;
            boolean fail = failed;
            ui.execute(() -> {
                if (mySession == session) {
                    bundleFailed.set(fail);
                    bundleMessage.set(messages().get(fail ? "tech.bundle.failed" : "tech.bundle.done", shown));
                }
            });
        });
    }

    /**
     * Leaves technician mode: everything of this session is forgotten; from the technician screen the home screen is
     * shown, while a cancelled PIN pad just closes over whatever was on screen.
     */
    public void leave() {
        boolean wasOpen = mode.get() == Mode.OPEN;
        session++;
        wipePin();
        taps.clear();
        // `checking` stays as it is: a PIN still being checked ends it when its answer comes. Cleared here, a pad
        // reopened at once could start a second check from the same count, and two wrong tries would count as one.
        pinMessage.set("");
        pinUsable.set(false);
        devices.set(Map.of());
        results.set(Map.of());
        running.set(java.util.Set.of());
        found.set(null);
        queue.set(null);
        syncMessage.set("");
        log.set(List.of());
        logSource.set("");
        config.set(Map.of());
        configMessage.set("");
        configFailed.set(false);
        bundleDir.set("");
        bundleMessage.set("");
        bundleFailed.set(false);
        mode.set(Mode.CLOSED);
        if (wasOpen) {
            LOG.warn("technician mode closed");
            shell.endSession(); // home, every screen model reset
        }
        // a PIN pad cancelled (perhaps opened by chance) leaves whatever a resident was doing as it was
    }

    private void wipePin() {
        Arrays.fill(pin, '\0');
        pin = new char[0];
        pinLength.set(0);
    }
}
