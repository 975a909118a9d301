package org.openkiosk.app.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Each application's own data key (AES-256), wrapped by the store key ({@code application_keys}, schema V7). Its
 * personal data, documents and result document are encrypted with it, so destroying the key at purge makes every
 * copy of that ciphertext left in the database file, its WAL or free disk blocks useless, even with the store key.
 * Used inside the store's transactions ({@link Transactions}) and by the Flyway migrations, on their connection.
 */
final class ApplicationKeys {

    private final PersonalDataCipher storeCipher;
    private final SecureRandom random = new SecureRandom();

    ApplicationKeys(PersonalDataCipher storeCipher) {
        this.storeCipher = storeCipher;
    }

    /** The store key itself, for the keyed ID index and for rows of older versions. */
    PersonalDataCipher storeCipher() {
        return storeCipher;
    }

    private static String context(String applicationId) {
        return "application-key:" + applicationId;
    }

    /** The application's key, made and stored (wrapped) when it has none yet. */
    PersonalDataCipher forNew(Connection db, String applicationId) throws SQLException {
        Optional<PersonalDataCipher> existing = find(db, applicationId);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        try (PreparedStatement st = db.prepareStatement(
                "INSERT INTO application_keys (application_id, wrapped, created_at) VALUES (?, ?, ?)")) {
            st.setString(1, applicationId);
            st.setBytes(2, storeCipher.encrypt(key, context(applicationId)));
            st.setString(3, Instant.now().toString());
            st.executeUpdate();
        }
        try {
            return new PersonalDataCipher(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The key to read the application's data with: its own, or the store key for rows of older versions. */
    PersonalDataCipher forReading(Connection db, String applicationId) throws SQLException {
        return find(db, applicationId).orElse(storeCipher);
    }

    Optional<PersonalDataCipher> find(Connection db, String applicationId) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("SELECT wrapped FROM application_keys WHERE application_id = ?")) {
            st.setString(1, applicationId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] key = storeCipher.decrypt(rs.getBytes(1), context(applicationId));
                try {
                    return Optional.of(new PersonalDataCipher(key));
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
        }
    }

    /** Destroys the application's key: whatever was encrypted with it can no longer be read. */
    void destroy(Connection db, String applicationId) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("DELETE FROM application_keys WHERE application_id = ?")) {
            st.setString(1, applicationId);
            st.executeUpdate();
        }
    }
}
