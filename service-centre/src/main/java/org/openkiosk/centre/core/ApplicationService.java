package org.openkiosk.centre.core;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.openkiosk.centre.api.ApplicationStatus;
import org.openkiosk.centre.db.ApplicationRepository;
import org.openkiosk.centre.db.ConflictException;
import org.openkiosk.centre.db.ResultDocument;
import org.openkiosk.sync.api.ChangesPage;
import org.openkiosk.sync.api.StatusChange;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.SubmissionReceipt;
import org.openkiosk.sync.api.SubmissionRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Receives applications from kiosks: checks them, stores each applicationId exactly once. */
public final class ApplicationService {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationService.class);

    private final ApplicationRepository repository;
    private final DocumentTypeCheck documentTypes;
    private final Clock clock;

    /** Told of every application stored (or received again): records the held materials it refers to. */
    private final java.util.function.Consumer<ApplicationSubmission> received;

    public ApplicationService(ApplicationRepository repository, DocumentTypeCheck documentTypes, Clock clock) {
        this(repository, documentTypes, clock, app -> { });
    }

    public ApplicationService(ApplicationRepository repository, DocumentTypeCheck documentTypes, Clock clock,
                              java.util.function.Consumer<ApplicationSubmission> received) {
        this.repository = repository;
        this.documentTypes = documentTypes;
        this.clock = clock;
        this.received = received;
    }

    /**
     * Stores the application unless the centre already has its applicationId, in which case the
     * receipt of the first reception comes back with {@code duplicate = true}.
     *
     * @throws UnsupportedDocumentException a document is not JPEG, PNG or PDF, or its bytes are not what it claims
     * @throws InvalidSubmissionException   another protocol rule is broken
     */
    public SubmissionReceipt receive(ApplicationSubmission app) throws InvalidSubmissionException {
        List<String> refused = documentTypes.problems(app);
        if (!refused.isEmpty()) {
            LOG.warn("Refused an application of kiosk {} for its documents: {}", app.kioskId(), String.join("; ", refused));
            throw new UnsupportedDocumentException(refused);
        }
        List<String> problems = SubmissionRules.problems(app);
        if (!problems.isEmpty()) {
            LOG.warn("Refused an application: {}", String.join("; ", problems));
            throw new InvalidSubmissionException(problems);
        }
        SubmissionReceipt receipt = repository.insertIfAbsent(app, clock.instant());
        received.accept(app); // also for a duplicate: a first reception cut short before its references were kept
        if (receipt.duplicate()) {
            LOG.info("Application {} ({}) from kiosk {} was already received", app.applicationNo(),
                    app.applicationId(), app.kioskId());
        } else {
            int documents = app.documents() == null ? 0 : app.documents().size();
            LOG.info("Received application {} ({}) from kiosk {} with {} document(s)", app.applicationNo(),
                    app.applicationId(), app.kioskId(), documents);
        }
        return receipt;
    }

    /** @param kioskId only an application of this kiosk; null for any */
    public Optional<ApplicationStatus> status(String applicationId, String kioskId) {
        return repository.status(applicationId, kioskId);
    }

    /** Status changes of the kiosk's applications after the cursor, at most {@code limit}. */
    public ChangesPage changes(String kioskId, long since, int limit) {
        List<StatusChange> changes = repository.changes(kioskId, since, limit + 1);
        boolean more = changes.size() > limit;
        List<StatusChange> page = more ? changes.subList(0, limit) : changes;
        long cursor = page.isEmpty() ? since : page.get(page.size() - 1).seq();
        return new ChangesPage(List.copyOf(page), cursor, more);
    }

    /** @param kioskId only an application of this kiosk; null for any */
    public Optional<ResultDocument> result(String applicationId, String kioskId) {
        return repository.result(applicationId, kioskId);
    }

    /**
     * Where a decision may take an application: {@code received → accepted | rejected | more-materials},
     * {@code accepted → completed}, {@code more-materials → received} (the materials asked for arrived), and
     * {@code completed → completed} only with a new result document (a re-issued result notice, e.g. correcting
     * a mistake in the first; the kiosk fetches it again). {@code rejected} is final.
     */
    public static final Map<String, Set<String>> TRANSITIONS = Map.of(
            "received", Set.of("accepted", "rejected", "more-materials"),
            "accepted", Set.of("completed"),
            "more-materials", Set.of("received"),
            "completed", Set.of("completed"),
            "rejected", Set.of());

    /** The statuses from which an application may become {@code status} (with or without a result document). */
    public static Set<String> allowedFrom(String status, boolean withResult) {
        Set<String> from = new TreeSet<>();
        TRANSITIONS.forEach((f, to) -> {
            if (to.contains(status) && (!f.equals(status) || withResult)) {
                from.add(f);
            }
        });
        return from;
    }

    /**
     * Staff decided: the new status (with a reason, and a result document when one is issued) is
     * stored and logged for the kiosk to pull, if {@link #TRANSITIONS} allow it from where the application
     * stands and {@code expectedVersion} (when not null) is still its version.
     *
     * @return where the application stood before; empty when there is no such application
     * @throws ConflictException the transition is not allowed, or the version is stale
     */
    public Optional<ApplicationRepository.Standing> changeStatus(String applicationId, String status, String reason,
                                                                 ResultDocument result, Long expectedVersion) {
        return changeStatus(applicationId, status, reason, result, expectedVersion, null);
    }

    /** As {@link #changeStatus(String, String, String, ResultDocument, Long)}, with its audit row in the same transaction. */
    public Optional<ApplicationRepository.Standing> changeStatus(String applicationId, String status, String reason,
                                                                 ResultDocument result, Long expectedVersion,
                                                                 ApplicationRepository.AuditNote audit) {
        Set<String> from = allowedFrom(status, result != null);
        ApplicationRepository.StatusUpdate update = repository.changeStatus(applicationId, status, reason, result,
                clock.instant(), from, expectedVersion, audit);
        ApplicationRepository.Standing before = update.before();
        switch (update.outcome()) {
            case NOT_FOUND -> {
                return Optional.empty();
            }
            case STALE_VERSION -> {
                LOG.info("Refused a decision on application {} made on version {}: it is at version {}", applicationId,
                        expectedVersion, before.version());
                throw new ConflictException("application " + applicationId + " changed since it was read: it is at version "
                        + before.version() + " (" + before.status() + "), the decision was made on version "
                        + expectedVersion + "; read it again and decide again");
            }
            case NOT_ALLOWED_FROM_STATUS -> {
                LOG.info("Refused to make application {} {}: it is {}", applicationId, status, before.status());
                throw new ConflictException("application " + applicationId + " is " + before.status()
                        + " and cannot become " + status + (status.equals(before.status())
                        ? " again without a new result document"
                        : "; " + status + " is reached only from " + (from.isEmpty() ? "no status" : String.join(" or ", from))));
            }
            default -> {
                LOG.info("Application {} is now {}{}", applicationId, status, result != null ? " with a result" : "");
                return Optional.of(before);
            }
        }
    }

    /** Where the application stands (service, status, version); empty when there is none. */
    public Optional<ApplicationRepository.Standing> standing(String applicationId) {
        return repository.standing(applicationId);
    }

    public Optional<ApplicationSubmission> find(String applicationId) {
        return repository.find(applicationId);
    }

    public long count() {
        return repository.count();
    }
}
