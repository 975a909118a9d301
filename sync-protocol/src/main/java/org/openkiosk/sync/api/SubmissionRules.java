package org.openkiosk.sync.api;

import static org.openkiosk.sync.api.WireChecks.isBlank;
import static org.openkiosk.sync.api.WireChecks.isUuid;
import static org.openkiosk.sync.api.WireChecks.requireText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What makes a submission acceptable. The centre refuses a submission that breaks a rule; the
 * kiosk checks the same rules before storing one, so nothing waits in its queue only to be refused.
 */
public final class SubmissionRules {

    private SubmissionRules() {
    }

    /**
     * Every rule the submission breaks, in plain words; empty when it is acceptable. A document
     * without {@code content} refers to an upload by its {@code sha256}; whether that upload exists
     * is for the centre to check.
     */
    public static List<String> problems(ApplicationSubmission app) {
        List<String> problems = new ArrayList<>();
        if (app == null) {
            problems.add("no application in the request body");
            return problems;
        }
        if (isBlank(app.applicationId())) {
            problems.add("applicationId is missing");
        } else if (!isUuid(app.applicationId())) {
            problems.add("applicationId is not a UUID");
        }
        requireText(problems, "applicationNo", app.applicationNo());
        requireText(problems, "kioskId", app.kioskId());
        requireText(problems, "serviceId", app.serviceId());
        requireText(problems, "serviceName", app.serviceName());
        requireText(problems, "applicantName", app.applicantName());
        requireText(problems, "idNumber", app.idNumber());
        if (app.submittedAt() == null) {
            problems.add("submittedAt is missing");
        }
        if (app.fields() != null) {
            for (Map.Entry<String, String> field : app.fields().entrySet()) {
                if (field.getKey() == null || field.getValue() == null) {
                    problems.add("field " + field.getKey() + " has no value");
                }
            }
        }
        if (app.documents() != null) {
            for (int i = 0; i < app.documents().size(); i++) {
                documentProblems(problems, "documents[" + i + "]", app.documents().get(i));
            }
        }
        List<MaterialReference> references = app.referencesOrEmpty();
        if (references.size() > 50) {
            problems.add("references: at most 50, not " + references.size());
        }
        for (int i = 0; i < Math.min(references.size(), 50); i++) {
            MaterialReference r = references.get(i);
            if (r == null || isBlank(r.materialId()) || isBlank(r.reference()) || isBlank(r.kind())) {
                problems.add("references[" + i + "] needs materialId, kind and reference");
            } else if (r.materialId().length() > 64 || r.reference().length() > 100 || r.kind().length() > 20
                    || r.type() != null && r.type().length() > 100 || r.number() != null && r.number().length() > 100) {
                problems.add("references[" + i + "] is longer than its bounds (materialId 64, reference, type and"
                        + " number 100 characters)");
            }
        }
        SubmissionLimits.check(problems, app);
        return problems;
    }

    private static void documentProblems(List<String> problems, String where, DocumentPayload doc) {
        if (doc == null) {
            problems.add(where + " is empty");
            return;
        }
        requireText(problems, where + ".materialId", doc.materialId());
        requireText(problems, where + ".fileName", doc.fileName());
        requireText(problems, where + ".contentType", doc.contentType());
        if (isBlank(doc.sha256())) {
            problems.add(where + ".sha256 is missing");
        } else if (!Protocol.isSha256Hex(doc.sha256())) {
            problems.add(where + ".sha256 is not 64 hex digits");
        } else if (doc.content() != null
                && !Digests.sha256Hex(doc.content()).equals(doc.sha256().toLowerCase(Locale.ROOT))) {
            problems.add(where + ".sha256 does not match its content");
        }
        typeProblem(where, doc).ifPresent(problems::add);
    }

    /**
     * Why the document's type is refused (see {@link DocumentTypes}): a type a kiosk does not make, or
     * bytes that are not what the type says. A document sent as a reference ({@code content} null) is
     * judged on its claim here; the centre checks the uploaded bytes when the application refers to them.
     */
    public static Optional<String> typeProblem(String where, DocumentPayload doc) {
        if (doc == null) {
            return Optional.empty();
        }
        String what = name(where, doc);
        if (doc.content() == null) {
            return DocumentTypes.isAccepted(doc.contentType()) || isBlank(doc.contentType()) ? Optional.empty()
                    : DocumentTypes.problem(what, doc.contentType(), null);
        }
        return DocumentTypes.problem(what, doc.contentType(), DocumentTypes.head(doc.content()));
    }

    /**
     * Every document of the application whose type is refused (see {@link #typeProblem}); what the
     * centre answers with 415 before anything else.
     */
    public static List<String> typeProblems(ApplicationSubmission app) {
        List<String> problems = new ArrayList<>();
        if (app != null && app.documents() != null) {
            for (int i = 0; i < app.documents().size(); i++) {
                typeProblem("documents[" + i + "]", app.documents().get(i)).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /** "documents[2] (scan.png)": where the document is and the name it was sent with, control characters removed. */
    public static String name(String where, DocumentPayload doc) {
        if (isBlank(doc.fileName())) {
            return where;
        }
        String name = doc.fileName().length() > 80 ? doc.fileName().substring(0, 80) + "..." : doc.fileName();
        return where + " (" + name.replaceAll("\\p{Cntrl}", "?") + ")";
    }
}
