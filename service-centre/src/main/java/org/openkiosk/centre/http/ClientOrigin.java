package org.openkiosk.centre.http;

import java.util.Set;

/**
 * Where a request comes from, as far as the centre can trust it: whether it reached the centre over
 * TLS ({@code --behind-tls}, or a trusted proxy saying {@code X-Forwarded-Proto: https}) and which
 * address sent it (a trusted proxy's {@code X-Forwarded-For}, otherwise the peer of the connection).
 * Forwarded headers from anyone but the configured proxies are ignored.
 */
public record ClientOrigin(boolean behindTls, Set<String> trustedProxies) {

    public ClientOrigin {
        trustedProxies = Set.copyOf(trustedProxies);
    }

    /** Plain HTTP straight from the client, no proxy trusted: the default. */
    public static ClientOrigin direct() {
        return new ClientOrigin(false, Set.of());
    }
}
