package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openkiosk.centre.CentreHttp;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.HelpSocketClient;
import org.openkiosk.centre.MovableClock;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.db.PostgresServer;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.Protocol;

/**
 * Issue 15 for remote help: behind a load balancer the kiosk's help line and the staff member's help desk usually
 * reach different centre instances. Here the kiosk's socket is on instance A and the help desk's on instance B, both on
 * one PostgreSQL: the request shows on B's desk, B's staff take it and see A's frames within a bound, their messages
 * and pointers reach the kiosk, and ending on either side ends both. A request whose instance stopped is taken up again
 * when its kiosk comes back at another instance, and pruned from every desk when it does not. A message sent while an
 * instance does not listen, or while the kiosk is away from a stopped instance, reaches the kiosk once.
 */
@ExtendWith(PostgresServer.class)
class HelpAcrossInstancesTest {
    private static final String PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = Json.mapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** How long a frame may take from the kiosk at A to the staff at B. */
    private static final Duration FRAME_BOUND = Duration.ofSeconds(2);
    /** How soon a change made at one instance shows at the other (well under the pages' 5 s refresh). */
    private static final Duration LIVE_BOUND = Duration.ofSeconds(2);

    private static final MovableClock CLOCK = new MovableClock(Instant.now());
    private static String db;
    private static CentreServer a;
    private static CentreServer b;

