package org.openkiosk.sync.api;

import java.util.List;
import java.util.Map;

/**
 * How much text and how many parts a submission may carry: generous for any form a kiosk shows, small enough
 * that a kiosk token cannot fill the centre's database or a clerk's screen with one application. Part of
 * {@link SubmissionRules}, so the kiosk checks the same bounds before it keeps an application.
 */
public final class SubmissionLimits {

    /** Most form fields in one application. */
    public static final int MAX_FIELDS = 100;
    /** Longest field name (a catalogue field id), in characters. */
    public static final int MAX_FIELD_NAME_CHARS = 64;
    /** Longest field value, in characters (an address, a free-text note). */
    public static final int MAX_FIELD_VALUE_CHARS = 2000;
    /** Longest applicant name, in characters. */
    public static final int MAX_NAME_CHARS = 100;
    /** Longest identifier (applicationNo, kioskId, serviceId, materialId), in characters. */
    public static final int MAX_ID_CHARS = 100;
    /** Longest service name, in characters. */
    public static final int MAX_SERVICE_NAME_CHARS = 200;
    /** Longest ID number, in characters (a resident ID has 18; passports and permits fewer). */
    public static final int MAX_ID_NUMBER_CHARS = 64;
    /** Longest document file name, in characters. */
    public static final int MAX_FILE_NAME_CHARS = 255;
    /** Most documents in one application. */
    public static final int MAX_DOCUMENTS = 50;

    private SubmissionLimits() {
    }

    /** Adds a problem for every bound the submission passes (null parts are for the other rules to report). */
    static void check(List<String> problems, ApplicationSubmission app) {
        longest(problems, "applicationNo", app.applicationNo(), MAX_ID_CHARS);
        longest(problems, "kioskId", app.kioskId(), MAX_ID_CHARS);
        longest(problems, "serviceId", app.serviceId(), MAX_ID_CHARS);
        longest(problems, "serviceName", app.serviceName(), MAX_SERVICE_NAME_CHARS);
        longest(problems, "applicantName", app.applicantName(), MAX_NAME_CHARS);
        longest(problems, "idNumber", app.idNumber(), MAX_ID_NUMBER_CHARS);
        if (app.fields() != null) {
            if (app.fields().size() > MAX_FIELDS) {
                problems.add("too many fields: " + app.fields().size() + " (at most " + MAX_FIELDS + ")");
            }
            int reported = 0;
            for (Map.Entry<String, String> field : app.fields().entrySet()) {
                if (reported >= 3) {
                    break;
                }
                String name = field.getKey();
                if (name != null && name.length() > MAX_FIELD_NAME_CHARS) {
                    problems.add("a field name is over " + MAX_FIELD_NAME_CHARS + " characters");
                    reported++;
                } else if (field.getValue() != null && field.getValue().length() > MAX_FIELD_VALUE_CHARS) {
                    problems.add("field " + name + " is over " + MAX_FIELD_VALUE_CHARS + " characters");
                    reported++;
                }
            }
        }
        if (app.documents() != null) {
            if (app.documents().size() > MAX_DOCUMENTS) {
                problems.add("too many documents: " + app.documents().size() + " (at most " + MAX_DOCUMENTS + ")");
                return;
            }
            for (int i = 0; i < app.documents().size(); i++) {
                DocumentPayload doc = app.documents().get(i);
                if (doc != null) {
                    longest(problems, "documents[" + i + "].materialId", doc.materialId(), MAX_ID_CHARS);
                    longest(problems, "documents[" + i + "].fileName", doc.fileName(), MAX_FILE_NAME_CHARS);
                }
            }
        }
    }

    private static void longest(List<String> problems, String name, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(name + " is over " + max + " characters");
        }
    }
}
