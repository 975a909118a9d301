package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.shape.MoveTo;
import javafx.scene.text.Text;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.flow.Step;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.testfx.api.FxToolkit;

/**
 * Pictures of every main screen of one whole trip, in landscape and portrait, standard and elderly, kept in
 * target/screenshots/ for people to look at. Each picture is also checked for what a resident would stumble on: no
 * text cut short, no single character left alone on a line, no date or number broken across lines, the screen's main
 * action on screen without scrolling, and in elderly mode every text at least 1.5 times its standard size.
 */
class KioskScreenshotsTest extends KioskUiTestBase {
    private static final Path OUT = Path.of("target", "screenshots");
    /**
     * What a resident reads as one thing: a date with its time, and numbers made of parts (application numbers,
     * masked ID numbers, phone numbers).
     */
    private static final Pattern WHOLE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(?: \\d{2}:\\d{2})?|[A-Za-z0-9*]*\\d[A-Za-z0-9*]*(?:-[A-Za-z0-9*]+)*");

    /** The four ways each screen is shot in, named as the pictures are. */
    private record Layout(String name, int width, int height, boolean elderly) {
    }

    private static final List<Layout> LAYOUTS = List.of(new Layout("landscape", 1920, 1080, false),
            new Layout("portrait", 1080, 1920, false), new Layout("landscape-elderly", 1920, 1080, true),
            new Layout("portrait-elderly", 1080, 1920, true));

    /** What the pictures' checks found, reported together at the end so that every screen is still shot. */
    private final List<String> problems = new ArrayList<>();
    /** The pictures, written on a thread of their own while the next one is drawn and checked. */
    private final Pictures pictures = new Pictures();
    /** Each picture's file and the width of the scene it shows. */
    private final Map<Path, Integer> widths = new java.util.LinkedHashMap<>();

    @AfterEach
    void stopPictures() {
        pictures.close();
    }

    /**
     * Shows the screen as it is now in each of the four ways in turn (one trip, each screen drawn anew in each way,
     * as {@link KioskAccessibilityTest} does), writes each picture and checks it; then back to the first way.
     * {@code whole} (node queries) are the button the resident needs next, and what else must be, whole on screen as
     * it is shown, without scrolling; {@code focus} (a node query, or null) is the field the cursor is in, so that its
     * on-screen keyboard is up in every way; {@code allMattersInView}: in elderly mode the catalogue's page of four
     * matters must be wholly in view.
     */
    private void shoot(String screen, String focus, boolean allMattersInView, String... whole) throws Exception {
        for (Layout l : LAYOUTS) {
            robot.interact(() -> apply(l, focus)); // and waits for the FX events the change set off
            shoot(l, screen, allMattersInView, whole);
        }
        robot.interact(() -> apply(LAYOUTS.get(0), focus));
    }

    /** {@code mainAction}: the button the resident needs next (a node query, or null), whole on screen. */
    private void shoot(String screen, String mainAction) throws Exception {
        shoot(screen, null, false, mainAction == null ? new String[0] : new String[] {mainAction});
    }

    private void apply(Layout l, String focus) {
        showWay(l.elderly(), l.width(), l.height(), focus);
    }

