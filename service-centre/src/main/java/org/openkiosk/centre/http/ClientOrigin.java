package org.openkiosk.centre.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a request comes from, as far as the centre can trust it: whether it reached the centre over
 * TLS ({@code --behind-tls}, or a trusted proxy saying {@code X-Forwarded-Proto: https}) and which
 * address sent it (the nearest untrusted address in a trusted proxy's {@code X-Forwarded-For},
 * otherwise the peer of the connection). Forwarded headers from anyone but the configured proxies are
 * ignored. (Javalin's {@code ctx.ip()} is the connection's peer: behind a proxy, always the proxy.)
 */
public record ClientOrigin(boolean behindTls, Set<String> trustedProxies) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%\\w+)?]?");

    /** @throws IllegalArgumentException when a proxy is not an IP address (host names are not looked up) */
    public ClientOrigin {
        Set<String> normalised = new HashSet<>();
        for (String proxy : trustedProxies) {
            normalised.add(normalise(proxy.strip())
                    .orElseThrow(() -> new IllegalArgumentException("a trusted proxy is an IP address, not '" + proxy + "'")));
        }
        trustedProxies = Set.copyOf(normalised);
    }

    /** Plain HTTP straight from the client, no proxy trusted: the default. */
    public static ClientOrigin direct() {
        return new ClientOrigin(false, Set.of());
    }

    /** Whether the client's connection is TLS: the session cookie is then {@code Secure} and HSTS is sent. */
    public boolean secure(Context ctx) {
        if (behindTls || "https".equalsIgnoreCase(ctx.req().getScheme())) {
            return true;
        }
        if (!trusted(ctx.req().getRemoteAddr())) {
            return false;
        }
        List<String> proto = values(ctx, "X-Forwarded-Proto");
        return !proto.isEmpty() && proto.get(proto.size() - 1).equalsIgnoreCase("https"); // what our proxy added
    }

    /** The client's address: for rate limits and logs. */
    public String address(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (!trusted(peer)) {
            return peer;
        }
        List<String> chain = values(ctx, "X-Forwarded-For");
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = chain.get(i);
            if (!trusted(hop)) {
                return normalise(hop).orElse(peer); // garbage from the client: count it as the proxy's
            }
        }
        return peer;
    }

    private boolean trusted(String address) {
        return !trustedProxies.isEmpty() && normalise(address).map(trustedProxies::contains).orElse(false);
    }

    private static List<String> values(Context ctx, String header) {
        List<String> values = new ArrayList<>();
        for (String line : Collections.list(ctx.req().getHeaders(header))) {
            for (String v : line.split(",")) {
                if (!v.isBlank()) {
                    values.add(v.strip());
                }
            }
        }
        return values;
    }

    /** The canonical text of an IP literal; empty for anything else (never a DNS lookup). */
    static java.util.Optional<String> normalise(String address) {
        if (address == null || !(IPV4.matcher(address).matches() || IPV6.matcher(address).matches())) {
            return java.util.Optional.empty();
        }
        try {
            String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                    : address;
            return java.util.Optional.of(InetAddress.getByName(literal).getHostAddress());
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }
}
