package org.openkiosk.centre.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openkiosk.centre.db.ApplicationRepository;
import org.openkiosk.centre.db.ElicenceRepository;
import org.openkiosk.centre.db.ResultDocument;
import org.openkiosk.centre.db.StaffRepository;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.CardSession;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.HeldMaterials;
import org.openkiosk.sync.api.MaterialReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-licences (电子证照) and the materials the centre already holds for a resident (issue 19).
 *
 * <p>Staff side: a result issued for a matter whose catalogue entry names a licence type ({@code issuesLicence}) is
 * registered as an e-licence of the applicant, its PDF signed with the centre's key; licences from another system
 * are imported ({@code ./kiosk centre elicence import}); an admin revokes one. The holder is kept only as an HMAC of
 * the ID number under a secret of the centre's database (made by the first instance, like the signing key).
 *
 * <p>Kiosk side: a kiosk may only ask about the holder whose card it has just read. It opens a card session with the
 * card's ID number ({@link #openCardSession}); the centre keeps one open session per kiosk (a new one closes the
 * last), bound to the holder's hash, for {@link Limits#cardSession} at most. A lookup must present the session's token
 * and name the same holder; otherwise it is refused and audited. Before consent it answers kinds and numbers only;
 * after, a reference per held material that only this kiosk may use, in an application of this holder. The
 * licence or document itself never leaves the centre. Every open and lookup counts against a per-kiosk limit kept in
 * the database; going over it is refused, audited and raised on the fleet page.
 */
public final class Elicences {

    private static final Logger LOG = LoggerFactory.getLogger(Elicences.class);
    /** Dates of licences are the resident's dates. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /**
     * How much a kiosk may ask.
     *
     * @param perWindow    card sessions and lookups a kiosk may make in {@code window}; more are refused (429)
     * @param window       the rate limit's window
     * @param cardSession  how long a card session stays open at most
     * @param alertPerHour more requests than this in an hour raise a warning on the fleet page (refusals a critical one)
     */
    public record Limits(int perWindow, Duration window, Duration cardSession, int alertPerHour) {
        /** 30 in 10 minutes (a resident every 20 s is more than a kiosk serves), sessions of 15 minutes, 60 an hour. */
        public static Limits defaults() {
            return new Limits(30, Duration.ofMinutes(10), Duration.ofMinutes(15), 60);
        }
    }

    /** The kiosk may not ask this: refused (403) and audited. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** A held material an application refers to, for the console. */
    public record ReferredView(int seq, String materialId, String kind, String reference, boolean valid, String note,
                               boolean viewable) {
    }

    /** The bytes of a referred licence or document, for the console. */
    public record Content(String fileName, String contentType, byte[] bytes, String sha256) {
    }

    /** One row of an import CSV. */
    public record ImportRow(int line, String type, String number, String idNumber, String issuer, LocalDate issuedOn,
                            LocalDate validUntil, String file, byte[] pdf) {
        @Override
        public String toString() {
            return "ImportRow[line=" + line + ", type=" + type + ", number=" + number + ", idNumber=***]";
        }
    }

    private final ElicenceRepository repository;
    private final ApplicationRepository applications;
    private final StaffRepository staff;
    private final Departments catalogue;
    private final ContentSigner signer;
    private final Clock clock;
    private final Limits limits;
    private final SecretKeySpec holderKey;
    private final SecureRandom random = new SecureRandom();

    public Elicences(ElicenceRepository repository, ApplicationRepository applications, StaffRepository staff,
                     Departments catalogue, ContentSigner signer, Clock clock, Limits limits) {
        this.repository = repository;
        this.applications = applications;
        this.staff = staff;
        this.catalogue = catalogue;
        this.signer = signer;
        this.clock = clock;
        this.limits = limits;
        String secret = repository.holderSecret().orElseGet(() -> {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            return repository.insertHolderSecretIfAbsent(Base64.getEncoder().encodeToString(fresh), clock.instant());
        });
        this.holderKey = new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256");
    }

