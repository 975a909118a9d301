package org.openkiosk.app.ui.technician;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.openkiosk.app.ui.task.BackgroundTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PIN pad as properties: the digits typed (held as a wiped {@code char[]}, shown only as their count), the pad's
 * message, whether it takes digits, and whether a PIN is being checked. Tries and the lock are the
 * {@link PinLockoutPolicy}'s; the check itself runs as a background task.
 */
public final class PinPadViewModel {
    public static final int PIN_MAX = 12;
    public static final int PIN_MIN = 6;
    private static final Logger LOG = LoggerFactory.getLogger(PinPadViewModel.class);

    private final TechnicianScope scope;
    private final PinLockoutPolicy policy;
    /** Called on the UI thread when the right PIN was typed on a pad still shown. */
    private final Runnable onRightPin;

    private char[] pin = new char[0];
    private final IntegerProperty length = new SimpleIntegerProperty(0);
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty usable = new SimpleBooleanProperty(false);
    private final BooleanProperty checking = new SimpleBooleanProperty(false);

    PinPadViewModel(TechnicianScope scope, PinLockoutPolicy policy, Runnable onRightPin) {
        this.scope = scope;
        this.policy = policy;
        this.onRightPin = onRightPin;
    }

    public ReadOnlyIntegerProperty lengthProperty() {
        return length;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    /** False when no PIN is configured: the pad shows how to set one and takes no digits. */
    public ReadOnlyBooleanProperty usableProperty() {
        return usable;
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return checking;
    }

    public boolean locked() {
        return policy.locked();
    }

    private boolean shown() {
        return scope.mode().get() == TechnicianViewModel.Mode.PIN;
    }

    /** The pad is shown: empty, with the prompt, the lock, or how to set a PIN. */
    void opened() {
        wipe();
        if (!scope.tools().pinConfigured()) {
            usable.set(false);
            message.set(scope.messages().get("tech.pin.none"));
            LOG.info("technician mode asked for, but no technician PIN is configured");
            return;
        }
        usable.set(true);
        message.set(policy.locked() ? lockedText() : scope.messages().get("tech.pin.prompt"));
    }

    public void digit(int d) {
        if (!shown() || !usable.get() || checking.get() || pin.length >= PIN_MAX || d < 0 || d > 9) {
            return;
        }
        char[] longer = Arrays.copyOf(pin, pin.length + 1);
        longer[pin.length] = (char) ('0' + d);
        Arrays.fill(pin, '\0');
        pin = longer;
        length.set(pin.length);
    }

    public void backspace() {
        if (pin.length == 0 || checking.get()) {
            return;
        }
        char[] shorter = Arrays.copyOf(pin, pin.length - 1);
        Arrays.fill(pin, '\0');
        pin = shorter;
        length.set(pin.length);
    }

    /** Checks the typed PIN against the stored hash in the background; nothing while a check is under way. */
    public void submit() {
        if (!shown() || !usable.get() || checking.get()) {
            return;
        }
        if (policy.locked()) {
            wipe();
            message.set(lockedText());
            return;
        }
        if (pin.length < PIN_MIN) {
            wipe();
            message.set(scope.messages().get("tech.pin.short", PIN_MIN));
            return;
        }
        PinLockoutPolicy.Check check = policy.begin(pin);
        if (check == null) {
            return; // cannot happen while `checking` mirrors the policy; the policy says no second check all the same
        }
        pin = new char[0]; // the check owns (and wipes) the digits now
        length.set(0);
        checking.set(true);
        BooleanSupplier stillShown = scope.stillShown();
        // no onlyWhile: the count goes on from this answer even when the pad was closed meanwhile
        BackgroundTask.wrap(check::run)
                .onFinished(() -> checking.set(false))
                .onSuccess(verdict -> {
                    policy.finish(verdict);
                    if (stillShown.getAsBoolean()) {
                        answer(verdict);
                    }
                })
                .onFailure(e -> {
                    policy.abandon();
                    LOG.error("technician PIN could not be checked", e);
                    if (stillShown.getAsBoolean()) {
                        message.set(scope.messages().get("tech.pin.prompt"));
                    }
                })
                .executeWith(scope.tasks());
    }

    private void answer(PinLockoutPolicy.Verdict verdict) {
        switch (verdict.result()) {
            case RIGHT -> {
                message.set("");
                onRightPin.run();
            }
            case LOCKED -> message.set(lockedText());
            case WRONG -> message.set(scope.messages().get("tech.pin.wrong", verdict.triesLeft()));
        }
    }

    private String lockedText() {
        return scope.messages().get("tech.pin.locked", policy.minutesLeft());
    }

    /**
     * The pad closes. {@code checking} stays as it is: a PIN still being checked ends it when its answer comes. Cleared
     * here, a pad reopened at once could start a second check from the same count, and two wrong tries would count as
     * one.
     */
    void closed() {
        wipe();
        message.set("");
        usable.set(false);
    }

    private void wipe() {
        Arrays.fill(pin, '\0');
        pin = new char[0];
        length.set(0);
    }
}
