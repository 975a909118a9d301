package org.openkiosk.app.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Takes secrets out of what a diagnostic bundle or the technician screen shows: values of keys that name a secret
 * (PIN hashes, keys, tokens, passwords, credentials), bearer tokens and {@code token=...} in log lines, and every
 * secret value the kiosk knows of (its credential token, its PIN hash, its store key), wherever it appears.
 */
public final class Redactor {
    public static final String REDACTED = "<redacted>";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(pin|hash|key|token|secret|password|passwd|credential|salt).*");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern ASSIGNED = Pattern.compile(
            "(?i)((?:token|password|secret|pin-hash|pin_hash|api-key|apikey)\\s*[=:]\\s*\"?)[^\\s\",}]+");
    private static final Pattern PBKDF2 = Pattern.compile("pbkdf2-sha256\\$\\d+\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+");

    private final List<String> known;

    /** @param knownSecrets secret values to blank out wherever they appear (blank ones are ignored) */
    public Redactor(List<String> knownSecrets) {
        List<String> k = new ArrayList<>();
        for (String s : knownSecrets) {
            if (s != null && s.length() >= 4) {
                k.add(s);
            }
        }
        this.known = List.copyOf(k);
    }

    /** Whether a configuration key's value is a secret. */
    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** The value to show for {@code key}: the value itself, or {@link #REDACTED} for a secret one. */
    public String value(String key, String value) {
        return isSecretKey(key) && value != null && !value.isBlank() ? REDACTED : text(value);
    }

    /** {@code text} with every secret it contains replaced by {@link #REDACTED}. */
    public String text(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : known) {
            out = out.replace(secret, REDACTED);
        }
        out = PBKDF2.matcher(out).replaceAll(REDACTED);
        out = BEARER.matcher(out).replaceAll("$1" + REDACTED);
        return ASSIGNED.matcher(out).replaceAll("$1" + REDACTED);
    }
}