    /** The keyed hash an ID number is kept as. */
    String holderHash(String idNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(holderKey);
            return HexFormat.of().formatHex(mac.doFinal(idNumber.strip().toUpperCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no HmacSHA256", e);
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZONE);
    }

    // ================================================================== staff side

    /**
     * Registers the result just issued for {@code app} as an e-licence of its applicant, when the catalogue says its
     * service issues one; nothing otherwise, or when this application's licence exists already (a re-issue keeps it).
     */
    public Optional<ElicenceRepository.Licence> registerIssued(ApplicationSubmission app, ResultDocument result,
                                                               String issuer, String username) {
        Optional<Departments.LicenceIssue> issue = catalogue.licenceIssuedBy(app.serviceId());
        if (issue.isEmpty() || result == null) {
            return Optional.empty();
        }
        if (repository.licenceOfApplication(app.applicationId()).isPresent()) {
            return Optional.empty();
        }
        LocalDate on = today();
        LocalDate until = issue.get().validYears() > 0 ? on.plusYears(issue.get().validYears()).minusDays(1) : null;
        String id = UUID.randomUUID().toString();
        String number = "DZZZ-" + app.applicationNo();
        String type = issue.get().type();
        boolean stored = repository.insert(new ElicenceRepository.NewLicence(id, type, number,
                holderHash(app.idNumber()), issuer, on, until, type + "-" + number + ".pdf", result.content(),
                result.sha256(), signer.signLicence(id, result.sha256()), "issued", app.applicationId()),
                clock.instant(), username, "elicence-register", type + " " + number + " for "
                        + IdNumbers.mask(app.idNumber()) + (until == null ? ", long-term" : ", valid until " + until));
        if (!stored) {
            return Optional.empty();
        }
        LOG.info("Registered e-licence {} {} with the result of application {}", type, number, app.applicationNo());
        return repository.licence(id);
    }

    /**
     * Registers licences from another system, each audited; rows whose type and number are registered already are
     * left alone. Returns the numbers registered now.
     */
    public List<String> importLicences(List<ImportRow> rows, String username) {
        List<String> registered = new ArrayList<>();
        for (ImportRow r : rows) {
            String id = UUID.randomUUID().toString();
            String sha = Digests.sha256Hex(r.pdf());
            boolean stored = repository.insert(new ElicenceRepository.NewLicence(id, r.type(), r.number(),
                    holderHash(r.idNumber()), r.issuer(), r.issuedOn(), r.validUntil(), r.file(), r.pdf(), sha,
                    signer.signLicence(id, sha), "import", null), clock.instant(), username, "elicence-import",
                    r.type() + " " + r.number() + " for " + IdNumbers.mask(r.idNumber()) + " from " + r.file());
            if (stored) {
                registered.add(r.type() + " " + r.number());
            }
        }
        return registered;
    }

    /** Every licence (admins only), newest first. */
    public List<ElicenceRepository.Licence> list(StaffAccounts.Staff who) {
        requireAdmin(who);
        return repository.all(500);
    }

    /**
     * Revokes a licence (admins only): it is never offered again, and an application that refers to it later is
     * told so. False when there is no such licence or it is revoked already.
     */
    public boolean revoke(StaffAccounts.Staff who, String licenceId, String reason) {
        requireAdmin(who);
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why == null || why.length() > 500) {
            throw new IllegalArgumentException("revoking an e-licence needs a reason of at most 500 characters");
        }
        Optional<ElicenceRepository.Licence> l = repository.licence(licenceId);
        if (l.isEmpty()) {
            return false;
        }
        return repository.revoke(licenceId, who.username(), why, clock.instant(),
                l.get().type() + " " + l.get().number() + ": " + why);
    }

    private static void requireAdmin(StaffAccounts.Staff who) {
        if (who == null || !who.may(Role.ADMIN)) {
            throw new StaffDesk.NotAllowedException("this needs the admin role");
        }
    }

    /** The held materials an application refers to, as checked when it arrived. */
    public List<ReferredView> referred(String applicationId) {
        return repository.references(applicationId).stream().map(r -> new ReferredView(r.seq(), r.materialId(),
                r.kind(), r.reference(), r.valid(), r.note(), r.valid())).toList();
    }

