package org.openkiosk.centre.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.centre.db.HelpRepository;
import org.openkiosk.centre.db.StaffRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote help (远程帮办): the centre's side of a resident's call for help. A kiosk raises a request over its socket;
 * help-desk staff, watching the open requests over theirs, take one, see the kiosk's masked screen as it changes, send
 * messages and pointers, and end it. Requests (who raised, who took, how it ended) are kept in the database, so every
 * centre instance lists them; the screen frames pass through the instance the kiosk is connected to and are never
 * stored. Every take, message, pointer and end is written to the hash-chained audit log.
 *
 * <p>The sockets are behind {@link Peer}; all state is guarded by this object's lock.
 */
public final class HelpDesk {

    private static final Logger LOG = LoggerFactory.getLogger(HelpDesk.class);
    /** Longest message staff may send, in characters. */
    public static final int MAX_MESSAGE = 200;
    /** Longest place or step a kiosk may report. */
    private static final int MAX_LABEL = 80;

    /** One end of a socket: sending never blocks and never throws. */
    public interface Peer {
        void sendText(String json);

        void sendBinary(ByteBuffer data);

        void close(int code, String reason);
    }

    /** A request this instance relays: the kiosk's socket and the staff watching it. */
    private static final class Live {
        final String id;
        final String kioskId;
        Peer kiosk;
        Peer staff;
        String staffName;
        long frames;
        long bytes;
        ByteBuffer lastFrame;

        Live(String id, String kioskId) {
            this.id = id;
            this.kioskId = kioskId;
        }
    }

    private final HelpRepository requests;
    private final StaffRepository audit;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Live> live = new HashMap<>();
    /** Help-desk pages watching the list, with who they are. */
    private final Map<Peer, StaffAccounts.Staff> watchers = new LinkedHashMap<>();

