package org.openkiosk.centre.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openkiosk.centre.db.UploadRepository;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.DocumentTypes;
import org.openkiosk.sync.api.Protocol;
import org.openkiosk.sync.api.SubmissionRules;

/**
 * Whether each document of a submission is a kind a kiosk makes (JPEG, PNG, PDF) and its bytes are what
 * its type says: inline bytes as they came, a document referring to a completed chunked upload by the
 * first bytes the centre stored for it. A complete upload's bytes are fixed by its SHA-256 (verified when
 * its last chunk came), and the application stores exactly that upload's bytes, so checking them before
 * the insert checks what is stored.
 */
public final class DocumentTypeCheck {

    private final UploadRepository uploads;

    public DocumentTypeCheck(UploadRepository uploads) {
        this.uploads = uploads;
    }

    /** Every refused document, named by its place and file name; empty when all may be stored. */
    public List<String> problems(ApplicationSubmission app) {
        List<String> problems = new ArrayList<>(SubmissionRules.typeProblems(app));
        if (!problems.isEmpty() || app == null || app.documents() == null || app.kioskId() == null) {
            return problems;
        }
        for (int i = 0; i < app.documents().size(); i++) {
            DocumentPayload doc = app.documents().get(i);
            if (doc == null || !doc.isReference() || doc.sha256() == null || !Protocol.isSha256Hex(doc.sha256())) {
                continue;
            }
            Optional<byte[]> head = uploads.completeHead(app.kioskId(), doc.sha256().toLowerCase(Locale.ROOT),
                    DocumentTypes.HEAD_BYTES);
            // an upload that is not there (or not complete) is refused with 409 when the application is stored
            String what = SubmissionRules.name("documents[" + i + "]", doc);
            head.flatMap(h -> DocumentTypes.problem(what, doc.contentType(), h)).ifPresent(problems::add);
        }
        return problems;
    }
}