    /**
     * The licence's PDF or the earlier application's document a valid reference of {@code applicationId} points at;
     * the caller has checked that the staff member may see the application. The viewing is audited.
     */
    public Optional<Content> referredContent(String username, String applicationId, int seq) {
        Optional<ElicenceRepository.Referred> ref = repository.references(applicationId).stream()
                .filter(r -> r.seq() == seq && r.valid()).findFirst();
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        Optional<ElicenceRepository.Grant> grant = repository.grant(ref.get().reference());
        if (grant.isEmpty()) {
            return Optional.empty();
        }
        Optional<Content> content;
        if (grant.get().licenceId() != null) {
            Optional<ElicenceRepository.Licence> l = repository.licence(grant.get().licenceId());
            content = l.flatMap(licence -> repository.pdf(licence.licenceId()).map(pdf ->
                    new Content(licence.fileName(), "application/pdf", pdf, licence.pdfSha256())));
        } else {
            content = applications.find(grant.get().sourceApplicationId())
                    .filter(a -> grant.get().sourceSeq() != null && grant.get().sourceSeq() < a.documents().size())
                    .map(a -> a.documents().get(grant.get().sourceSeq()))
                    .map(d -> new Content(d.fileName(), d.contentType(), d.content(), d.sha256()));
        }
        content.ifPresent(c -> staff.audit(username, "view-held-material", applicationId,
                ref.get().materialId() + ": " + c.fileName(), clock.instant()));
        return content;
    }

    // ================================================================== kiosk side

