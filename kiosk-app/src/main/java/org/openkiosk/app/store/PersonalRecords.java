package org.openkiosk.app.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openkiosk.sync.api.Json;

/**
 * How an application's personal part (name, ID number, form fields, the held materials it refers to) is kept: one JSON value encrypted with the
 * application's own key, its identity as associated data. Shared by {@link ApplicationQueue} and the Flyway migration
 * that encrypts rows of older versions ({@link V8__Encrypt_plaintext_rows}).
 */
final class PersonalRecords {

    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() { };
    private static final ObjectMapper JSON = Json.mapper();

    /** The personal part of an application, encrypted as one JSON value. */
    record Personal(String applicantName, String idNumber, Map<String, String> fields,
                    java.util.List<org.openkiosk.sync.api.MaterialReference> references) {
        Personal(String applicantName, String idNumber, Map<String, String> fields) {
            this(applicantName, idNumber, fields, java.util.List.of());
        }
    }

    private PersonalRecords() {
    }

    static byte[] seal(PersonalDataCipher with, String applicationId, Personal personal) {
        try {
            return with.encrypt(JSON.writeValueAsBytes(personal), applicationContext(applicationId));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("personal data cannot be written as JSON", e);
        }
    }

    static Personal open(PersonalDataCipher with, String applicationId, byte[] sealed) {
        try {
            return JSON.readValue(with.decrypt(sealed, applicationContext(applicationId)), Personal.class);
        } catch (IOException e) {
            throw new StoreException("personal data of application " + applicationId + " is not valid JSON", e);
        }
    }

    static Map<String, String> fieldsFromJson(String text) {
        try {
            return JSON.readValue(text, FIELDS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored fields are not valid JSON", e);
        }
    }

    static String applicationContext(String applicationId) {
        return "application:" + applicationId;
    }

    static String documentContext(String applicationId, int seq) {
        return "document:" + applicationId + ":" + seq;
    }

    static String resultContext(String applicationId) {
        return "result:" + applicationId;
    }
}