    /** One picture and its checks, all in one go on the JavaFX thread (the scene is not changed in between). */
    private void shoot(Layout l, String screen, boolean allMattersInView, String... whole) throws Exception {
        Scene scene = (l.width() > l.height() ? ui : portrait).scene();
        assertThat(FxToolkit.toolkitContext().getRegisteredStage().getScene()).isSameAs(scene);
        assertThat((int) scene.getWidth()).isEqualTo(l.width());
        Path file = OUT.resolve(l.name() + "-" + screen + ".png");
        widths.put(file, (int) scene.getWidth());
        String where = l.name() + "-" + screen + ": ";
        onFx(() -> {
            WritableImage image = scene.snapshot(null);
            int w = (int) image.getWidth();
            int h = (int) image.getHeight();
            int[] argb = new int[w * h];
            image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
            pictures.write(file, argb, w, h);

            List<String> cut = new ArrayList<>();
            collectCutText(scene.getRoot(), cut);
            cut.forEach(c -> problems.add(where + "text cut short: " + c));
            List<String> badBreaks = new ArrayList<>();
            collectBadLineBreaks(scene.getRoot(), badBreaks);
            badBreaks.forEach(b -> problems.add(where + b));
            scene.getRoot().lookupAll(".scroll-pane").stream().filter(Node::isVisible)
                    .map(n -> (ScrollPane) n).filter(sp -> sp.getContent() != null
                            && sp.getContent().getLayoutBounds().getWidth() > sp.getViewportBounds().getWidth() + 1)
                    .forEach(sp -> problems.add(where + "wider than the screen, needs sideways scrolling: "
                            + describe(sp.getContent())));
            for (String query : whole) {
                Node node = scene.lookup(query);
                assertThat(node).as(where + query).isNotNull();
                checkWholeOnScreen(scene, node, where + query);
            }
            if (l.elderly() && allMattersInView) {
                var matters = scene.getRoot().lookupAll(".matter-button");
                assertThat(matters).as(where + "the matters").isNotEmpty();
                matters.forEach(n -> checkWholeOnScreen(scene, n, where + "#" + n.getId()));
            }
            if (l.elderly()) {
                checkElderlyTypeScaled(scene, where); // last: it takes the elderly rules off and puts them back
            }
        });
    }

