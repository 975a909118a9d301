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
        /** The materials asked for arrived (at the counter, by post): back to received for a new decision. */
        MATERIALS_RECEIVED("received", Role.CLERK, false),
        /** From accepted; from completed it re-issues the result, which needs a reason. */
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
            throw new IllegalArgumentException("action must be accept, reject, more-materials, materials-received or "
                    + "issue-result, not '" + text + "'");
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Whether the action applies to an application that is {@code status}. */
        public boolean appliesTo(String status) {
            return ApplicationService.TRANSITIONS.getOrDefault(status, java.util.Set.of()).contains(this.status);
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

    /** The decisions that grant what was applied for: only these make an e-licence. */
    static final java.util.Set<String> LICENSING_DECISIONS = java.util.Set.of("准予许可", "准予登记", "已办结");

    private final ApplicationService service;
    private final ApplicationRepository applications;
    private final StaffRepository staff;
    private final RatingService ratings;
    private final Departments departments;
    private final DocumentTemplates templates;
    private final String issuer;
    private final Clock clock;
    /** Registers a result as an e-licence when the catalogue says the service issues one; null for none. */
    private final Elicences elicences;

    public StaffDesk(ApplicationService service, ApplicationRepository applications, StaffRepository staff,
                     RatingService ratings, Departments departments, DocumentTemplates templates, String issuer,
                     Clock clock) {
        this(service, applications, staff, ratings, departments, templates, issuer, clock, null);
    }

    public StaffDesk(ApplicationService service, ApplicationRepository applications, StaffRepository staff,
                     RatingService ratings, Departments departments, DocumentTemplates templates, String issuer,
                     Clock clock, Elicences elicences) {
        this.elicences = elicences;
        this.service = service;
        this.applications = applications;
        this.staff = staff;
        this.ratings = ratings;
        this.departments = departments;
        this.templates = templates;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The applications of the staff member's departments that match the filters, newest first. */
    public List<ApplicationSummary> list(StaffAccounts.Staff who, String status, String kioskId, String serviceId,
                                         String text) {
        require(who, Role.VIEWER);
        return applications.list(blankToNull(status), blankToNull(kioskId), blankToNull(serviceId), blankToNull(text),
                who.inEveryDepartment() ? null : departments.servicesOf(who.departments()), 200);
    }

    /**
     * Where the application stands, if it is one of the staff member's departments (by its service, as the
     * centre's catalogue says); empty otherwise, as for an application that does not exist. A refused look is
     * audited.
     */
    public Optional<ApplicationRepository.Standing> standing(StaffAccounts.Staff who, String applicationId) {
        require(who, Role.VIEWER);
        Optional<ApplicationRepository.Standing> standing = service.standing(applicationId);
        if (standing.isEmpty() || who.inEveryDepartment()) {
            return standing;
        }
        Optional<String> department = departments.departmentOf(standing.get().serviceId());
        if (department.isPresent() && who.departments().contains(department.get())) {
            return standing;
        }
        staff.audit(who.username(), "refused-other-department", applicationId,
                "service " + standing.get().serviceId() + " of " + department.orElse("no department"), clock.instant());
        return Optional.empty();
    }

    /** The department of a service as the centre's catalogue says; empty when none. */
    public Optional<String> departmentOf(String serviceId) {
        return departments.departmentOf(serviceId);
    }

    /**
     * The application with its personal data and documents, ID numbers masked for a viewer; the viewing is audited.
     * Empty when there is none or it is another department's.
     */
    public Optional<ApplicationSubmission> view(StaffAccounts.Staff who, String applicationId) {
        if (standing(who, applicationId).isEmpty()) {
            return Optional.empty();
        }
        Optional<ApplicationSubmission> app = applications.find(applicationId);
        app.ifPresent(a -> staff.audit(who.username(), "view", applicationId, null, clock.instant()));
        return who.seesIdNumbers() ? app : app.map(a -> new ApplicationSubmission(a.applicationId(), a.applicationNo(),
                a.kioskId(), a.serviceId(), a.serviceName(), a.applicantName(), IdNumbers.mask(a.idNumber()),
                IdNumbers.maskWithin(a.fields()), a.documents(), a.submittedAt()));
    }

    /** One document's bytes; the viewing is audited. Empty when there is none or it is another department's. */
    public Optional<DocumentPayload> document(StaffAccounts.Staff who, String applicationId, int seq) {
        if (standing(who, applicationId).isEmpty()) {
            return Optional.empty();
        }
        Optional<DocumentPayload> doc = applications.find(applicationId)
                .filter(a -> seq >= 0 && seq < a.documents().size()).map(a -> a.documents().get(seq));
        doc.ifPresent(d -> staff.audit(who.username(), "view-document", applicationId, d.fileName(), clock.instant()));
        return doc;
    }

    /**
     * Decides on an application, if it is one of the staff member's departments, the action applies to where it
     * stands ({@link ApplicationService#TRANSITIONS}) and {@code version} is its current version. {@code decision}
     * (one of {@link #RESULT_DECISIONS}) is needed to issue a result; re-issuing the result of a completed
     * application needs a reason the resident can read.
     *
     * @return false when there is no such application (or it is another department's)
     * @throws NotAllowedException      the staff member's roles do not allow the action
     * @throws IllegalArgumentException a reason, decision or version is missing or does not fit
     * @throws org.openkiosk.centre.db.ConflictException the action does not apply to where the application stands,
     *                                  or the version is stale
     */
    public boolean decide(StaffAccounts.Staff who, String applicationId, Action action, String reason, String decision,
                          Long version) {
        require(who, action.role);
        if (version == null) {
            throw new IllegalArgumentException("a decision names the version of the application it was made on"
                    + " (\"version\" from the application's view)");
        }
        Optional<ApplicationRepository.Standing> standing = standing(who, applicationId);
        if (standing.isEmpty()) {
            return false;
        }
        boolean reissue = action == Action.ISSUE_RESULT && "completed".equals(standing.get().status());
        String why = blankToNull(reason);
        if ((action.reasonRequired || reissue) && why == null) {
            throw new IllegalArgumentException((reissue ? "re-issuing a result" : action.wire())
                    + " needs a reason the resident can read");
        }
        if (why != null && why.length() > 500) {
            throw new IllegalArgumentException("the reason is over 500 characters");
        }
        ResultDocument result = null;
        ApplicationSubmission issuedFor = null;
        if (action == Action.ISSUE_RESULT) {
            if (decision == null || !RESULT_DECISIONS.contains(decision.strip())) {
                throw new IllegalArgumentException("issue-result needs a decision: one of " + RESULT_DECISIONS);
            }
            Optional<ApplicationSubmission> app = applications.find(applicationId);
            if (app.isEmpty()) {
                return false;
            }
            result = resultNotice(app.get(), decision.strip(), why);
            issuedFor = app.get();
        }
        // the version is checked in the change's transaction, so a re-issue is exactly what was read: completed
        ApplicationRepository.AuditNote audit = new ApplicationRepository.AuditNote(who.username(),
                reissue ? "reissue-result" : action.wire(),
                (decision != null && action == Action.ISSUE_RESULT ? decision.strip() + "; " : "")
                        + (why == null ? "" : why)
                        + (result != null ? " [result sha256 " + result.sha256() + "]" : ""));
        if (service.changeStatus(applicationId, action.status, why, result, version, audit).isEmpty()) {
            return false;
        }
        if (elicences != null && issuedFor != null && LICENSING_DECISIONS.contains(decision.strip())) {
            elicences.registerIssued(issuedFor, result, issuer, who.username());
        }
        return true;
    }

    /** The residents' ratings of one application, oldest first (none when it is another department's). */
    public List<RatingRepository.StoredRating> ratings(StaffAccounts.Staff who, String applicationId) {
        if (standing(who, applicationId).isEmpty()) {
            return List.of();
        }
        return ratings.ofApplication(applicationId);
    }

    /** Per rated matter of the staff member's departments: count, average, levels and the poor ratings with reasons. */
    public List<RatingRepository.MatterSummary> ratingSummary(StaffAccounts.Staff who) {
        require(who, Role.VIEWER);
        if (who.inEveryDepartment()) {
            return ratings.summary();
        }
        return ratings.summary().stream().filter(m -> departments.departmentOf(m.serviceId())
                .filter(who.departments()::contains).isPresent()).toList();
    }

    /**
     * The audit log of one application (staff who may see the application, or an admin), or the whole log
     * ({@code applicationId} null: admins only).
     *
     * @throws java.util.NoSuchElementException there is no such application, or it is another department's
     */
    public List<StaffRepository.AuditEntry> auditLog(StaffAccounts.Staff who, String applicationId) {
        if (applicationId == null || who != null && who.may(Role.ADMIN)) {
            require(who, Role.ADMIN);
            return staff.auditLog(applicationId, 500);
        }
        if (standing(who, applicationId).isEmpty()) {
            throw new java.util.NoSuchElementException("no application " + applicationId);
        }
        List<StaffRepository.AuditEntry> log = staff.auditLog(applicationId, 500);
        return who.seesIdNumbers() ? log : log.stream().map(e -> new StaffRepository.AuditEntry(e.id(), e.at(),
                e.username(), e.action(), e.applicationId(), IdNumbers.maskWithin(e.detail()))).toList();
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