    public HelpDesk(HelpRepository requests, StaffRepository audit, Clock clock) {
        this.requests = requests;
        this.audit = audit;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- the kiosk's side

    /**
     * A kiosk asks for help, or (with the id of its own open request) comes back after losing its connection.
     *
     * @return the request's id, told to the kiosk
     * @throws NotYoursException {@code resumeId} names a request that is not this kiosk's open one
     */
    public synchronized String raise(String kioskId, String resumeId, String place, String step, Peer kiosk) {
        if (resumeId != null) {
            Optional<HelpRepository.Request> known = requests.find(resumeId);
            if (known.isEmpty() || !known.get().kioskId().equals(kioskId) || !known.get().open()) {
                throw new NotYoursException("no open help request " + resumeId + " of this kiosk");
            }
            Live l = live.computeIfAbsent(resumeId, id -> new Live(id, kioskId));
            l.kiosk = kiosk;
            if (l.staff != null) {
                kiosk.sendText(text(Map.of("type", "taken")));
            }
            LOG.info("Kiosk {} is back on help request {}", kioskId, resumeId);
            return resumeId;
        }
        String id = newId();
        requests.insert(id, kioskId, label(place), label(step), clock.instant());
        Live l = new Live(id, kioskId);
        l.kiosk = kiosk;
        live.put(id, l);
        LOG.info("Kiosk {} asks for remote help ({})", kioskId, id);
        pushList();
        return id;
    }

    /** The resident moved to another step. */
    public synchronized void step(String kioskId, String id, String step) {
        Live l = live.get(id);
        if (l != null && l.kioskId.equals(kioskId)) {
            requests.step(id, label(step));
            pushList();
        }
    }

    /** A frame of the kiosk's screen (a JPEG, masked by the kiosk): relayed to the staff member who took the request. */
    public synchronized void frame(String kioskId, String id, ByteBuffer jpeg) {
        Live l = live.get(id);
        if (l == null || !l.kioskId.equals(kioskId) || !isJpeg(jpeg)) {
            return;
        }
        l.frames++;
        l.bytes += jpeg.remaining();
        l.lastFrame = jpeg.asReadOnlyBuffer();
        if (l.staff != null) {
            l.staff.sendBinary(jpeg.asReadOnlyBuffer());
        }
    }

    /** The kiosk ended the help (the resident pressed 结束帮助, the idle wipe, the session's end). */
    public synchronized void kioskEnded(String kioskId, String id, String reason) {
        Live l = live.get(id);
        if (l == null || !l.kioskId.equals(kioskId)) {
            return;
        }
        finish(l, "kiosk:" + label(reason == null ? "ended" : reason), null);
    }

    /** The kiosk's socket closed without ending: the request stays open for the kiosk to come back. */
    public synchronized void kioskGone(String id, Peer kiosk) {
        Live l = live.get(id);
        if (l != null && l.kiosk == kiosk) {
            l.kiosk = null;
            if (l.staff != null) {
                l.staff.sendText(text(Map.of("type", "kiosk-lost", "id", id)));
            }
        }
    }

    // ---------------------------------------------------------------- the staff's side

    /** A help-desk page opened its socket: it gets the open requests now and whenever they change. */
    public synchronized void watch(StaffAccounts.Staff who, Peer staff) {
        require(who);
        watchers.put(staff, who);
        staff.sendText(listMessage());
    }

    /** The page closed: whatever it had taken stays open for someone else to take. */
    public synchronized void unwatch(Peer staff) {
        watchers.remove(staff);
        for (Live l : live.values()) {
            if (l.staff == staff) {
                l.staff = null;
                l.staffName = null;
            }
        }
    }

    /**
     * Takes an open request: its frames come to {@code staff} from now on; audited.
     *
     * @throws IllegalStateException already taken, ended, or its kiosk is connected to another centre instance
     */
    public synchronized void take(StaffAccounts.Staff who, Peer staff, String id) {
        require(who);
        Live l = live.get(id);
        Optional<HelpRepository.Request> r = requests.find(id);
        if (r.isEmpty() || !r.get().open()) {
            throw new IllegalStateException("help request " + id + " is not open");
        }
        if (l == null) {
            throw new IllegalStateException("the kiosk of help request " + id + " is connected to another centre instance");
        }
        boolean again = who.username().equals(r.get().takenBy());
        if (!again && !requests.take(id, who.username(), clock.instant())) {
            throw new IllegalStateException("help request " + id + " was taken by someone else");
        }
        for (Live other : live.values()) { // one request at a time per page
            if (other.staff == staff && other != l) {
                other.staff = null;
            }
        }
        l.staff = staff;
        l.staffName = who.username();
        audit.audit(who.username(), "help-take", null, "help request " + id + " of kiosk " + l.kioskId, clock.instant());
        staff.sendText(text(Map.of("type", "taken", "id", id, "kioskId", l.kioskId)));
        if (l.lastFrame != null) {
            staff.sendBinary(l.lastFrame.duplicate());
        }
        if (l.kiosk != null) {
            l.kiosk.sendText(text(Map.of("type", "taken")));
        }
        pushList();
    }

    /** A message the kiosk shows in large type and speaks; audited. */
    public synchronized void message(StaffAccounts.Staff who, Peer staff, String id, String message) {
        Live l = taken(who, staff, id);
        String text = message == null ? "" : message.strip();
        if (text.isEmpty() || text.length() > MAX_MESSAGE) {
            throw new IllegalArgumentException("a message is 1 to " + MAX_MESSAGE + " characters");
        }
        audit.audit(who.username(), "help-message", null, "help request " + id + " of kiosk " + l.kioskId + ": " + text,
                clock.instant());
        if (l.kiosk != null) {
            l.kiosk.sendText(text(Map.of("type", "message", "text", text)));
        }
    }

    /** A point on the kiosk's screen (fractions of its width and height) for the kiosk to highlight; audited. */
    public synchronized void pointer(StaffAccounts.Staff who, Peer staff, String id, double x, double y) {
        Live l = taken(who, staff, id);
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
            throw new IllegalArgumentException("a pointer is x and y between 0 and 1");
        }
        audit.audit(who.username(), "help-pointer", null, String.format(Locale.ROOT,
                "help request %s of kiosk %s: x=%.3f y=%.3f", id, l.kioskId, x, y), clock.instant());
        if (l.kiosk != null) {
            l.kiosk.sendText(text(Map.of("type", "pointer", "x", x, "y", y)));
        }
    }

