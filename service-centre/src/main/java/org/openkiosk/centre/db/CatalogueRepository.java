package org.openkiosk.centre.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** SQL for the service catalogues the centre publishes. */
public final class CatalogueRepository {

    /** One published catalogue, as JSON text. */
    public record Published(long version, String json, Instant publishedAt) {
    }

    private final CentreDatabase database;

    public CatalogueRepository(CentreDatabase database) {
        this.database = database;
    }

    /** Stores a new version and returns its number. */
    public long publish(String catalogueJson, Instant at) {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "INSERT INTO catalogues (catalogue_json, published_at) VALUES (?, ?) RETURNING version")) {
            st.setString(1, catalogueJson);
            st.setString(2, at.toString());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot publish a catalogue", e);
        }
    }

    /** The current version; 0 when none was published. */
    public long currentVersion() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement("SELECT max(version) FROM catalogues");
             ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the catalogue version", e);
        }
    }

    public Optional<Published> current() {
        try (Connection c = database.connection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT version, catalogue_json, published_at FROM catalogues ORDER BY version DESC LIMIT 1");
             ResultSet rs = st.executeQuery()) {
            return rs.next()
                    ? Optional.of(new Published(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3))))
                    : Optional.empty();
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the catalogue", e);
        }
    }
}
