package org.openkiosk.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openkiosk.app.flow.Step;
import org.openkiosk.app.sync.CentreClient;
import org.openkiosk.app.sync.CentreHelpLine;
import org.openkiosk.app.ui.help.HelpLayer;
import org.openkiosk.app.ui.help.HelpViewModel;
import org.openkiosk.app.ui.help.ScreenFrames;
import org.openkiosk.centre.CentreHttp;
import org.openkiosk.centre.HelpSocketClient;
import org.openkiosk.centre.core.Role;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.ocr.TesseractEngine;
import org.openkiosk.sync.api.Json;

/**
 * Issue 18, remote help (远程帮办), with the kiosk under TestFX and a help-desk client over real HTTP and WebSockets
 * against the kiosk's running centre: consent refused sends nothing; consent given, the request is taken, frames
 * arrive, a message is shown and spoken, a pointer rings the "下一步" control, the resident ends it. No frame holds the
 * resident's ID number or name (each read with the project's OCR, and every masked region checked to be mask grey);
 * the idle wipe ends help at once and the help desk is told; an unreachable centre shows the hotline at once. The
 * bytes per second of the help session are printed ({@code [help-bandwidth]}).
 */
class KioskRemoteHelpTest extends KioskUiTestBase {
    private static final String PASSWORD = "correct horse battery";
    private static final IdCard RESIDENT = IdCardSimulator.sampleResident();
    private final HttpClient http = HttpClient.newHttpClient();

    private String helpDeskToken() throws Exception {
        context.centre().saveStaff("helper", PASSWORD.toCharArray(), EnumSet.of(Role.HELP_DESK));
        var r = CentreHttp.send(http, context.centre(), "POST", "/console/api/login", null,
                "{\"username\":\"helper\",\"password\":\"" + PASSWORD + "\"}");
        return Json.mapper().readTree(r.body()).path("token").asText();
    }

    private HelpViewModel help() {
        return vm.screens().help();
    }

