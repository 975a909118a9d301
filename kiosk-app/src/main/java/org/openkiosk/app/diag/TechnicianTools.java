package org.openkiosk.app.diag;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openkiosk.app.config.ConfigException;

/**
 * What the technician screen can see and do on a running kiosk, in plain values: the screen's model never reaches the
 * drivers, the store or the sync worker itself. Every blocking call is made on a background thread by the caller.
 * Nothing returned here carries a secret (centre token, PIN hash, store key): texts pass through a {@link Redactor}.
 */
public interface TechnicianTools {

    /** The self-tests a technician can run from the screen. */
    enum SelfTest {
        /** Reads the card lying on the ID reader. */
        READ_CARD,
        /** Takes a still from the document camera, straightens it and reads it with OCR. */
        CAPTURE_OCR,
        /** Prints the test receipt on the receipt printer. */
        PRINT_RECEIPT,
        /** Prints the A4 test page on the document printer. */
        PRINT_PAGE
    }

    /** One outcome: ok or not, with one plain line for a technician. */
    record Outcome(boolean ok, String detail) {
        public static Outcome ok(String detail) {
            return new Outcome(true, detail);
        }

        public static Outcome failed(String detail) {
            return new Outcome(false, detail);
        }
    }

    /**
     * The sync queue at a glance; {@code lastSuccess} and {@code lastError} are empty when there is none;
     * {@code deadLetters} counts the applications the centre refused for good, kept encrypted on the kiosk.
     */
    record Queue(int pending, int acknowledged, String lastSuccess, String lastError, int deadLetters) {
        public Queue(int pending, int acknowledged, String lastSuccess, String lastError) {
            this(pending, acknowledged, lastSuccess, lastError, 0);
        }
    }

    /**
     * The PIN pad's lockout, kept across restarts.
     *
     * @param wrongTries  wrong PINs in a row since the last right one or the last lock
     * @param lockedUntil the wall-clock end of the lock; null when the pad is not locked
     */
    record PinLockout(int wrongTries, Instant lockedUntil) {
        public static final PinLockout NONE = new PinLockout(0, null);
    }

    /** The PIN pad's lockout as last saved on this kiosk; {@link PinLockout#NONE} when there is none. */
    PinLockout pinLockout();

    /** Saves the PIN pad's lockout where a restart of the kiosk finds it again. */
    void savePinLockout(PinLockout lockout);

    /** Whether a technician PIN hash is configured (without one, technician mode stays closed). */
    boolean pinConfigured();

    /** Whether {@code pin} matches the configured hash (slow on purpose: PBKDF2). */
    boolean pinMatches(char[] pin);

    /** Each watched device's state by name, e.g. {@code printer -> up, "online, paper OK"}. */
    Map<String, DeviceAvailability.State> deviceStates();

    /** Runs {@code onChange} (on a background thread) whenever a device goes down or comes back. */
    void onDeviceChange(Runnable onChange);

    Outcome run(SelfTest test);

    /** Serial ports, PC/SC readers, cameras and printers found on this machine. */
    DeviceInventory.Inventory devicesFound();

    Queue queue();

    /** Runs one sync round now; the outcome says how many applications the centre acknowledged, or why not. */
    Outcome syncNow();

    /**
     * Puts every dead letter (an application the centre refused for good) back in the send queue, after the fault
     * was fixed, and runs a sync round; the outcome says how many went back and how the round went.
     */
    default Outcome resendDeadLetters() {
        return Outcome.failed("this kiosk keeps no dead letters");
    }

    /** The last {@code lines} lines of the kiosk's newest log file, secrets redacted; empty when it has none. */
    List<String> recentLog(int lines);

    /** Where the log lines come from, for the screen; null when there is no log file. */
    Path logFile();

    /** The editable configuration values as written in the configuration file. */
    Map<String, String> configValues() throws IOException;

    /** The configuration file being edited. */
    Path configFile();

    /**
     * Validates and saves the edits (nothing is written when they are invalid).
     *
     * @return whether the file changed
     */
    boolean saveConfig(Map<String, String> edits) throws ConfigException, IOException;

    /**
     * The centre this kiosk is enrolled at (its credential's URL), where alone its token and data may go; null when it
     * is not enrolled.
     */
    default String enrolledCentre() {
        return null;
    }

    /** Ends this kiosk process so that it is started again on the saved configuration. */
    void restart();

    /** Writes a diagnostic bundle into {@code dir} and returns the file. */
    Path exportBundle(Path dir) throws IOException;

    /** The folder offered for the bundle: a mounted USB stick under /media when there is one, else the data folder. */
    Path defaultBundleDir();
}
