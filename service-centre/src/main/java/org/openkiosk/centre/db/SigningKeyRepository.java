package org.openkiosk.centre.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** SQL for the centre's one signing key pair (table {@code signing_key}). */
public final class SigningKeyRepository {

    /** The key pair as stored: Base64 X.509 public key, Base64 PKCS#8 private key. */
    public record Stored(String algorithm, String publicKey, String privateKey, Instant createdAt) {
        @Override
        public String toString() {
            return "Stored[algorithm=" + algorithm + ", publicKey=" + publicKey + ", privateKey=***]";
        }
    }

    private final CentreDatabase database;

    public SigningKeyRepository(CentreDatabase database) {
        this.database = database;
    }

    public Optional<Stored> find() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT algorithm, public_key, private_key, created_at FROM signing_key WHERE id = 1");
             ResultSet rs = st.executeQuery()) {
            return rs.next()
                    ? Optional.of(new Stored(rs.getString(1), rs.getString(2), rs.getString(3),
                    Instant.parse(rs.getString(4))))
                    : Optional.empty();
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the signing key", e);
        }
    }

    /** Stores {@code key} unless another instance stored one first; then the stored one wins. */
    public Stored insertIfAbsent(Stored key) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("INSERT INTO signing_key (id, algorithm, public_key, "
                     + "private_key, created_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            st.setString(1, key.algorithm());
            st.setString(2, key.publicKey());
            st.setString(3, key.privateKey());
            st.setString(4, key.createdAt().toString());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot store the signing key", e);
        }
        return find().orElseThrow(() -> new DatabaseException("the signing key vanished after it was stored", null));
    }
}
