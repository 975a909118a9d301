package org.openkiosk.centre.core;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openkiosk.centre.api.ApplicationSummary;
import org.openkiosk.centre.db.ApplicationRepository;
import org.openkiosk.centre.db.RatingRepository;
import org.openkiosk.centre.db.ResultDocument;
import org.openkiosk.centre.db.StaffRepository;
import org.openkiosk.print.DocumentTemplates;
import org.openkiosk.print.TemplateException;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;

/**
 * The back office (后台分类审批): what staff do with applications, role-checked and written to the
 * audit log. Every decision becomes a status change the kiosk pulls; issuing a result renders the
 * result notice (print-templates' {@code result-notice}) as a PDF the kiosk can print.
 */
public final class StaffDesk {

    /** What staff can decide, the status it sets and the role it needs. */
    public enum Action {
        ACCEPT("accepted", Role.CLERK, false),
        REJECT("rejected", Role.CLERK, true),
        MORE_MATERIALS("more-materials", Role.CLERK, true),
        ISSUE_RESULT("completed", Role.APPROVER, false);

        public final String status;
        public final Role role;
        public final boolean reasonRequired;

        Action(String status, Role role, boolean reasonRequired) {
            this.status = status;
            this.role = role;
            this.reasonRequired = reasonRequired;
        }

        /** {@code accept}, {@code reject}, {@code more-materials}, {@code issue-result}. */
        public static Action parse(String text) {
            if (text != null) {
                for (Action a : values()) {
                    if (a.wire().equals(text.strip().toLowerCase(Locale.ROOT))) {
                        return a;
                    }
                }
            }
            throw new IllegalArgumentException("action must be accept, reject, more-materials or issue-result, not '"
                    + text + "'");
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The staff member may not do this. */
    public static final class NotAllowedException extends RuntimeException {
        public NotAllowedException(String message) {
            super(message);
        }
    }

    /** The decisions the result notice template knows. */
    public static final List<String> RESULT_DECISIONS = List.of("准予许可", "不予许可", "准予登记", "不予登记", "已办结", "不予受理");

    private final ApplicationRepository applications;
    private final StaffRepository staff;
    private final RatingService ratings;
    private final DocumentTemplates templates;
    private final String issuer;
    private final Clock clock;

    public StaffDesk(ApplicationRepository applications, StaffRepository staff, RatingService ratings,
                     DocumentTemplates templates, String issuer, Clock clock) {
        this.applications = applications;
        this.staff = staff;
        this.ratings = ratings;
        this.templates = templates;
        this.issuer = issuer;
        this.clock = clock;
    }

    public List<ApplicationSummary> list(StaffAccounts.Staff who, String status, String kioskId, String serviceId,
                                         String text) {
        require(who, Role.VIEWER);
        return applications.list(blankToNull(status), blankToNull(kioskId), blankToNull(serviceId), blankToNull(text), 200);
    }

    /** The application with its personal data and documents; the viewing is audited. */
    public Optional<ApplicationSubmission> view(StaffAccounts.Staff who, String applicationId) {
        require(who, Role.VIEWER);
        Optional<ApplicationSubmission> app = applications.find(applicationId);
        app.ifPresent(a -> staff.audit(who.username(), "view", applicationId, null, clock.instant()));
        return app;
    }

    public Optional<String> status(String applicationId) {
        return applications.status(applicationId, null).map(s -> s.status());
    }

    /** One document's bytes; the viewing is audited. */
    public Optional<DocumentPayload> document(StaffAccounts.Staff who, String applicationId, int seq) {
        require(who, Role.VIEWER);
        Optional<DocumentPayload> doc = applications.find(applicationId)
                .filter(a -> seq >= 0 && seq < a.documents().size()).map(a -> a.documents().get(seq));
        doc.ifPresent(d -> staff.audit(who.username(), "view-document", applicationId, d.fileName(), clock.instant()));
        return doc;
    }

    /**
     * Decides on an application. {@code decision} (one of {@link #RESULT_DECISIONS}) is needed to
     * issue a result.
     *
     * @return false when there is no such application
     * @throws NotAllowedException      the staff member's roles do not allow the action
     * @throws IllegalArgumentException a reason or decision is missing or does not fit the template
     */
    public boolean decide(StaffAccounts.Staff who, String applicationId, Action action, String reason, String decision) {
        require(who, action.role);
        String why = blankToNull(reason);
        if (action.reasonRequired && why == null) {
            throw new IllegalArgumentException(action.wire() + " needs a reason the resident can read");
        }
        if (why != null && why.length() > 500) {
            throw new IllegalArgumentException("the reason is over 500 characters");
        }
        ResultDocument result = null;
        if (action == Action.ISSUE_RESULT) {
            if (decision == null || !RESULT_DECISIONS.contains(decision.strip())) {
                throw new IllegalArgumentException("issue-result needs a decision: one of " + RESULT_DECISIONS);
            }
            Optional<ApplicationSubmission> app = applications.find(applicationId);
            if (app.isEmpty()) {
                return false;
            }
            result = resultNotice(app.get(), decision.strip(), why);
        }
        boolean changed = applications.changeStatus(applicationId, action.status, why, result, clock.instant());
        if (changed) {
            staff.audit(who.username(), action.wire(), applicationId,
                    (decision != null && action == Action.ISSUE_RESULT ? decision.strip() + "; " : "")
                            + (why == null ? "" : why), clock.instant());
        }
        return changed;
    }

    /** The residents' ratings of one application, oldest first. */
    public List<RatingRepository.StoredRating> ratings(StaffAccounts.Staff who, String applicationId) {
        require(who, Role.VIEWER);
        return ratings.ofApplication(applicationId);
    }

    /** Per rated matter: count, average, levels and the poor ratings with the residents' reasons. */
    public List<RatingRepository.MatterSummary> ratingSummary(StaffAccounts.Staff who) {
        require(who, Role.VIEWER);
        return ratings.summary();
    }

    public List<StaffRepository.AuditEntry> auditLog(StaffAccounts.Staff who, String applicationId) {
        require(who, Role.VIEWER);
        return staff.auditLog(applicationId, 500);
    }

    private ResultDocument resultNotice(ApplicationSubmission app, String decision, String reason) {
        Map<String, Object> data = new HashMap<>();
        data.put("applicationNo", app.applicationNo());
        data.put("applicantName", app.applicantName());
        data.put("idNumber", app.idNumber());
        data.put("serviceName", app.serviceName());
        data.put("decision", decision);
        data.put("decidedAt", LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai")));
        data.put("issuer", issuer);
        if (reason != null) {
            data.put("reason", reason);
        }
        try {
            byte[] pdf = templates.render("result-notice", data);
            return new ResultDocument("result-" + app.applicationNo() + ".pdf", "application/pdf", Digests.sha256Hex(pdf), pdf);
        } catch (TemplateException e) {
            throw new IllegalArgumentException("the result notice cannot be made: " + e.getMessage(), e);
        }
    }

    private static void require(StaffAccounts.Staff who, Role role) {
        if (who == null || !who.may(role)) {
            throw new NotAllowedException("this needs the " + role.name().toLowerCase(Locale.ROOT) + " role");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
