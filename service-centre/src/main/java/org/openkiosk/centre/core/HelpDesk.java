package org.openkiosk.centre.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.openkiosk.centre.db.HelpBus;
import org.openkiosk.centre.db.HelpRepository;
import org.openkiosk.centre.db.StaffRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote help (远程帮办): the centre's side of a resident's call for help. A kiosk raises a request over its socket;
 * help-desk staff, watching the open requests over theirs, take one, see the kiosk's masked screen as it changes, send
 * messages and pointers, and end it. Requests (who raised, who took, how it ended) are kept in the database, so every
 * centre instance lists them. Every take, message, pointer and end is written to the hash-chained audit log.
 *
 * <p>Several centre instances on one database: the kiosk's socket and the staff member's may be on different
 * instances. Each instance keeps only its own sockets: the requests whose kiosk is connected here ({@code kiosks}) and
 * the request each of its help-desk pages has taken ({@code watching}). Everything one side does reaches the other
 * through the {@link HelpBus} (on PostgreSQL LISTEN/NOTIFY, the frames through a table), and what a lost notification
 * would leave wrong is put right from the database every {@link #TICK} ({@link #tick()}). What staff send a kiosk
 * (messages, pointers) is kept and numbered until the request ends, so the instance holding the kiosk's socket sends
 * it what the kiosk has not had, in order and once each, even after missing the notification or taking the socket
 * over from an instance that stopped. The instance holding a
 * kiosk's socket renews the request's {@code kiosk_seen_ms}; a request whose kiosk has not been seen for
 * {@link #KIOSK_GONE_AFTER} (longer than a kiosk tries to come back) is ended as {@code kiosk:lost} by any instance, so
 * a stopped or killed instance leaves nothing open on the desks.
 *
 * <p>The sockets are behind {@link Peer}; all state is guarded by this object's lock.
 */
public final class HelpDesk implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HelpDesk.class);
    /** Longest message staff may send, in characters. */
    public static final int MAX_MESSAGE = 200;
    /** Longest place or step a kiosk may report. */
    private static final int MAX_LABEL = 80;
    /** How often {@link #tick()} should run: renewals, catching up, pruning. */
    public static final Duration TICK = Duration.ofSeconds(2);
    /** A kiosk not seen for this long is counted as not connected on the desk. */
    static final Duration CONNECTED_WITHIN = Duration.ofSeconds(10);
    /** A kiosk tries to come back for two minutes; a request whose kiosk has been gone longer is ended. */
    public static final Duration KIOSK_GONE_AFTER = Duration.ofSeconds(150);
    /**
     * A request found gone is ended only if it is still gone, unrenewed, this much later on this instance's own timer:
     * an instance whose renewal is late (a pause, a clock that moved) is not cut off by one look.
     */
    static final Duration CONFIRM_GONE = Duration.ofSeconds(5);

    /** One end of a socket: sending never blocks and never throws. */
    public interface Peer {
        void sendText(String json);

        void sendBinary(ByteBuffer data);

        void close(int code, String reason);
    }

    /** A request whose kiosk's socket is on this instance. */
    private static final class KioskSide {
        final String id;
        final String kioskId;
        Peer kiosk;
        boolean takenSent;
        /** The number of the last kept event sent to the kiosk; -1 until read (a request resumed here). */
        long sent;
        /** Frames relayed here and not yet added to the request's counts. */
        long frames;
        long bytes;
        byte[] lastFrame;

        KioskSide(String id, String kioskId) {
            this.id = id;
            this.kioskId = kioskId;
        }
    }

    /** The request a help-desk page of this instance has taken. */
    private static final class StaffSide {
        final String id;
        final String kioskId;
        final String username;
        long frameSeq = -1;
        boolean lostTold;

        StaffSide(String id, String kioskId, String username) {
            this.id = id;
            this.kioskId = kioskId;
            this.username = username;
        }
    }

    /** A request seen gone: ended if still so, unrenewed, {@link #CONFIRM_GONE} later. */
    private record Suspect(Instant seenAt, long sinceNanos) {
    }

    private final HelpRepository requests;
    private final StaffRepository audit;
    private final Clock clock;
    private final HelpBus bus;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, KioskSide> kiosks = new HashMap<>();
    /** Help-desk pages watching the list, with who they are. */
    private final Map<Peer, StaffAccounts.Staff> watchers = new LinkedHashMap<>();
    /** The request each page has taken. */
    private final Map<Peer, StaffSide> watching = new LinkedHashMap<>();
    private final Map<String, Suspect> suspects = new HashMap<>();
    /** Requests whose latest frame is to be read for a page here (one read at a time each: the latest wins). */
    private final Set<String> framesToRead = new HashSet<>();
    private ExecutorService frameReader;

    /** One process (the embedded centre): nothing crosses to another instance. */
    public HelpDesk(HelpRepository requests, StaffRepository audit, Clock clock) {
        this(requests, audit, clock, HelpBus.inProcess());
    }

    public HelpDesk(HelpRepository requests, StaffRepository audit, Clock clock, HelpBus bus) {
        this.requests = requests;
        this.audit = audit;
        this.clock = clock;
        this.bus = bus;
    }

    /** Starts hearing the other instances (a serving centre; the command-line tools never call it). */
    public synchronized void start() {
        if (frameReader == null) {
            frameReader = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "centre-help-frames");
                t.setDaemon(true);
                return t;
            });
            bus.start(this::onBusEvent, this::reconnected);
        }
    }

    @Override
    public void close() {
        bus.close();
        ExecutorService reader;
        synchronized (this) {
            reader = frameReader;
        }
        if (reader != null) {
            reader.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- the kiosk's side

    /**
     * A kiosk asks for help, or (with the id of its own open request) comes back after losing its connection, to this
     * instance or another.
     *
     * @return the request's id, told to the kiosk
     * @throws NotYoursException {@code resumeId} names a request that is not this kiosk's
     * @throws EndedException {@code resumeId} names this kiosk's request, which has ended meanwhile
     */
    public synchronized String raise(String kioskId, String resumeId, String place, String step, Peer kiosk) {
        if (resumeId != null) {
            Optional<HelpRepository.Request> known = requests.find(resumeId);
            if (known.isEmpty() || !known.get().kioskId().equals(kioskId)) {
                throw new NotYoursException("no open help request " + resumeId + " of this kiosk");
            }
            if (!known.get().open()) {
                throw new EndedException(known.get().endedBy());
            }
            KioskSide k = kiosks.get(resumeId);
            if (k == null) {
                k = new KioskSide(resumeId, kioskId);
                k.sent = -1; // what its kiosk was sent is read below
                kiosks.put(resumeId, k);
            }
            k.kiosk = kiosk;
            requests.seen(List.of(resumeId), clock.instant());
            if (known.get().takenBy() != null) {
                kiosk.sendText(text(Map.of("type", "taken")));
                k.takenSent = true;
            }
            catchUp(List.of(k)); // what staff sent while the kiosk was away
            LOG.info("Kiosk {} is back on help request {}", kioskId, resumeId);
            broadcast(event("list", resumeId));
            return resumeId;
        }
        String id = newId();
        requests.insert(id, kioskId, label(place), label(step), clock.instant());
        KioskSide k = new KioskSide(id, kioskId);
        k.kiosk = kiosk;
        kiosks.put(id, k);
        LOG.info("Kiosk {} asks for remote help ({})", kioskId, id);
        broadcast(event("list", id));
        return id;
    }

    /** The resident moved to another step. */
    public synchronized void step(String kioskId, String id, String step) {
        KioskSide k = kiosks.get(id);
        if (k != null && k.kioskId.equals(kioskId)) {
            requests.step(id, label(step));
            broadcast(event("list", id));
        }
    }

    /**
     * A frame of the kiosk's screen (a JPEG, masked by the kiosk): relayed to the staff member who took the request,
     * here directly, at another instance through the bus (the database work outside this object's lock).
     */
    public void frame(String kioskId, String id, ByteBuffer jpeg) {
        byte[] bytes;
        synchronized (this) {
            KioskSide k = kiosks.get(id);
            if (k == null || !k.kioskId.equals(kioskId) || !isJpeg(jpeg)) {
                return;
            }
            bytes = new byte[jpeg.remaining()];
            jpeg.duplicate().get(bytes);
            k.frames++;
            k.bytes += bytes.length;
            k.lastFrame = bytes;
            watching.forEach((peer, s) -> {
                if (s.id.equals(id)) {
                    peer.sendBinary(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
                }
            });
        }
        try {
            bus.offerFrame(id, bytes, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("A help frame of request {} did not reach the other instances: {}", id, e.toString());
        }
    }

    /** The kiosk ended the help (the resident pressed 结束帮助, the idle wipe, the session's end). */
    public synchronized void kioskEnded(String kioskId, String id, String reason) {
        KioskSide k = kiosks.get(id);
        if (k == null || !k.kioskId.equals(kioskId)) {
            return;
        }
        finish(id, "kiosk:" + label(reason == null ? "ended" : reason), null);
    }

    /** The kiosk's socket closed without ending: the request stays open for the kiosk to come back, here or elsewhere. */
    public synchronized void kioskGone(String id, Peer kiosk) {
        KioskSide k = kiosks.get(id);
        if (k != null && k.kiosk == kiosk) {
            kiosks.remove(id);
            saveCounts(k);
            broadcast(event("kiosk-lost", id));
        }
    }

    // ---------------------------------------------------------------- the staff's side

    /** A help-desk page opened its socket: it gets the open requests now and whenever they change. */
    public synchronized void watch(StaffAccounts.Staff who, Peer staff) {
        require(who);
        watchers.put(staff, who);
        staff.sendText(listMessage());
    }

    /** The page closed: whatever it had taken stays open (and taken by the same member of staff, who may take it again). */
    public synchronized void unwatch(Peer staff) {
        watchers.remove(staff);
        watching.remove(staff);
    }

    /**
     * Takes an open request, wherever its kiosk is connected: its frames come to {@code staff} from now on; audited.
     *
     * @throws IllegalStateException already taken by someone else, or ended
     */
    public synchronized void take(StaffAccounts.Staff who, Peer staff, String id) {
        require(who);
        Optional<HelpRepository.Request> r = requests.find(id);
        if (r.isEmpty() || !r.get().open()) {
            throw new IllegalStateException("help request " + id + " is not open");
        }
        boolean again = who.username().equals(r.get().takenBy());
        if (!again && !requests.take(id, who.username(), clock.instant())) {
            throw new IllegalStateException("help request " + id + " was taken by someone else");
        }
        String kioskId = r.get().kioskId();
        StaffSide side = new StaffSide(id, kioskId, who.username());
        watching.put(staff, side); // one request at a time per page
        audit.audit(who.username(), "help-take", null, "help request " + id + " of kiosk " + kioskId, clock.instant());
        staff.sendText(text(Map.of("type", "taken", "id", id, "kioskId", kioskId)));
        KioskSide k = kiosks.get(id);
        if (k != null && k.lastFrame != null) {
            staff.sendBinary(ByteBuffer.wrap(k.lastFrame).asReadOnlyBuffer());
        } else if (k == null) {
            readFrameLater(id);
        }
        broadcast(event("taken", id));
        broadcast(event("list", id));
    }

    /** A message the kiosk shows in large type and speaks; audited. */
    public synchronized void message(StaffAccounts.Staff who, Peer staff, String id, String message) {
        StaffSide s = taken(who, staff, id);
        String text = message == null ? "" : message.strip();
        if (text.isEmpty() || text.length() > MAX_MESSAGE) {
            throw new IllegalArgumentException("a message is 1 to " + MAX_MESSAGE + " characters");
        }
        ObjectNode e = event("message", id);
        e.put("text", text);
        toKiosk(e, () -> audit.audit(who.username(), "help-message", null,
                "help request " + id + " of kiosk " + s.kioskId + ": " + text, clock.instant()));
    }

    /** A point on the kiosk's screen (fractions of its width and height) for the kiosk to highlight; audited. */
    public synchronized void pointer(StaffAccounts.Staff who, Peer staff, String id, double x, double y) {
        StaffSide s = taken(who, staff, id);
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
            throw new IllegalArgumentException("a pointer is x and y between 0 and 1");
        }
        ObjectNode e = event("pointer", id);
        e.put("x", x);
        e.put("y", y);
        toKiosk(e, () -> audit.audit(who.username(), "help-pointer", null, String.format(Locale.ROOT,
                "help request %s of kiosk %s: x=%.3f y=%.3f", id, s.kioskId, x, y), clock.instant()));
    }

    /** Staff end the help; audited. */
    public synchronized void end(StaffAccounts.Staff who, Peer staff, String id) {
        taken(who, staff, id);
        finish(id, "staff", who.username());
    }

    // ---------------------------------------------------------------- the other instances, and the clock

    /** An event from another instance: what it means for the sockets here. */
    synchronized void onBusEvent(String text) {
        JsonNode e;
        try {
            e = json.readTree(text);
        } catch (java.io.IOException ex) {
            LOG.warn("Remote help: an event from another instance is not JSON");
            return;
        }
        apply(e);
    }

    /**
     * Every {@link #TICK}: renews the requests whose kiosks are connected here; puts right from the database what a lost
     * notification left wrong (a request ended or taken elsewhere, a kiosk gone from another instance); ends requests
     * whose kiosk has been gone longer than {@link #KIOSK_GONE_AFTER}; drops frames of requests no longer open.
     */
    public synchronized void tick() {
        Instant now = clock.instant();
        List<String> connected = kiosks.values().stream().filter(k -> k.kiosk != null).map(k -> k.id).toList();
        requests.seen(connected, now);
        catchUp(kiosks.values().stream().filter(k -> k.kiosk != null).toList());
        for (KioskSide k : List.copyOf(kiosks.values())) {
            requests.find(k.id).ifPresent(r -> {
                if (!r.open()) {
                    ended(k.id, r.endedBy());
                } else if (r.takenBy() != null && !k.takenSent && k.kiosk != null) {
                    k.kiosk.sendText(text(Map.of("type", "taken")));
                    k.takenSent = true;
                }
            });
        }
        for (Map.Entry<Peer, StaffSide> w : List.copyOf(watching.entrySet())) {
            StaffSide s = w.getValue();
            requests.find(s.id).ifPresent(r -> {
                if (!r.open()) {
                    ended(s.id, r.endedBy());
                    return;
                }
                boolean lost = r.kioskSeenAt() != null && r.kioskSeenAt().isBefore(now.minus(CONNECTED_WITHIN));
                if (lost && !s.lostTold) {
                    w.getKey().sendText(text(Map.of("type", "kiosk-lost", "id", s.id)));
                } else if (!lost && s.lostTold) { // back: the page shows the session again
                    w.getKey().sendText(text(Map.of("type", "taken", "id", s.id, "kioskId", s.kioskId)));
                }
                s.lostTold = lost;
            });
        }
        pruneGone(now);
        bus.prune();
    }

    private void pruneGone(Instant now) {
        long nanos = System.nanoTime();
        Map<String, Suspect> still = new HashMap<>();
        for (HelpRepository.Request r : requests.openNotSeenSince(now.minus(KIOSK_GONE_AFTER))) {
            if (kiosks.containsKey(r.id())) {
                continue; // its kiosk is connected here: renewed above
            }
            Instant seen = r.kioskSeenAt() != null ? r.kioskSeenAt() : r.requestedAt();
            Suspect before = suspects.get(r.id());
            if (before != null && before.seenAt().equals(seen)) {
                if (nanos - before.sinceNanos() >= CONFIRM_GONE.toNanos()) {
                    LOG.info("Help request {} of kiosk {}: the kiosk has been gone since {}; ended", r.id(), r.kioskId(), seen);
                    finish(r.id(), "kiosk:lost", null);
                } else {
                    still.put(r.id(), before);
                }
            } else {
                still.put(r.id(), new Suspect(seen, nanos));
            }
        }
        suspects.clear();
        suspects.putAll(still);
    }

    private void readFrameLater(String id) {
        if (frameReader == null || !framesToRead.add(id)) {
            return;
        }
        try {
            frameReader.execute(() -> readFrame(id));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            framesToRead.remove(id);
        }
    }

    /** On the frame reader: the latest frame kept for {@code id}, to the pages here that have not had it. */
    private void readFrame(String id) {
        synchronized (this) {
            framesToRead.remove(id);
        }
        Optional<HelpBus.Frame> frame;
        try {
            frame = bus.latestFrame(id);
        } catch (RuntimeException e) {
            LOG.warn("Reading the latest help frame of {} failed: {}", id, e.toString());
            return;
        }
        if (frame.isEmpty()) {
            return;
        }
        synchronized (this) {
            HelpBus.Frame f = frame.get();
            watching.forEach((peer, s) -> {
                if (s.id.equals(id) && s.frameSeq < f.seq()) {
                    s.frameSeq = f.seq();
                    peer.sendBinary(ByteBuffer.wrap(f.jpeg()).asReadOnlyBuffer());
                }
            });
        }
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
            // the kiosk's socket is open at some instance (false while it reconnects, or its instance stopped)
            m.put("kioskConnected", r.kioskSeenAt() == null || !r.kioskSeenAt().isBefore(now.minus(CONNECTED_WITHIN)));
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
        pushList();
    }

    /** The bus was cut off and is back: events may have been missed; the lists and latest frames are read again. */
    private synchronized void reconnected() {
        try {
            pushList();
            watching.values().forEach(s -> readFrameLater(s.id));
            catchUp(List.copyOf(kiosks.values()));
        } catch (RuntimeException e) {
            LOG.warn("Catching up on remote help failed: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A kiosk named a request that is not its own open one. */
    public static final class NotYoursException extends RuntimeException {
        public NotYoursException(String message) {
            super(message);
        }
    }

    /** A kiosk named its own request, which has ended. */
    public static final class EndedException extends RuntimeException {
        private final String by;

        public EndedException(String by) {
            super("help request ended by " + by);
            this.by = by;
        }

        public String by() {
            return by;
        }
    }

    private StaffSide taken(StaffAccounts.Staff who, Peer staff, String id) {
        require(who);
        StaffSide s = watching.get(staff);
        if (s == null || !s.id.equals(id)) {
            throw new IllegalStateException("take help request " + id + " first");
        }
        return s;
    }

    /** Ends request {@code id} in the database, audits it and tells both sides, here and at the other instances. */
    private void finish(String id, String by, String staffName) {
        Optional<HelpRepository.Request> r = requests.find(id);
        if (r.isEmpty() || !requests.end(id, by, clock.instant())) {
            ended(id, r.map(HelpRepository.Request::endedBy).orElse(by)); // ended meanwhile: the sockets here close
            return;
        }
        String kioskId = r.get().kioskId();
        if (staffName != null) {
            audit.audit(staffName, "help-end", null, "help request " + id + " of kiosk " + kioskId, clock.instant());
        } else if (r.get().takenBy() != null) {
            audit.audit(r.get().takenBy(), "help-ended-by-kiosk", null, "help request " + id + " of kiosk " + kioskId
                    + " (" + by + ")", clock.instant());
        }
        try {
            bus.forget(id);
        } catch (RuntimeException e) {
            LOG.warn("The kept frame of help request {} stays until the next prune: {}", id, e.toString());
        }
        LOG.info("Help request {} of kiosk {} ended by {}", id, kioskId, by);
        ObjectNode e = event("ended", id);
        e.put("by", by);
        broadcast(e);
        broadcast(event("list", id));
    }

    /** Request {@code id} ended (here or elsewhere): its kiosk's socket here and the pages here that took it are told. */
    private void ended(String id, String by) {
        Map<String, Object> message = Map.of("type", "ended", "id", id, "by", by == null ? "ended" : by);
        KioskSide k = kiosks.remove(id);
        if (k != null) {
            saveCounts(k);
            if (k.kiosk != null) {
                k.kiosk.sendText(text(message));
                k.kiosk.close(1000, "help ended");
            }
        }
        watching.entrySet().removeIf(w -> {
            if (w.getValue().id.equals(id)) {
                w.getKey().sendText(text(message));
                return true;
            }
            return false;
        });
    }

    private void saveCounts(KioskSide k) {
        try {
            requests.addFrames(k.id, k.frames, k.bytes);
            k.frames = 0;
            k.bytes = 0;
        } catch (RuntimeException e) {
            LOG.warn("The frame counts of help request {} were not saved: {}", k.id, e.toString());
        }
    }

    /**
     * Sends staff's event {@code e} to the request's kiosk: kept and numbered for it first (on PostgreSQL), so the
     * instance holding its socket, here or elsewhere, sends it even after missing the notification. {@code audited}
     * writes the audit row once the event is kept, before it is sent to a kiosk here.
     *
     * @throws IllegalStateException the request is no longer open, or the event could not be kept (told to staff)
     */
    private void toKiosk(ObjectNode e, Runnable audited) {
        String id = e.path("id").asText();
        long seq;
        try {
            seq = bus.publishForKiosk(id, e.toString());
        } catch (RuntimeException ex) {
            LOG.warn("Remote help: a {} for the kiosk of request {} was not kept: {}", e.path("t").asText(), id,
                    ex.toString());
            throw new IllegalStateException("not sent: the centre's database did not answer; try again");
        }
        if (seq < 0) {
            throw new IllegalStateException("help request " + id + " is not open");
        }
        if (seq > 0) {
            e.put("seq", seq);
        }
        audited.run();
        apply(e);
    }

    /**
     * A message or pointer for the kiosk whose socket is here: sent if it is the next the kiosk is to have (recorded
     * as sent first), dropped if the kiosk had it, and if some came before it unheard, those and it read from the
     * database. An event without a number (one process) is sent as it comes.
     */
    private void sendKept(KioskSide k, JsonNode e) {
        long seq = e.path("seq").asLong(0);
        if (seq <= 0) {
            k.kiosk.sendText(kioskText(e));
            return;
        }
        if (seq <= k.sent) {
            return;
        }
        boolean next = false;
        if (seq == k.sent + 1) {
            try {
                next = bus.claim(k.id, k.sent, seq);
            } catch (RuntimeException ex) {
                LOG.warn("Remote help: event {} of request {} waits for the next round: {}", seq, k.id, ex.toString());
                return;
            }
        }
        if (next) {
            k.sent = seq;
            k.kiosk.sendText(kioskText(e));
        } else {
            catchUp(List.of(k));
        }
    }

    /** Sends these kiosks' sockets here the kept events they have not had, oldest first (each recorded as sent first). */
    private void catchUp(List<KioskSide> sides) {
        if (sides.isEmpty()) {
            return;
        }
        try {
            Map<String, HelpBus.Pending> pending = bus.pending(sides.stream().map(k -> k.id).toList());
            for (KioskSide k : sides) {
                HelpBus.Pending p = pending.get(k.id);
                if (p == null) {
                    continue;
                }
                if (p.events().isEmpty()) {
                    k.sent = Math.max(k.sent, p.sent());
                    continue;
                }
                long last = p.events().get(p.events().size() - 1).seq();
                if (k.kiosk == null || !bus.claim(k.id, p.sent(), last)) {
                    continue; // another socket of this kiosk was sent them meanwhile: read again next round
                }
                k.sent = last;
                for (HelpBus.KioskEvent ev : p.events()) {
                    k.kiosk.sendText(kioskText(json.readTree(ev.event())));
                }
            }
        } catch (RuntimeException | java.io.IOException ex) {
            LOG.warn("Remote help: catching up on what kiosks were sent failed (next round): {}", ex.toString());
        }
    }

    /** What the kiosk is sent for staff's message or pointer {@code e}. */
    private String kioskText(JsonNode e) {
        return "pointer".equals(e.path("t").asText())
                ? text(Map.of("type", "pointer", "x", e.path("x").asDouble(), "y", e.path("y").asDouble()))
                : text(Map.of("type", "message", "text", e.path("text").asText("")));
    }

    /** Does what {@code e} means here, and tells the other instances. */
    private void broadcast(ObjectNode e) {
        apply(e);
        try {
            bus.publish(e.toString());
        } catch (RuntimeException ex) {
            LOG.warn("Remote help: the other instances were not told ({}); they catch up from the database", ex.toString());
        }
    }

    /** What event {@code e} means for the sockets on this instance (whichever instance it happened at). */
    private void apply(JsonNode e) {
        String id = e.path("id").asText("");
        KioskSide k = kiosks.get(id);
        Peer kiosk = k == null ? null : k.kiosk;
        switch (e.path("t").asText("")) {
            case "list" -> pushList();
            case "taken" -> {
                if (kiosk != null) {
                    kiosk.sendText(text(Map.of("type", "taken")));
                    k.takenSent = true;
                }
            }
            case "message", "pointer" -> {
                if (kiosk != null) {
                    sendKept(k, e);
                }
            }
            case "ended" -> ended(id, e.path("by").asText("ended"));
            case "kiosk-lost" -> watching.forEach((peer, s) -> {
                if (s.id.equals(id)) {
                    peer.sendText(text(Map.of("type", "kiosk-lost", "id", id)));
                }
            });
            case "frame" -> {
                long seq = e.path("seq").asLong();
                if (watching.values().stream().anyMatch(s -> s.id.equals(id) && s.frameSeq < seq)) {
                    readFrameLater(id);
                }
            }
            default -> LOG.debug("Remote help: unknown event {}", e.path("t").asText(""));
        }
    }

    private ObjectNode event(String type, String id) {
        ObjectNode e = json.createObjectNode();
        e.put("t", type);
        e.put("id", id);
        return e;
    }

    private void pushList() {
        if (watchers.isEmpty()) {
            return;
        }
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
