package org.openkiosk.centre.health;

import org.openkiosk.centre.db.ApplicationRepository;

/** Up when the database answers a query. */
public final class DatabaseHealthCheck {

    private final ApplicationRepository repository;

    public DatabaseHealthCheck(ApplicationRepository repository) {
        this.repository = repository;
    }

    public boolean healthy() {
        return repository.reachable();
    }
}
