package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.catalogue.Catalogue;
import org.openkiosk.app.catalogue.Matter;
import org.openkiosk.app.flow.ApplicationDesk;
import org.openkiosk.app.flow.FlowException;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.flow.Rating;
import org.openkiosk.app.flow.Submitted;
import org.openkiosk.app.flow.Trip;
import org.openkiosk.app.flow.TripServices;

/** The shell's background work, driven on the calling thread: what a failure is called on screen. */
class ShellViewModelTest {

    private final ShellViewModel shell;

    ShellViewModelTest() throws Exception {
        shell = new ShellViewModel(new TripServices(Catalogue.builtIn(), null, null, new NoDesk(), Duration.ofSeconds(1),
                Clock.systemUTC()), Runnable::run, Runnable::run, Locale.SIMPLIFIED_CHINESE, false);
    }

    @Test
    void anUnexpectedFailureIsCalledUnexpectedNotAFailedSubmission() {
        AtomicReference<Problem> told = new AtomicReference<>();
        shell.work(() -> {
            throw new IllegalStateException("a bug in some step");
        }, ok -> { }, told::set);
        assertThat(told.get()).isEqualTo(Problem.UNEXPECTED);
        assertThat(shell.problem()).contains(Problem.UNEXPECTED);
        assertThat(shell.busyProperty().get()).isFalse();
    }

    @Test
    void aFlowProblemIsShownAsItself() {
        AtomicReference<Problem> told = new AtomicReference<>();
        shell.work(() -> {
            throw new FlowException(Problem.STORE_FAILED, "disk full");
        }, ok -> { }, told::set);
        assertThat(told.get()).isEqualTo(Problem.STORE_FAILED);
    }

    @Test
    void onlyAPrinterFaultOffersToPrintAgain() {
        assertThat(Problem.PRINTER_PAPER_OUT.printerFault()).isTrue();
        assertThat(Problem.PRINTER_UNAVAILABLE.printerFault()).isTrue();
        assertThat(Problem.RECEIPT_NOT_MADE.printerFault()).as("a template that failed fails again").isFalse();
    }

    private static final class NoDesk implements ApplicationDesk {
        @Override
        public Submitted submit(Trip trip) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reprintReceipt(String applicationId) {
        }

        @Override
        public void printChecklist(Matter matter) {
        }

        @Override
        public void rate(String applicationId, Rating rating, String reason) {
        }

        @Override
        public void endSession() {
        }
    }
}
