package org.openkiosk.sync.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * {@code GET /api/v1/catalogue}: the service catalogue the centre publishes to its kiosks.
 *
 * @param version   increases with every publication
 * @param catalogue the catalogue document, in the kiosk's {@code catalogue.json} format
 */
public record CatalogueUpdate(long version, Instant publishedAt, JsonNode catalogue) {
}
