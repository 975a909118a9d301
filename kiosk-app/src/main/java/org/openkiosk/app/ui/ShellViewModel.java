package org.openkiosk.app.ui;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.openkiosk.app.flow.FlowException;
import org.openkiosk.app.flow.Problem;
import org.openkiosk.app.flow.ResidentSession;
import org.openkiosk.app.flow.Step;
import org.openkiosk.app.flow.TripServices;
import org.openkiosk.app.i18n.Messages;
import org.openkiosk.app.speech.Speaker;
import org.openkiosk.app.ui.task.BackgroundTask;
import org.openkiosk.app.ui.task.TaskExecutor;
import org.openkiosk.app.ui.task.UiTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk screen as properties: which step is shown, in which language and mode, whether work is under
 * way, and which problem to explain. Blocking flow calls run on the injected background executor and their
 * results come back on the UI executor, so tests can drive this without a screen.
 */
public final class ShellViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ShellViewModel.class);

    /** What every session's trips use; holds nothing of a resident. */
    private final TripServices trips;
    private final Executor background;
    private final Executor ui;
    /** Runs {@link #work}: on the background executor, the answer on the UI executor. */
    private final TaskExecutor tasks;
    private final Locale defaultLocale;
    private final boolean defaultElderly;

    private final ObjectProperty<Step> step = new SimpleObjectProperty<>(Step.HOME);
    private final ObjectProperty<Locale> locale;
    private final BooleanProperty elderly;
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final ObjectProperty<Problem> problem = new SimpleObjectProperty<>();
    /** Bumped whenever the current screen must be drawn again from its model, even on the same step. */
    private final ObjectProperty<Integer> shown = new SimpleObjectProperty<>(0);
    /** Counts finished sessions: each bump means "everything of the last resident is gone". */
    private final ObjectProperty<Integer> session = new SimpleObjectProperty<>(0);
    /** The step bar: the steps of the trip under way and where the resident is; null at home. */
    private final ObjectProperty<TripSteps> steps = new SimpleObjectProperty<>();
    /** The prompt said last, for "再听一遍"; shown on screen as well as spoken. */
    private final javafx.beans.property.StringProperty spoken = new javafx.beans.property.SimpleStringProperty("");
    private List<String> lastPrompt = List.of();

    /** Everything of the resident at the screen now: replaced, never cleared, when the session ends. */
    private ResidentSession resident;
    /** This session's screen models: replaced with the session, never cleared. */
    private ScreenModels screens;
    /** What the screen models may ask of the shell. */
    private final SessionPort port = new Port();

    private final Speaker speaker;
    private final BooleanProperty speech;
    /** Seconds left before an idle session is wiped; 0 while no warning is shown. */
    private final javafx.beans.property.IntegerProperty idleCountdown = new javafx.beans.property.SimpleIntegerProperty(0);
    /** The devices that are down now ({@code idcard}, {@code camera}, {@code printer}); empty when all serve. */
    private final ObjectProperty<java.util.Set<String>> devicesDown = new SimpleObjectProperty<>(java.util.Set.of());
    private org.openkiosk.app.diag.DeviceAvailability devices = org.openkiosk.app.diag.DeviceAvailability.ALL_UP;
    /** The kiosk's line to the help desk (kiosk-wide; each session's help model calls through it). */
    private volatile org.openkiosk.app.flow.HelpLine helpLine = org.openkiosk.app.flow.HelpLine.NONE;

    public ShellViewModel(TripServices trips, Executor background, Executor ui, Locale locale, boolean elderly) {
        this(trips, background, ui, locale, elderly, Speaker.SILENT);
    }

    public ShellViewModel(TripServices trips, Executor background, Executor ui, Locale locale, boolean elderly,
                          Speaker speaker) {
        this.trips = trips;
        this.speaker = speaker;
        this.speech = new SimpleBooleanProperty(elderly);
        this.background = background;
        this.ui = ui;
        this.tasks = new UiTaskExecutor(background, ui);
        this.defaultLocale = locale;
        this.defaultElderly = elderly;
        this.locale = new SimpleObjectProperty<>(locale);
        this.elderly = new SimpleBooleanProperty(elderly);
        this.elderly.addListener((o, a, on) -> speech.set(on));
        this.locale.addListener((o, a, b) -> {
            if (!spoken.get().isEmpty()) {
                describePrompt(); // the prompt shown follows the language
            }
        });
        this.resident = trips.openSession();
        this.screens = newScreens();
    }

    private ScreenModels newScreens() {
        return new ScreenModels(port, resident, background, ui, () -> helpLine, text -> speaker.say(text, locale.get()));
    }

    /** Remote help through {@code line} (without it the help control says the centre cannot be reached). */
    public void offerHelp(org.openkiosk.app.flow.HelpLine line) {
        this.helpLine = line;
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step;
    }

    public Step step() {
        return step.get();
    }

    public ObjectProperty<Locale> localeProperty() {
        return locale;
    }

    public Messages messages() {
        return Messages.of(locale.get());
    }

    public BooleanProperty elderlyProperty() {
        return elderly;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ObjectProperty<Problem> problemProperty() {
        return problem;
    }

    public ObjectProperty<Integer> sessionProperty() {
        return session;
    }

    public ObjectProperty<Integer> shownProperty() {
        return shown;
    }

    /** The resident's session now (a new one after every {@link #endSession()}). */
    public ResidentSession residentSession() {
        return resident;
    }

    /** The screen models of the current session (a new set after every {@link #endSession()}). */
    public ScreenModels screens() {
        return screens;
    }

    public void toggleLanguage() {
        locale.set("en".equals(locale.get().getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH);
    }

    public void toggleElderly() {
        elderly.set(!elderly.get());
        speak();
    }

    /** Spoken prompts: on in elderly mode, and switchable either way. */
    public BooleanProperty speechProperty() {
        return speech;
    }

    public void toggleSpeech() {
        speech.set(!speech.get());
    }

    public javafx.beans.property.IntegerProperty idleCountdownProperty() {
        return idleCountdown;
    }

    /** Says this step's prompt aloud when spoken prompts are on: where the resident is in the trip, then what to do. */
    void speak() {
        describePrompt();
        if (speech.get() && !promptSentence().isEmpty()) {
            speaker.sayAll(lastPrompt, locale.get());
        }
    }

    /** This step's prompt in the language on screen, as shown (and said when prompts are spoken). */
    private void describePrompt() {
        String key = "speech." + step.get();
        String prompt = messages().has(key) ? messages().get(key) : "";
        TripSteps at = steps.get();
        String where = at == null || !at.settled() ? ""
                : at.remaining() == 0 ? messages().get("steps.spokenLast", at.number(), at.total())
                : messages().get("steps.spoken", at.number(), at.total(), at.remaining());
        lastPrompt = List.of(where, prompt);
        spoken.set(where + prompt);
    }

    /** The step bar follows the trip; the same steps again change nothing on screen. */
    private void setSteps() {
        TripSteps now = TripSteps.of(resident).orElse(null);
        if (!java.util.Objects.equals(now, steps.get())) {
            steps.set(now);
        }
    }

    /** "再听一遍": the last prompt once more. */
    public void repeatSpeech() {
        if (!spoken.get().isEmpty()) {
            speaker.sayAll(lastPrompt, locale.get());
        }
    }

    /** The resident touched the screen: a prompt still being said stops. */
    public void residentActed() {
        speaker.stop();
    }

    /** What the last prompt asked the resident to do, without where they are in the trip. */
    public String promptSentence() {
        return lastPrompt.size() > 1 ? lastPrompt.get(1) : spoken.get();
    }

    public javafx.beans.property.StringProperty spokenProperty() {
        return spoken;
    }

    /** The step bar's content: null at home (no trip under way). */
    public ObjectProperty<TripSteps> stepsProperty() {
        return steps;
    }

    /** Follows the devices' availability: the home screen and the catalogue show what is closed while one is down. */
    public void watchDevices(org.openkiosk.app.diag.DeviceAvailability availability) {
        this.devices = availability;
        devicesDown.set(availability.down());
        availability.addListener(() -> ui.execute(() -> devicesDown.set(availability.down())));
    }

    public ObjectProperty<java.util.Set<String>> devicesDownProperty() {
        return devicesDown;
    }

    /** Matters that cannot be done now: those with papers to photograph while the camera is down. */
    public java.util.Set<String> unavailableMatters() {
        if (!devicesDown.get().contains("camera")) {
            return java.util.Set.of();
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        resident.catalogue().matters().stream().filter(m -> !m.toCapture().isEmpty()).forEach(m -> ids.add(m.id()));
        return ids;
    }

    public void start() {
        if (devicesDown.get().contains("idcard")) {
            problem.set(Problem.READER_UNAVAILABLE); // every trip starts with the card: none can begin
            return;
        }
        resident.application().start();
        show();
    }

    /** A matter's tile on the home screen: the trip starts with that matter chosen, at its list of materials. */
    public void startMatter(String matterId) {
        if (devicesDown.get().contains("idcard")) {
            problem.set(Problem.READER_UNAVAILABLE);
            return;
        }
        resident.application().start();
        resident.application().choose(matterId);
        show();
    }

    /** A life event's tile on the home screen: the catalogue opens on that event's matters. */
    public void startLifeEvent(String event) {
        if (devicesDown.get().contains("idcard")) {
            problem.set(Problem.READER_UNAVAILABLE);
            return;
        }
        resident.application().start();
        screens.catalogue().showLifeEvent(event);
        show();
    }

    public void startProgress() {
        if (devicesDown.get().contains("idcard")) {
            problem.set(Problem.READER_UNAVAILABLE);
            return;
        }
        resident.progress().start();
        show();
    }

    public void back() {
        if (busy.get()) {
            return;
        }
        resident.back();
        show();
    }

    /**
     * Ends the session: the resident's session and its screen models are dropped whole and new ones made, and home is
     * shown. Nothing is cleared field by field.
     */
    public void endSession() {
        resident.end();
        screens.close();
        resident = trips.openSession();
        screens = newScreens();
        problem.set(null);
        busy.set(false);
        locale.set(defaultLocale);
        elderly.set(defaultElderly);
        speech.set(defaultElderly);
        idleCountdown.set(0);
        session.set(session.get() + 1);
        steps.set(null);
        spoken.set("");
        step.set(Step.HOME);
        shown.set(shown.get() + 1);
        LOG.info("session ended; resident data wiped");
    }

    /** Shows whatever step the flow is at, refreshing that screen's model from the flow first. */
    public void show() {
        problem.set(null);
        screens.enter(resident.step());
        setSteps();
        step.set(resident.step());
        shown.set(shown.get() + 1);
        speak();
    }

    /**
     * Runs a blocking flow call as a {@link BackgroundTask}; a {@link FlowException} becomes the shown problem. What
     * comes back after the session ended is dropped: nothing of the last resident reaches the next one's screen.
     */
    public <T> void work(Callable<T> task, Consumer<T> onSuccess, Consumer<Problem> onProblem) {
        busy.set(true);
        problem.set(null);
        int mySession = session.get();
        BackgroundTask.wrap(() -> {
                    try {
                        return task.call();
                    } catch (FlowException e) { // logged here, as it happens, even if the session has ended since
                        LOG.info("step failed: {}", e.getMessage());
                        throw e;
                    } catch (Exception e) {
                        LOG.error("unexpected failure in a kiosk step", e);
                        throw e;
                    }
                })
                .onlyWhile(() -> session.get() == mySession)
                .onSuccess(done -> {
                    busy.set(false);
                    onSuccess.accept(done);
                })
                .onFailure(e -> {
                    // not "store failed" for the unexpected: the store says so itself, with a FlowException
                    Problem failed = e instanceof FlowException f ? f.problem() : Problem.UNEXPECTED;
                    busy.set(false);
                    problem.set(failed);
                    onProblem.accept(failed);
                })
                .executeWith(tasks);
    }

    public Optional<Problem> problem() {
        return Optional.ofNullable(problem.get());
    }

    /** The screen models' narrow view of the shell. */
    private final class Port implements SessionPort {
        @Override
        public Messages messages() {
            return ShellViewModel.this.messages();
        }

        @Override
        public Locale locale() {
            return locale.get();
        }

        @Override
        public boolean elderly() {
            return elderly.get();
        }

        @Override
        public boolean busy() {
            return busy.get();
        }

        @Override
        public void show() {
            ShellViewModel.this.show();
        }

        @Override
        public void explain(Problem shown) {
            problem.set(shown);
        }

        @Override
        public <T> void work(Callable<T> task, Consumer<T> onSuccess, Consumer<Problem> onProblem) {
            ShellViewModel.this.work(task, onSuccess, onProblem);
        }

        @Override
        public void endSession() {
            ShellViewModel.this.endSession();
        }

        @Override
        public void stepsChanged() {
            setSteps();
        }
    }
}
