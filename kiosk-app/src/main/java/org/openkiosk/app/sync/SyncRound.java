package org.openkiosk.app.sync;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/** What the steps of one sync round tell each other and the worker. Used on the sync thread only. */
final class SyncRound {

    private final BooleanSupplier closing;
    private int acknowledged;
    private OptionalLong centreCatalogueVersion = OptionalLong.empty();

    SyncRound(BooleanSupplier closing) {
        this.closing = closing;
    }

    /** True once the worker is being closed: a step stops before its next request. */
    boolean closing() {
        return closing.getAsBoolean();
    }

    /** One more application the centre receipted in this round. */
    void acknowledged() {
        acknowledged++;
    }

    /** How many applications the centre receipted in this round ({@link SyncWorker#syncOnce()}). */
    int acknowledgedCount() {
        return acknowledged;
    }

    /** The catalogue version the centre named in this round's heartbeat answer. */
    void heardCatalogueVersion(long version) {
        centreCatalogueVersion = OptionalLong.of(version);
    }

    /** Empty when no heartbeat was sent this round (the catalogue is then asked for anyway). */
    OptionalLong heardCatalogueVersion() {
        return centreCatalogueVersion;
    }
}