    /** Staff end the help; audited. */
    public synchronized void end(StaffAccounts.Staff who, Peer staff, String id) {
        Live l = taken(who, staff, id);
        finish(l, "staff", who.username());
    }

    // ---------------------------------------------------------------- what pages and the fleet read

    /** The open requests, oldest first, with how long each has waited. */
    public List<Map<String, Object>> openRequests() {
        Instant now = clock.instant();
        return requests.open(100).stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("kioskId", r.kioskId());
            m.put("place", r.place());
            m.put("step", r.step());
            m.put("requestedAt", r.requestedAt().toString());
            m.put("waitingSeconds", Duration.between(r.requestedAt(), r.takenAt() == null ? now : r.takenAt()).toSeconds());
            m.put("takenBy", r.takenBy());
            return m;
        }).toList();
    }

    /** One request as stored. */
    public Optional<HelpRepository.Request> request(String id) {
        return requests.find(id);
    }

    /** Per kiosk, the help requests raised in the last {@code window} and how long residents waited. */
    public List<HelpRepository.KioskFigures> figures(Duration window) {
        Instant now = clock.instant();
        return requests.figuresSince(now.minus(window), now);
    }

    /** Sends every page the open requests again (their waiting times, and changes made on other instances). */
    public synchronized void refreshPages() {
        if (!watchers.isEmpty()) {
            pushList();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A kiosk named a request that is not its own open one. */
    public static final class NotYoursException extends RuntimeException {
        public NotYoursException(String message) {
            super(message);
        }
    }

    private Live taken(StaffAccounts.Staff who, Peer staff, String id) {
        require(who);
        Live l = live.get(id);
        if (l == null || l.staff != staff) {
            throw new IllegalStateException("take help request " + id + " first");
        }
        return l;
    }

    private void finish(Live l, String by, String staffName) {
        live.remove(l.id);
        if (!requests.end(l.id, by, clock.instant(), l.frames, l.bytes)) {
            return;
        }
        if (staffName != null) {
            audit.audit(staffName, "help-end", null, "help request " + l.id + " of kiosk " + l.kioskId, clock.instant());
        } else if (l.staffName != null) {
            audit.audit(l.staffName, "help-ended-by-kiosk", null, "help request " + l.id + " of kiosk " + l.kioskId
                    + " (" + by + ")", clock.instant());
        }
        Map<String, Object> ended = Map.of("type", "ended", "id", l.id, "by", by);
        if (l.staff != null) {
            l.staff.sendText(text(ended));
        }
        if (l.kiosk != null) {
            l.kiosk.sendText(text(ended));
            l.kiosk.close(1000, "help ended");
        }
        LOG.info("Help request {} of kiosk {} ended by {} ({} frames, {} bytes)", l.id, l.kioskId, by, l.frames, l.bytes);
        pushList();
    }

    private void pushList() {
        String message = listMessage();
        watchers.keySet().forEach(p -> p.sendText(message));
    }

    private String listMessage() {
        ObjectNode m = json.createObjectNode();
        m.put("type", "requests");
        ArrayNode list = m.putArray("requests");
        openRequests().forEach(r -> list.add(json.valueToTree(r)));
        return m.toString();
    }

    private String text(Map<String, Object> message) {
        try {
            return json.writeValueAsString(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(StaffAccounts.Staff who) {
        if (who == null || !who.may(Role.HELP_DESK)) {
            throw new StaffDesk.NotAllowedException("this needs the help-desk role");
        }
    }

    private String newId() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return "H" + HexFormat.of().formatHex(b);
    }

    private static String label(String s) {
        if (s == null) {
            return null;
        }
        String clean = s.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > MAX_LABEL ? clean.substring(0, MAX_LABEL) : clean;
    }

    private static boolean isJpeg(ByteBuffer b) {
        return b.remaining() > 3 && (b.get(b.position()) & 0xff) == 0xFF && (b.get(b.position() + 1) & 0xff) == 0xD8
                && (b.get(b.position() + 2) & 0xff) == 0xFF;
    }
}
