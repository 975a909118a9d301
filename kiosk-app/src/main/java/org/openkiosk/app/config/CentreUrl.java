package org.openkiosk.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The rules for a centre's address: an {@code https://} URL, or {@code http://} only for a centre on the kiosk itself
 * (loopback: 127.0.0.0/8, ::1, localhost), because plain HTTP across a network hands the kiosk's token and residents'
 * data to anyone on the path. Used by the configuration's validation and by {@code ./kiosk enrol}.
 */
public final class CentreUrl {

    private CentreUrl() {
    }

    /** What is wrong with {@code url} as a centre address; null when nothing. */
    public static String problem(String url) {
        if (url == null || !url.matches("https?://[^\\s/?#]+(/\\S*)?")) {
            return "'" + url + "' is not an http(s) URL such as https://centre.example.gov.cn";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "'" + url + "' is not a URL: " + e.getReason();
        }
        if (uri.getHost() == null) {
            return "'" + url + "' names no host";
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            return "'" + url + "' must be scheme://host[:port][/path], without user, query or fragment";
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
            return "'" + url + "' is plain http:// to another machine, which anyone on the network can read and "
                    + "redirect: use https:// (a centre under a private CA: set centre.ca-file); http:// is only for "
                    + "a centre on this machine (127.0.0.1, [::1], localhost)";
        }
        return null;
    }

    /** Whether {@code host} (as a URI gives it) is this machine: 127.0.0.0/8, ::1 or localhost. Never asks DNS. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            String v6 = h.substring(1, h.length() - 1);
            return v6.equals("::1") || v6.matches("(0{1,4}:){7}0{0,3}1") || v6.equals("0:0:0:0:0:0:0:1");
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code url} in one spelling, so that two spellings of one centre compare equal: scheme and host in lower case,
     * the scheme's default port left out, no trailing slash.
     */
    public static String normalised(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT))
                    + (defaultPort ? "" : ":" + port) + path;
        } catch (URISyntaxException e) {
            return url.strip();
        }
    }

    /** Whether {@code a} and {@code b} name the same centre (see {@link #normalised}). */
    public static boolean same(String a, String b) {
        return a != null && b != null && normalised(a).equals(normalised(b));
    }
}