    /** A label whose words do not fit shows them with an ellipsis: its text node then differs from its text. */
    private static void collectCutText(Node node, List<String> cut) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()
                && l.lookup(".text") instanceof Text shown && !l.getText().equals(shown.getText())) {
            cut.add(l.getId() + " \"" + l.getText() + "\" shown as \"" + shown.getText() + "\"");
        }
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collectCutText(c, cut));
        }
    }

    /**
     * Where the wrapped labels' lines break: a paragraph whose last line holds a single Chinese character (an orphan,
     * "拍\n摄") reads as a stray mark, and a date or number broken in two ("2026-11-\n27") is misread.
     */
    private static void collectBadLineBreaks(Node node, List<String> found) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled l && l.isWrapText() && l.getText() != null && !l.getText().isEmpty()
                && l.lookup(".text") instanceof Text shown && l.getText().equals(shown.getText())) {
            String text = l.getText();
            List<Integer> starts = lineStarts(shown);
            for (int i = 1; i < starts.size(); i++) {
                int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
                String line = text.substring(starts.get(i), end);
                boolean endsParagraph = end == text.length() || line.endsWith("\n");
                boolean continuesOne = !text.substring(starts.get(i - 1), starts.get(i)).endsWith("\n");
                if (endsParagraph && continuesOne && isOrphan(line)) {
                    found.add("single character alone on a line: " + describe(l) + " ends with \"" + line.strip()
                            + "\"");
                }
            }
            Matcher whole = WHOLE.matcher(text);
            while (whole.find()) {
                for (int start : starts) {
                    if (whole.start() < start && start < whole.end()) {
                        found.add("broken across lines: \"" + whole.group() + "\" in " + describe(l));
                    }
                }
            }
        }
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collectBadLineBreaks(c, found));
        }
    }

    /** Where each line shown begins, as indices into the text: a line begins where the caret drops lower. */
    private static List<Integer> lineStarts(Text shown) {
        List<Integer> starts = new ArrayList<>();
        double lineTop = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < shown.getText().length(); i++) {
            double top = ((MoveTo) shown.caretShape(i, true)[0]).getY();
            if (top > lineTop + 0.5) {
                starts.add(i);
                lineTop = top;
            }
        }
        return starts;
    }

    /** One Chinese character, with or without punctuation ("摄", "次。"). */
    private static boolean isOrphan(String line) {
        String letters = line.replaceAll("[\\p{P}\\s]", "");
        return letters.codePointCount(0, letters.length()) == 1
                && Character.UnicodeScript.of(letters.codePointAt(0)) == Character.UnicodeScript.HAN;
    }

    private void checkWholeOnScreen(Scene scene, Node node, String what) {
        Bounds b = node.localToScene(node.getBoundsInLocal());
        if (!node.isVisible() || b.getMinX() < 0 || b.getMinY() < 0 || b.getMaxX() > scene.getWidth() + 0.5
                || b.getMaxY() > scene.getHeight() + 0.5) {
            problems.add(what + " not whole on screen: " + b);
        }
        for (Node p = node.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane sp) {
                Bounds view = sp.localToScene(sp.getLayoutBounds());
                if (b.getMinY() < view.getMinY() - 1 || b.getMaxY() > view.getMaxY() + 1) {
                    problems.add(what + " needs scrolling: " + b + " outside " + view);
                }
            }
        }
    }

    /**
     * Elderly mode must make every text on screen at least 1.5 times its standard size: measured on the very nodes
     * shown, with the stylesheet's elderly rules taken off for a moment and put back.
     */
    private void checkElderlyTypeScaled(Scene scene, String where) {
        Node shell = scene.lookup("#shell");
        assertThat(shell.getStyleClass()).as(where + "the shell in elderly mode").contains("elderly");
        Map<Node, Double> large = sizes(scene.getRoot());
        shell.getStyleClass().remove("elderly");
        scene.getRoot().applyCss();
        Map<Node, Double> standard = sizes(scene.getRoot());
        shell.getStyleClass().add("elderly");
        scene.getRoot().applyCss();
        large.forEach((node, size) -> {
            Double before = standard.get(node);
            if (before != null && size < before * 1.5 - 0.01) {
                problems.add(where + "not 1.5 times larger in elderly mode: " + describe(node) + " " + size
                        + "px, standard " + before + "px");
            }
        });
    }

    private static Map<Node, Double> sizes(Node root) {
        Map<Node, Double> sizes = new IdentityHashMap<>();
        collectSizes(root, sizes);
        return sizes;
    }

    private static void collectSizes(Node node, Map<Node, Double> sizes) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            sizes.put(node, l.getFont().getSize());
        } else if (node instanceof TextInputControl t) {
            sizes.put(node, t.getFont().getSize());
        }
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collectSizes(c, sizes));
        }
    }

    private static String describe(Node node) {
        return (node.getId() != null ? "#" + node.getId() : node.getStyleClass().toString())
                + (node instanceof Labeled l ? " \"" + l.getText() + "\"" : "");
    }

    /** On the on-screen keyboard, as a resident types. */
    private void typeOnKeyboard(String digits) {
        for (char c : digits.toCharArray()) {
            click("#key-" + c);
        }
    }

    @Test
    void everyMainScreenOfOneTripInEachLayout() throws Exception {
        startKiosk(Duration.ofMinutes(10), 1920, 1080);
        // the resident's own button turns elderly mode on (the pictures then set each way's mode themselves)
        click("#elderly");
        waitFor(() -> robot.lookup("#shell").query().getStyleClass().contains("elderly"), "elderly mode");
        shoot("01-home", "#start");
        click("#start");
        // elderly mode shows a page of four matters at a time: all four in view
        shoot("02-catalogue", null, true);
        click("#department-hrss");
        click("#matter-pension-enrol");
        shoot("03-materials", "#materials-start");

        // the card step as the resident sees it until the card lies on the reader
        context.simulated().idCard().removeCard();
        click("#materials-start");
        waitFor(() -> vm.step() == Step.ID_CARD && vm.screens().idCard().readingProperty().get(), "the card step");
        shoot("04-idcard", null);
        context.simulated().idCard().placeCard(IdCardSimulator.sampleResident());
        waitFor(() -> robot.lookup("#card-name").tryQuery().isPresent()
                || robot.lookup("#idcard-retry").tryQuery().map(Node::isVisible).orElse(false), "the card to be read");
        if (robot.lookup("#card-name").tryQuery().isEmpty()) {
            click("#idcard-retry"); // the reader gave up before the card came: as a resident would, read again
        }
        assertThat(text("#card-name")).isEqualTo(IdCardSimulator.sampleResident().name());

        click("#field-phone");
        typeOnKeyboard("13800138000");
        assertThat(text("#field-phone")).isEqualTo("13800138000");
        shoot("05-form-keyboard", "#field-phone", false, "#form-next");
        assertThat(text("#field-phone")).isEqualTo("13800138000");
        click("#field-contributionLevel-1");
        click("#form-next");

        // the live picture of the stage, with the outline where the page goes
        waitFor(() -> robot.lookup("#capture-preview").tryQuery()
                .map(n -> ((javafx.scene.image.ImageView) n).getImage() != null).orElse(false), "the live picture");
        shoot("06-capture-preview", null, false, "#capture-shoot", "#capture-guide");

        // the document camera refuses a blurred page on the spot and says why
        Path blurred = data.resolve("blurred-page.jpg");
        Files.copy(getClass().getResourceAsStream("/sim/blurred-page.jpg"), blurred);
        context.simulated().camera().showNext(blurred);
        click("#capture-shoot");
        waitFor(() -> robot.lookup("#problem").tryQuery().isPresent(), "the check result");
        shoot("06-capture-check", "#capture-shoot");
        click("#capture-shoot");
        waitFor(() -> robot.lookup("#review-submit").tryQuery().isPresent(), "the review");
        click("#review-consent");
        shoot("07-review-consent", "#review-submit");
        click("#review-submit");
        waitFor(() -> robot.lookup("#application-no").tryQuery().isPresent(), "the application number");
        shoot("08-done-receipt", "#done-rate");

        click("#done-rate");
        click("#rating-VERY_DISSATISFIED");
        click("#rating-reason");
        // the reason on the on-screen pinyin keyboard: "pai" offers 排
        for (String k : new String[] {"#key-p", "#key-a", "#key-i"}) {
            click(k);
        }
        robot.lookup(".key").queryAll().stream().filter(n -> n.getId() != null && n.getId().startsWith("candidate-")
                && "排".equals(((javafx.scene.control.Button) n).getText())).findFirst().ifPresent(robot::clickOn);
        assertThat(text("#rating-reason")).isEqualTo("排");
        shoot("09-rating-reason-keyboard", "#rating-reason", false, "#rating-send");
        assertThat(text("#rating-reason")).isEqualTo("排");
        robot.interact(() -> robot.lookup("#rating-reason").queryAs(javafx.scene.control.TextField.class)
                .setText("排队太久"));
        click("#rating-send");
        waitFor(() -> robot.lookup("#rating-thanks").tryQuery().map(Node::isVisible).orElse(false), "the thanks");
        shoot("10-rating-thanks", "#rating-home");
        click("#rating-home");

        // a later visit: the progress of what this resident applied for, found by the card
        waitFor(() -> robot.lookup("#home-screen").tryQuery().isPresent(), "home");
        click("#progress");
        waitFor(() -> robot.lookup("#progress-done").tryQuery().isPresent(), "the progress list");
        shoot("11-progress", "#progress-done");
        click("#progress-done");
        assertThat(pictures.awaitAll()).containsExactlyElementsOf(widths.keySet())
                .hasSize(12 * LAYOUTS.size()); // 01 to 11, and 06 twice
        for (var shot : widths.entrySet()) {
            assertThat(ImageIO.read(shot.getKey().toFile()).getWidth()).as(shot.getKey().toString()).isEqualTo(shot.getValue());
            assertThat(Files.size(shot.getKey())).as(shot.getKey().toString()).isGreaterThan(10_000);
        }
        assertThat(problems).as("what the pictures show a resident would stumble on").isEmpty();
    }
}