    @BeforeAll
    static void startTwoInstancesOnOneDatabase() {
        db = PostgresServer.newDatabase();
        a = CentreServer.startOnPostgres(db, "127.0.0.1", 0, CLOCK, FleetSettings.defaults());
        b = CentreServer.startOnPostgres(db, "127.0.0.1", 0, CLOCK, FleetSettings.defaults());
        a.saveStaff("helper", PASSWORD.toCharArray(), EnumSet.of(Role.HELP_DESK));
        a.saveStaff("auditor", PASSWORD.toCharArray(), EnumSet.of(Role.ADMIN));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void theKioskAtOneInstanceIsHelpedByStaffAtTheOther() throws Exception {
        String kioskToken = KioskProtocolTest.enrol(a, HTTP, "K0501");
        String staffToken = HelpDeskTest.login(b, "helper");
        try (HelpSocketClient staff = HelpSocketClient.open(b, HelpResource.STAFF_SOCKET, staffToken);
             HelpSocketClient kiosk = HelpSocketClient.open(a, Protocol.HELP, kioskToken)) {
            staff.awaitType("requests");
            kiosk.send("{\"type\":\"request\",\"place\":\"甲村便民服务站\",\"step\":\"FORM\"}");
            String id = kiosk.awaitType("request").path("id").asText();
            staff.await(m -> "requests".equals(m.path("type").asText()) && m.path("requests").toString().contains(id),
                    LIVE_BOUND, "the request raised at A on B's desk within " + LIVE_BOUND);

            byte[] first = frame(1);
            kiosk.sendBinary(first); // before the take: the latest frame, shown at the take even at another instance
            staff.send("{\"type\":\"take\",\"id\":\"" + id + "\"}");
            JsonNode taken = staff.await(m -> "taken".equals(m.path("type").asText()) || "error".equals(m.path("type").asText()),
                    Duration.ofSeconds(10), "taken");
            assertThat(taken.path("type").asText()).as("B takes the request of a kiosk at A: %s", taken).isEqualTo("taken");
            assertThat(taken.path("kioskId").asText()).isEqualTo("K0501");
            kiosk.await(m -> "taken".equals(m.path("type").asText()), LIVE_BOUND, "'taken' at the kiosk within " + LIVE_BOUND);
            waitUntil(() -> staff.frames().stream().anyMatch(f -> Arrays.equals(f, first)), FRAME_BOUND,
                    "the latest frame at the take");

            long worst = 0;
            for (int i = 2; i <= 6; i++) {
                byte[] next = frame(i);
                long sent = System.nanoTime();
                kiosk.sendBinary(next);
                waitUntil(() -> staff.frames().stream().anyMatch(f -> Arrays.equals(f, next)), FRAME_BOUND,
                        "frame " + i + " from the kiosk at A at the staff at B within " + FRAME_BOUND);
                worst = Math.max(worst, System.nanoTime() - sent);
            }
            System.out.printf("[help-across-instances] 5 frames from A to B, slowest %d ms (bound %d ms)%n",
                    worst / 1_000_000, FRAME_BOUND.toMillis());

            staff.send("{\"type\":\"message\",\"id\":\"" + id + "\",\"text\":\"请点下一步\"}");
            assertThat(kiosk.await(m -> "message".equals(m.path("type").asText()), LIVE_BOUND, "the message at the kiosk")
                    .path("text").asText()).isEqualTo("请点下一步");
            staff.send("{\"type\":\"pointer\",\"id\":\"" + id + "\",\"x\":0.25,\"y\":0.75}");
            JsonNode pointer = kiosk.await(m -> "pointer".equals(m.path("type").asText()), LIVE_BOUND, "the pointer");
            assertThat(pointer.path("x").asDouble()).isEqualTo(0.25);
            assertThat(pointer.path("y").asDouble()).isEqualTo(0.75);

            staff.send("{\"type\":\"end\",\"id\":\"" + id + "\"}");
            assertThat(kiosk.await(m -> "ended".equals(m.path("type").asText()), LIVE_BOUND, "'ended' at the kiosk")
                    .path("by").asText()).isEqualTo("staff");
            assertThat(kiosk.awaitClose(Duration.ofSeconds(10))).isEqualTo(1000);
            staff.await(m -> "ended".equals(m.path("type").asText()), LIVE_BOUND, "'ended' at the staff");
            waitUntil(() -> a.help().request(id).orElseThrow().frames() == 6, Duration.ofSeconds(5),
                    "the frames counted by A");
            assertThat(a.help().request(id).orElseThrow().endedBy()).isEqualTo("staff");
        }
        List<String> acts = JSON.readTree(CentreHttp.send(HTTP, a, "GET", "/console/api/audit",
                HelpDeskTest.login(a, "auditor"), null).body()).findValuesAsText("action");
        assertThat(acts).contains("help-take", "help-message", "help-pointer", "help-end");
    }

    @Test
    void theKioskEndingAtOneInstanceEndsTheStaffsSessionAtTheOther() throws Exception {
        String kioskToken = KioskProtocolTest.enrol(a, HTTP, "K0502");
        try (HelpSocketClient staff = HelpSocketClient.open(b, HelpResource.STAFF_SOCKET, HelpDeskTest.login(b, "helper"));
             HelpSocketClient kiosk = HelpSocketClient.open(a, Protocol.HELP, kioskToken)) {
            String id = raise(kiosk, "乙村", "HOME");
            take(staff, kiosk, id);
            kiosk.send("{\"type\":\"end\",\"reason\":\"resident\"}");
            JsonNode ended = staff.await(m -> "ended".equals(m.path("type").asText()), LIVE_BOUND,
                    "'ended' at the staff at B within " + LIVE_BOUND);
            assertThat(ended.path("by").asText()).isEqualTo("kiosk:resident");
            awaitLatestList(staff, list -> !list.contains(id), LIVE_BOUND, "the ended request off B's desk");
        }
    }

    @Test
    void aRequestLeftByAStoppedInstanceGoesOnAtAnotherOrIsPrunedFromTheDesk() throws Exception {
        CentreServer c = CentreServer.startOnPostgres(db, "127.0.0.1", 0, CLOCK, FleetSettings.defaults());
        String backToken = KioskProtocolTest.enrol(a, HTTP, "K0503");
        String goneToken = KioskProtocolTest.enrol(a, HTTP, "K0504");
        try (HelpSocketClient staff = HelpSocketClient.open(b, HelpResource.STAFF_SOCKET, HelpDeskTest.login(b, "helper"))) {
            String backId;
            String goneId;
            try (HelpSocketClient back = HelpSocketClient.open(c, Protocol.HELP, backToken);
                 HelpSocketClient gone = HelpSocketClient.open(c, Protocol.HELP, goneToken)) {
                backId = raise(back, "丙村", "FORM");
                goneId = raise(gone, "丁村", "HOME");
                take(staff, back, backId);
                staff.send("{\"type\":\"message\",\"id\":\"" + backId + "\",\"text\":\"先填姓名\"}");
                back.await(m -> "先填姓名".equals(m.path("text").asText()), LIVE_BOUND, "a message at C");
                c.close(); // the instance both kiosks reached stops
                c = null;
            }
            // staff write while the kiosk is away: the message waits for it
            staff.send("{\"type\":\"message\",\"id\":\"" + backId + "\",\"text\":\"请稍等\"}");
            // the first kiosk comes back through the load balancer at A and resumes its request: still taken, helped on
            try (HelpSocketClient back = HelpSocketClient.open(a, Protocol.HELP, backToken)) {
                back.send("{\"type\":\"request\",\"resume\":\"" + backId + "\",\"place\":\"丙村\",\"step\":\"FORM\"}");
                assertThat(back.awaitType("request").path("id").asText()).isEqualTo(backId);
                back.await(m -> "taken".equals(m.path("type").asText()), LIVE_BOUND, "still taken after the resume");
                staff.send("{\"type\":\"message\",\"id\":\"" + backId + "\",\"text\":\"我还在\"}");
                back.await(m -> "我还在".equals(m.path("text").asText()), LIVE_BOUND, "the message at A");
                assertThat(messages(back)).as("at A: the message sent while the kiosk was away, then the next; not the"
                        + " one shown before at C").containsExactly("请稍等", "我还在");

                // the second never comes back: once a kiosk has been gone longer than it tries to resume, it is pruned
                assertThat(b.help().openRequests()).extracting(r -> r.get("id")).contains(goneId);
                CLOCK.advance(Duration.ofMinutes(3));
                awaitLatestList(staff, list -> !list.contains(goneId) && list.contains(backId), Duration.ofSeconds(15),
                        "the request of the kiosk that never came back off B's desk, the resumed one still on it");
                assertThat(b.help().request(goneId).orElseThrow().endedBy()).isEqualTo("kiosk:lost");
                assertThat(b.help().request(backId).orElseThrow().open()).isTrue();
                back.send("{\"type\":\"end\",\"reason\":\"resident\"}");
                staff.await(m -> "ended".equals(m.path("type").asText()) && backId.equals(m.path("id").asText()),
                        LIVE_BOUND, "the resumed request ended at B");
            }
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void helpGoesOnWhenTheInstancesLoseTheirListeningConnections() throws Exception {
        String kioskToken = KioskProtocolTest.enrol(a, HTTP, "K0505");
        try (HelpSocketClient staff = HelpSocketClient.open(b, HelpResource.STAFF_SOCKET, HelpDeskTest.login(b, "helper"));
             HelpSocketClient kiosk = HelpSocketClient.open(a, Protocol.HELP, kioskToken)) {
            String id = raise(kiosk, "戊村", "FORM");
            take(staff, kiosk, id);

            // PostgreSQL drops every instance's listening connection (a restart, a failover, a network cut); the
            // call returns once both are gone (waiting up to 5 s each), and they come back no sooner than 0.5 s later
            try (var c = java.sql.DriverManager.getConnection(db);
                 var st = c.prepareStatement("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()")) {
                st.setString(1, org.openkiosk.centre.db.PostgresHelpBus.APPLICATION_NAME);
                try (var rs = st.executeQuery()) {
                    int dropped = 0;
                    while (rs.next()) {
                        assertThat(rs.getBoolean(1)).as("a listening connection gone within 5 s").isTrue();
                        dropped++;
                    }
                    assertThat(dropped).as("the listening connections of A and B").isEqualTo(2);
                }
            }
            // staff's message while no instance listens: kept, and shown at the kiosk once A listens again
            staff.send("{\"type\":\"message\",\"id\":\"" + id + "\",\"text\":\"断线时的留言\"}");
            kiosk.await(m -> "断线时的留言".equals(m.path("text").asText()), Duration.ofSeconds(10),
                    "the message staff sent while A's listening connection was down, at the kiosk");
            // frames flow again once the instances listen again (0.5 s later)
            byte[] next = frame(7);
            kiosk.sendBinary(next);
            waitUntil(() -> staff.frames().stream().anyMatch(f -> Arrays.equals(f, next)), Duration.ofSeconds(10),
                    "a frame from A at B after the listening connections were dropped");
            // a message after the reconnection comes after it, and the first was shown exactly once
            waitUntil(() -> listeners() == 2, Duration.ofSeconds(10), "A and B listening again");
            staff.send("{\"type\":\"message\",\"id\":\"" + id + "\",\"text\":\"连上了\"}");
            kiosk.await(m -> "连上了".equals(m.path("text").asText()), LIVE_BOUND, "the next message at the kiosk");
            assertThat(messages(kiosk)).as("messages at the kiosk, in order, each once").containsExactly("断线时的留言", "连上了");
            // and an end is never lost: heard, or caught up from the table within a round
            kiosk.send("{\"type\":\"end\",\"reason\":\"resident\"}");
            assertThat(staff.await(m -> "ended".equals(m.path("type").asText()), Duration.ofSeconds(5), "'ended' at B")
                    .path("by").asText()).isEqualTo("kiosk:resident");
            assertThat(keptForKiosk(id)).as("the messages kept for the kiosk, deleted at the end").isZero();
        }
    }

    /** The texts of the messages the kiosk was sent, in order. */
    private static List<String> messages(HelpSocketClient kiosk) {
        return kiosk.texts().stream().filter(m -> "message".equals(m.path("type").asText()))
                .map(m -> m.path("text").asText()).toList();
    }

    /** How many events are kept for the kiosk of request {@code id}. */
    private static int keptForKiosk(String id) {
        try (var c = java.sql.DriverManager.getConnection(db);
             var st = c.prepareStatement("SELECT count(*) FROM help_kiosk_events WHERE request_id = ?")) {
            st.setString(1, id);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many centre instances listen on the help channel of the test's database now. */
    private static int listeners() {
        try (var c = java.sql.DriverManager.getConnection(db);
             var st = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()")) {
            st.setString(1, org.openkiosk.centre.db.PostgresHelpBus.APPLICATION_NAME);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kiosk asks for help from {@code place} at {@code step}; the request's id. */
    private static String raise(HelpSocketClient kiosk, String place, String step) throws Exception {
        kiosk.send("{\"type\":\"request\",\"place\":\"" + place + "\",\"step\":\"" + step + "\"}");
        return kiosk.awaitType("request").path("id").asText();
    }

    /** Staff at B take the request {@code id}; both sides are told. */
    private static void take(HelpSocketClient staff, HelpSocketClient kiosk, String id) throws Exception {
        staff.send("{\"type\":\"take\",\"id\":\"" + id + "\"}");
        staff.await(m -> "taken".equals(m.path("type").asText()), Duration.ofSeconds(10), "taken at B");
        kiosk.await(m -> "taken".equals(m.path("type").asText()), LIVE_BOUND, "taken at the kiosk");
    }

    /** A small JPEG-looking frame, different for each {@code n}. */
    private static byte[] frame(int n) {
        byte[] f = new byte[12_000 + n]; // larger than a NOTIFY payload may be
        f[0] = (byte) 0xFF;
        f[1] = (byte) 0xD8;
        f[2] = (byte) 0xFF;
        f[3] = (byte) 0xE0;
        Arrays.fill(f, 4, f.length - 2, (byte) n);
        f[f.length - 2] = (byte) 0xFF;
        f[f.length - 1] = (byte) 0xD9;
        return f;
    }

    /** Waits until the latest list of open requests the page was sent (as JSON text) satisfies {@code which}. */
    private static void awaitLatestList(HelpSocketClient staff, java.util.function.Predicate<String> which,
                                        Duration timeout, String what) throws InterruptedException {
        waitUntil(() -> {
            List<JsonNode> lists = staff.texts().stream().filter(m -> "requests".equals(m.path("type").asText())).toList();
            return !lists.isEmpty() && which.test(lists.get(lists.size() - 1).path("requests").toString());
        }, timeout, what);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