    @Test
    void aStaffMemberGuidesTheResidentAndNoFrameHoldsTheirIdNumberOrName() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        ui.helpLayer().keepFrames(true);
        try (HelpSocketClient staff = HelpSocketClient.open(context.centre(), "/console/help/socket", helpDeskToken())) {
            staff.awaitType("requests");
            startHrssMatter("pension-enrol");
            waitFor(() -> robot.lookup("#field-phone").tryQuery().isPresent(), "the form");
            scrollIntoView(robot.lookup("#field-phone").query());
            robot.clickOn("#field-phone").write("13500135000");

            // refusing consent sends nothing
            click("#help-call");
            assertThat(text("#help-consent-text")).contains("工作人员将看到您现在的屏幕", "身份证号码等个人信息会被遮住");
            click("#help-consent-no");
            waitFor(() -> help().state() == HelpViewModel.State.OFF, "the consent closed");
            Thread.sleep(1500); // three frame ticks in which nothing may go out
            assertThat(context.centre().help().figures(Duration.ofDays(1))).as("no request reached the centre").isEmpty();
            assertThat(staff.texts()).allMatch(m -> m.path("requests").isEmpty());
            assertThat(ui.helpLayer().keptFrames()).as("no frame sent").isEmpty();

            // consent: the request, with the kiosk, its place and the step, reaches the help desk
            click("#help-call");
            click("#help-consent-yes");
            long started = System.nanoTime();
            JsonNode listed = staff.await(m -> m.path("requests").size() == 1, Duration.ofSeconds(15), "the request");
            JsonNode request = listed.path("requests").get(0);
            assertThat(request.path("kioskId").asText()).isEqualTo("K0001");
            assertThat(request.path("place").asText()).isEqualTo("K0001");
            assertThat(request.path("step").asText()).isEqualTo("FORM");
            assertThat(request.toString()).doesNotContain(RESIDENT.name(), RESIDENT.idNumber(), "13500135000");
            String id = request.path("id").asText();
            staff.send("{\"type\":\"take\",\"id\":\"" + id + "\"}");
            waitFor(() -> help().state() == HelpViewModel.State.HELPING, "the call taken");
            assertThat(text("#help-state")).isEqualTo("工作人员正在协助您");
            assertThat(robot.lookup("#help-end").tryQuery()).isPresent();

            // a message in large type, spoken
            staff.send("{\"type\":\"message\",\"id\":\"" + id + "\",\"text\":\"请确认信息后点击下一步\"}");
            waitFor(() -> "请确认信息后点击下一步".equals(text("#help-message")), "the message shown");
            assertThat(spoken).contains("请确认信息后点击下一步");
            assertThat(robot.lookup("#help-message").query().getStyleClass()).contains("help-message");

            // a pointer on the "下一步" control rings it
            Node next = robot.lookup("#form-next").query();
            Bounds b = next.localToScene(next.getBoundsInLocal());
            double x = b.getCenterX() / ui.scene().getWidth();
            double y = b.getCenterY() / ui.scene().getHeight();
            staff.send(String.format(Locale.ROOT, "{\"type\":\"pointer\",\"id\":\"%s\",\"x\":%.4f,\"y\":%.4f}", id, x, y));
            waitFor(() -> ui.helpLayer().pointedProperty().get() == next, "the pointer on 下一步");
            assertThat(robot.lookup("#help-ring").query().isVisible()).isTrue();
            snap("help-pointer");

            // staff point again while the ring pulses: the screen keeps changing, and frames keep to the bound
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (staff.frames().size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                staff.send(String.format(Locale.ROOT, "{\"type\":\"pointer\",\"id\":\"%s\",\"x\":%.4f,\"y\":%.4f}",
                        id, x, y));
            }
            assertThat(staff.frames()).as("frames at the help desk").hasSizeGreaterThanOrEqualTo(5);
            // what the masking hides: the same screen, unmasked, read by the same OCR (never sent)
            ScreenFrames.Frame[] unmasked = new ScreenFrames.Frame[1];
            Rectangle2D[] nodes = new Rectangle2D[2];
            robot.interact(() -> {
                nodes[0] = sceneRect("#card-idNumber");
                nodes[1] = sceneRect("#card-name");
            });
            List<byte[]> frames = new ArrayList<>(staff.frames());
            List<HelpLayer.SentFrame> kept = new ArrayList<>(ui.helpLayer().keptFrames());
            // the card's values in view for the unmasked picture, so it has the resident's name and number to read
            // (with the keyboard beside the form and the one-line help banner they are in view already)
            scrollIntoView(robot.lookup("#card-idNumber").query());
            robot.interact(() -> unmasked[0] = ScreenFrames.grab(ui.scene(), false));

            click("#help-end");
            JsonNode ended = staff.awaitType("ended");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(ended.path("by").asText()).isEqualTo("kiosk:resident");
            assertThat(help().state()).isEqualTo(HelpViewModel.State.OFF);
            long bytes = frames.stream().mapToLong(f -> f.length).sum();
            System.out.printf(Locale.ROOT, "[help-bandwidth] %d frames, %d bytes in %.1f s: %.0f bytes/s (%.0f kbit/s), "
                            + "largest frame %d bytes, bound %d bytes/s%n", frames.size(), bytes, seconds, bytes / seconds,
                    bytes * 8 / seconds / 1000, frames.stream().mapToInt(f -> f.length).max().orElse(0),
                    CentreHelpLine.BYTES_PER_SECOND);

            assertFramesHoldNothingOfTheResident(frames, unmasked[0], kept, nodes[0], nodes[1]);
        }
    }

    private void assertFramesHoldNothingOfTheResident(List<byte[]> frames, ScreenFrames.Frame unmasked,
                                                      List<HelpLayer.SentFrame> kept, Rectangle2D idNode,
                                                      Rectangle2D nameNode) throws Exception {
        String idPrefix = RESIDENT.idNumber().substring(0, 6);
        String idSuffix = RESIDENT.idNumber().substring(14);
        try (TesseractEngine ocr = TesseractEngine.load()) {
            // the OCR can read the resident off the screen when nothing is masked...
            String plain = squeeze(ocr.read(ImageIO.read(new ByteArrayInputStream(ScreenFrames.jpeg(unmasked)))).text());
            assertThat(plain).as("OCR of the unmasked screen").containsAnyOf(idPrefix, RESIDENT.name());
            // ...and reads none of it in any frame the help desk received
            for (byte[] frame : frames) {
                String seen = squeeze(ocr.read(ImageIO.read(new ByteArrayInputStream(frame))).text());
                assertThat(seen).as("OCR of a help frame").doesNotContain(RESIDENT.idNumber(), idPrefix, idSuffix + "",
                        RESIDENT.name(), "13500135000");
            }
        }
        // every frame the help desk got is one the kiosk masked, and each masked region is mask grey in it
        assertThat(kept).isNotEmpty();
        for (byte[] frame : frames) {
            assertThat(kept).as("a frame the kiosk masked").anyMatch(k -> java.util.Arrays.equals(k.jpeg(), frame));
        }
        HelpLayer.SentFrame last = kept.get(kept.size() - 1);
        // with the keyboard up beside the form and the help banner one line, the form keeps the card's values in view
        // while the phone is typed: both are on the screen, and covered
        assertThat(idNode.getMinY()).as("the ID number on the screen").isGreaterThanOrEqualTo(0);
        assertThat(nameNode.getMinY()).as("the name on the screen").isGreaterThanOrEqualTo(0);
        assertThat(last.masked()).as("the ID number's node is masked").anyMatch(r -> covers(r, idNode));
        assertThat(last.masked()).as("the name's node is masked").anyMatch(r -> covers(r, nameNode));
        for (HelpLayer.SentFrame f : kept) {
            assertThat(f.masked()).as("the card's values, the form's fields").hasSizeGreaterThanOrEqualTo(6);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(f.jpeg()));
            for (Rectangle2D r : f.masked()) {
                assertMaskGrey(img, r, f.scale());
            }
        }
        // and the same regions in the unmasked screen are not grey: they held what was hidden
        BufferedImage full = new BufferedImage(unmasked.width(), unmasked.height(), BufferedImage.TYPE_INT_RGB);
        full.setRGB(0, 0, unmasked.width(), unmasked.height(), unmasked.argb(), 0, unmasked.width());
        assertThat(unmasked.masked()).anyMatch(r -> greyShare(full, r, 1.0) < 0.9);
    }

    private Rectangle2D sceneRect(String query) {
        Node n = robot.lookup(query).query();
        Bounds b = n.localToScene(n.getBoundsInLocal());
        return new Rectangle2D(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
    }

    private static boolean covers(Rectangle2D mask, Rectangle2D node) {
        return mask.getMinX() <= node.getMinX() && mask.getMinY() <= node.getMinY() && mask.getMaxX() >= node.getMaxX()
                && mask.getMaxY() >= node.getMaxY();
    }

    private static void assertMaskGrey(BufferedImage img, Rectangle2D r, double scale) {
        assertThat(greyShare(img, r, scale)).as("share of mask grey in masked region " + r).isGreaterThan(0.97);
    }

    /** The share of pixels within {@code r} (snapshot pixels, times {@code scale}, 3 px in) that are mask grey. */
    private static double greyShare(BufferedImage img, Rectangle2D r, double scale) {
        int x0 = (int) Math.ceil(r.getMinX() * scale) + 3;
        int y0 = (int) Math.ceil(r.getMinY() * scale) + 3;
        int x1 = Math.min(img.getWidth(), (int) Math.floor(r.getMaxX() * scale) - 3);
        int y1 = Math.min(img.getHeight(), (int) Math.floor(r.getMaxY() * scale) - 3);
        int grey = 0;
        int all = 0;
        int mask = ScreenFrames.MASK_ARGB;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int p = img.getRGB(x, y);
                all++;
                if (Math.abs(((p >> 16) & 0xff) - ((mask >> 16) & 0xff)) < 24 && Math.abs(((p >> 8) & 0xff)
                        - ((mask >> 8) & 0xff)) < 24 && Math.abs((p & 0xff) - (mask & 0xff)) < 24) {
                    grey++;
                }
            }
        }
        return all == 0 ? 1.0 : (double) grey / all;
    }

    private static String squeeze(String s) {
        return s.replaceAll("\\s+", "");
    }

    @Test
    void theIdleWipeDuringHelpEndsItAtOnceAndTheHelpDeskSeesItEnded() throws Exception {
        startKiosk(Duration.ofSeconds(6));
        try (HelpSocketClient staff = HelpSocketClient.open(context.centre(), "/console/help/socket", helpDeskToken())) {
            click("#start");
            waitFor(() -> vm.step() == Step.CATALOGUE, "the catalogue");
            click("#help-call");
            click("#help-consent-yes");
            JsonNode listed = staff.await(m -> m.path("requests").size() == 1, Duration.ofSeconds(15), "the request");
            String id = listed.path("requests").get(0).path("id").asText();
            assertThat(listed.path("requests").get(0).path("step").asText()).isEqualTo("CATALOGUE");
            staff.send("{\"type\":\"take\",\"id\":\"" + id + "\"}");
            waitFor(() -> help().state() == HelpViewModel.State.HELPING, "the call taken");
            HelpViewModel during = help();
            // nobody touches the screen: the idle guard wipes the session
            JsonNode ended = staff.await(m -> "ended".equals(m.path("type").asText()), Duration.ofSeconds(30),
                    "the help desk told the help ended");
            assertThat(ended.path("by").asText()).isEqualTo("kiosk:session");
            assertThat(vm.step()).isEqualTo(Step.HOME);
            assertThat(help()).as("a new session's help").isNotSameAs(during);
            assertThat(during.streaming()).isFalse();
            assertThat(during.offerFrame(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})).isFalse();
            int framesAtEnd = staff.frames().size();
            Thread.sleep(1500);
            assertThat(staff.frames()).as("no frame after the wipe").hasSize(framesAtEnd);
            var stored = context.centre().help().request(id).orElseThrow();
            assertThat(stored.endedBy()).isEqualTo("kiosk:session");
            assertThat(robot.lookup("#help-banner").query().isVisible()).isFalse();
        }
    }

    @Test
    void anUnreachableCentreIsShownAtOnceWithTheHotline() throws Exception {
        startKiosk(Duration.ofMinutes(10));
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            int port = closed.getLocalPort();
            closed.close();
            robot.interact(() -> vm.offerHelp(new CentreHelpLine(new CentreClient(URI.create("http://127.0.0.1:" + port),
                    CentreClient.TIMEOUT, "token"), "0571-12345", "城关镇")));
        }
        click("#help-call");
        long asked = System.nanoTime();
        click("#help-consent-yes");
        waitFor(() -> help().state() == HelpViewModel.State.UNREACHABLE, "the centre found unreachable");
        assertThat((System.nanoTime() - asked) / 1e9).as("seconds until it says so").isLessThan(5);
        assertThat(text("#help-unreachable")).contains("0571-12345");
        assertThat(text("#help-call")).contains("0571-12345");
        click("#help-close");
        waitFor(() -> help().state() == HelpViewModel.State.OFF, "the notice closed");
    }
}