    /**
     * The kiosk has read this holder's card: closes its open card session, opens one bound to the holder and answers
     * its token. Audited.
     *
     * @throws TooManyAttemptsException over the kiosk's limit (audited)
     */
    public CardSession openCardSession(String kioskId, CardSession request) {
        countOrRefuse(kioskId, "card-session-open");
        if (request == null || request.idNumber() == null || !request.idNumber().strip().matches("\\d{17}[\\dXx]")) {
            throw new IllegalArgumentException("a card session needs the ID number the card gave (18 characters)");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = clock.millis();
        long expires = now + limits.cardSession().toMillis();
        repository.openCardSession(Digests.sha256Hex(token.getBytes(StandardCharsets.US_ASCII)), kioskId,
                holderHash(request.idNumber()), now, expires, "holder " + IdNumbers.mask(request.idNumber().strip()));
        return new CardSession(null, null, token, Instant.ofEpochMilli(expires));
    }

    /** The kiosk's resident has gone: its open card session ends. */
    public void closeCardSession(String kioskId) {
        repository.closeCardSessions(kioskId, clock.millis());
    }

    /**
     * Which of the matter's materials the centre holds for the card session's holder: kinds and numbers, and after
     * consent a reference for each. Revoked, expired and not yet valid licences are never offered. Audited.
     *
     * @throws RefusedException         no open card session of this kiosk, or another holder (audited)
     * @throws TooManyAttemptsException over the kiosk's limit (audited)
     */
    public HeldMaterials lookup(String kioskId, HeldMaterials request) {
        countOrRefuse(kioskId, "held-material-lookup");
        String who = "kiosk:" + kioskId;
        Instant at = clock.instant();
        if (request == null || request.session() == null || request.session().isBlank()) {
            staff.audit(who, "held-material-refused", null, "no card read in this kiosk's session", at);
            throw new RefusedException("no card session: read the resident's card first (" + "POST /api/v1/card-sessions)");
        }
        Optional<ElicenceRepository.CardSession> session = repository.cardSession(
                Digests.sha256Hex(request.session().getBytes(StandardCharsets.US_ASCII)));
        if (session.isEmpty() || !session.get().kioskId().equals(kioskId) || session.get().closedMs() != null
                || session.get().expiresMs() <= clock.millis()) {
            String why = session.isEmpty() ? "an unknown card session"
                    : !session.get().kioskId().equals(kioskId) ? "another kiosk's card session (" + session.get().kioskId() + ")"
                    : session.get().closedMs() != null ? "a closed card session" : "an expired card session";
            staff.audit(who, "held-material-refused", null, "no card read in this kiosk's session: " + why, at);
            throw new RefusedException("no open card session of this kiosk (" + why + "): read the resident's card first");
        }
        String idNumber = request.idNumber() == null ? "" : request.idNumber().strip();
        if (idNumber.isEmpty() || !holderHash(idNumber).equals(session.get().holderHash())) {
            staff.audit(who, "held-material-refused", null, "another holder than the card read: "
                    + IdNumbers.mask(idNumber), at);
            throw new RefusedException("the lookup names another holder than the card read in this session");
        }
        String serviceId = request.serviceId() == null ? "" : request.serviceId().strip();
        List<HeldMaterials.Held> held = new ArrayList<>();
        LocalDate today = today();
        for (Departments.HeldMaterial m : catalogue.heldMaterialsOf(serviceId)) {
            if (m.eLicence() != null) {
                Optional<ElicenceRepository.Licence> l = repository.ofHolder(session.get().holderHash(), m.eLicence())
                        .stream().filter(x -> x.usableOn(today)).findFirst();
                if (l.isPresent()) {
                    held.add(offer(kioskId, session.get(), serviceId, m.materialId(), request.consent(), l.get()));
                    continue;
                }
            }
            if (m.reusable()) {
                repository.heldDocument(idNumber, m.materialId()).ifPresent(d -> held.add(
                        offer(kioskId, session.get(), serviceId, m.materialId(), request.consent(), d)));
            }
        }
        staff.audit(who, request.consent() ? "held-material-fetch" : "held-material-lookup", null,
                "service " + LogSafe.text(serviceId, 64) + " for " + IdNumbers.mask(idNumber) + ": "
                        + (held.isEmpty() ? "nothing held" : String.join(", ", held.stream()
                        .map(h -> h.materialId() + " " + h.type() + " " + h.number()).toList()))
                        + (request.consent() ? " (resident consented)" : ""), at);
        return new HeldMaterials(null, serviceId, null, List.of(), request.consent(), List.copyOf(held));
    }

    private HeldMaterials.Held offer(String kioskId, ElicenceRepository.CardSession session, String serviceId,
                                     String materialId, boolean consent, ElicenceRepository.Licence l) {
        if (!consent) {
            return new HeldMaterials.Held(materialId, HeldMaterials.E_LICENCE, l.type(), l.number(), null, null, null);
        }
        String reference = grant(kioskId, session, serviceId, materialId, HeldMaterials.E_LICENCE, l.licenceId(), null, null);
        return new HeldMaterials.Held(materialId, HeldMaterials.E_LICENCE, l.type(), l.number(), reference, l.issuer(),
                l.validUntil() == null ? null : l.validUntil().toString());
    }

    private HeldMaterials.Held offer(String kioskId, ElicenceRepository.CardSession session, String serviceId,
                                     String materialId, boolean consent, ElicenceRepository.HeldDocument d) {
        if (!consent) {
            return new HeldMaterials.Held(materialId, HeldMaterials.REUSED, materialId, d.applicationNo(), null, null, null);
        }
        String reference = grant(kioskId, session, serviceId, materialId, HeldMaterials.REUSED, null,
                d.applicationId(), d.seq());
        return new HeldMaterials.Held(materialId, HeldMaterials.REUSED, materialId, d.applicationNo(), reference,
                d.kioskId(), null);
    }

    private String grant(String kioskId, ElicenceRepository.CardSession session, String serviceId, String materialId,
                         String kind, String licenceId, String sourceApplication, Integer sourceSeq) {
        String reference = (HeldMaterials.E_LICENCE.equals(kind) ? "EL-" : "RU-") + UUID.randomUUID();
        repository.insertGrant(new ElicenceRepository.Grant(reference, kioskId, session.holderHash(), serviceId,
                materialId, kind, licenceId, sourceApplication, sourceSeq, clock.millis()));
        return reference;
    }

    private void countOrRefuse(String kioskId, String what) {
        long now = clock.millis();
        boolean allowed = repository.countRequest(kioskId, now, now - limits.window().toMillis(),
                now - Duration.ofDays(1).toMillis(), limits.perWindow());
        if (!allowed) {
            staff.audit("kiosk:" + kioskId, "held-material-refused", null, what + " over the limit of "
                    + limits.perWindow() + " in " + limits.window().toMinutes() + " minutes", clock.instant());
            LOG.warn("Kiosk {} went over its e-licence lookup limit ({} in {} min)", kioskId, limits.perWindow(),
                    limits.window().toMinutes());
            throw new TooManyAttemptsException("this kiosk made more than " + limits.perWindow()
                    + " e-licence requests in " + limits.window().toMinutes() + " minutes; try again later",
                    limits.window());
        }
    }

    /**
     * Records and checks the held materials an application refers to: each must be a grant made to this kiosk, for
     * this holder and material, and (for a licence) still valid and not revoked, or (for a document) still held. A
     * reference that fails is kept marked invalid, so staff ask for the paper; the application is never refused for
     * it. Each use is audited. A re-sent application changes nothing.
     */
    public void recordReferences(ApplicationSubmission app) {
        List<MaterialReference> refs = app.referencesOrEmpty();
        if (refs.isEmpty() || repository.hasReferences(app.applicationId())) {
            return;
        }
        String holder = holderHash(app.idNumber());
        LocalDate today = today();
        List<ElicenceRepository.Referred> out = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            MaterialReference r = refs.get(i);
            Optional<ElicenceRepository.Grant> g = repository.grant(r.reference());
            String problem = null;
            String note;
            if (g.isEmpty()) {
                problem = "unknown reference";
            } else if (!g.get().kioskId().equals(app.kioskId())) {
                problem = "granted to another kiosk";
            } else if (!g.get().holderHash().equals(holder)) {
                problem = "granted for another holder";
            } else if (!g.get().materialId().equals(r.materialId())) {
                problem = "granted for material " + g.get().materialId();
            }
            if (problem == null && g.get().licenceId() != null) {
                ElicenceRepository.Licence l = repository.licence(g.get().licenceId()).orElseThrow();
                note = l.type() + " " + l.number() + "，" + l.issuer() + " " + l.issuedOn() + " 颁发，"
                        + (l.validUntil() == null ? "长期有效" : "有效期至 " + l.validUntil());
                if (l.revokedAt() != null) {
                    problem = "revoked";
                } else if (!l.usableOn(today)) {
                    problem = "expired";
                }
                note = problem == null ? "电子证照 " + note : "电子证照不可用（" + problem + "）：" + note + "，请补交纸质材料";
            } else if (problem == null) {
                ElicenceRepository.Grant grant = g.get();
                Optional<ApplicationSubmission> source = applications.find(grant.sourceApplicationId());
                Optional<DocumentPayload> doc = source.filter(a -> grant.sourceSeq() < a.documents().size())
                        .map(a -> a.documents().get(grant.sourceSeq()));
                note = doc.isEmpty() ? "复用材料已不在中心，请补交纸质材料"
                        : "复用申请 " + source.get().applicationNo() + " 的材料 " + doc.get().fileName();
                if (doc.isEmpty()) {
                    problem = "no longer held";
                }
            } else {
                note = "引用无效（" + problem + "），请补交纸质材料";
            }
            out.add(new ElicenceRepository.Referred(i, LogSafe.text(r.materialId(), 64),
                    HeldMaterials.E_LICENCE.equals(r.kind()) ? HeldMaterials.E_LICENCE : HeldMaterials.REUSED,
                    LogSafe.text(r.reference(), 100), problem == null, note));
            if (problem != null) {
                LOG.warn("Application {} of kiosk {} refers to {} for {}: {}", app.applicationNo(), app.kioskId(),
                        LogSafe.text(r.reference(), 100), LogSafe.text(r.materialId(), 64), problem);
            }
        }
        repository.insertReferences(app.applicationId(), app.kioskId(), out, clock.instant());
    }

    /** The kiosk's e-licence request volume as fleet alerts: refusals in the last hour (critical), or many requests. */
    public List<FleetAlert> alerts(String kioskId) {
        long[] v = repository.volume(kioskId, clock.millis() - Duration.ofHours(1).toMillis());
        if (v[1] > 0) {
            return List.of(new FleetAlert(kioskId, FleetAlert.Severity.CRITICAL, "elicence-volume",
                    "电子证照查询超出限额：近一小时 " + v[1] + " 次被拒绝（共 " + v[0] + " 次），请核查终端是否被滥用"));
        }
        if (v[0] > limits.alertPerHour()) {
            return List.of(new FleetAlert(kioskId, FleetAlert.Severity.WARNING, "elicence-volume",
                    "电子证照查询量异常：近一小时 " + v[0] + " 次"));
        }
        return List.of();
    }
}
