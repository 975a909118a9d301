package org.openkiosk.app.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Edits {@code kiosk.properties} for a technician, on the technician screen ({@link #save}: a few known keys) and on
 * the command line ({@link #set}: any key but the PIN hash; {@code ./kiosk config set}). Each edit is checked by
 * {@link KioskConfig}'s own validation on the whole resulting file before anything is written; an invalid edit leaves
 * the file as it was, byte for byte. The file is rewritten line by line (comments, blank lines, other keys and their
 * order kept; a key not yet in the file is appended) through a temporary file in the same folder moved over the old
 * one, so a power cut never leaves half a configuration. Writing needs write access to the file and its folder.
 */
public final class ConfigEditor {
    /** The keys a technician may change on the screen, in the order shown. Secrets are never among them. */
    public static final List<String> EDITABLE = List.of("kiosk.id", "centre.url", "idcard.port", "idcard.baud",
            "printer.port", "printer.baud", "printer.document-queue", "camera.source", "ui.locale", "ui.elderly",
            "ui.idle-seconds");

    /** The PIN hash: written only by {@code ./kiosk technician set-pin} ({@link #savePinHash}), never typed as a value. */
    public static final String PIN_HASH = "technician.pin-hash";

    /** One key whose value an edit changed; {@code before} is empty when the file did not set it. */
    public record Change(String key, String before, String after) {
    }

    private final Path file;

    public ConfigEditor(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The editable keys with their values as written in the file (empty when a key is absent). */
    public Map<String, String> values() throws IOException {
        Properties p = read(currentText());
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : EDITABLE) {
            out.put(key, p.getProperty(key, "").strip());
        }
        return out;
    }

    /**
     * The technician screen's save: applies {@code edits} (only keys of {@link #EDITABLE}), validates the resulting
     * file, and writes it.
     *
     * @return whether anything changed (false when every value was already as given: nothing is written)
     * @throws ConfigException  the resulting configuration is invalid: the message names every bad key; nothing written
     * @throws IOException      the file could not be read or written (the old file is then still intact)
     */
    public boolean save(Map<String, String> edits) throws ConfigException, IOException {
        return !edit(edits, EDITABLE::contains, key -> key + ": cannot be changed here").isEmpty();
    }

    /**
     * {@code ./kiosk config set}: as {@link #save}, for every key {@link KioskConfig} knows except {@link #PIN_HASH}.
     * An empty value takes the key back to its default.
     *
     * @return the keys whose values changed, in the order given (empty: nothing was written)
     */
    public List<Change> set(Map<String, String> edits) throws ConfigException, IOException {
        return edit(edits, key -> KioskConfig.KEYS.contains(key) && !PIN_HASH.equals(key), key -> PIN_HASH.equals(key)
                ? key + ": set the PIN with 'kiosk technician set-pin' (it stores only the PIN's hash)"
                : key + ": unknown key (kiosk config show lists the keys)");
    }

    /** {@code ./kiosk technician set-pin}: writes the PIN's hash (validated like any value), with a comment when new. */
    public void savePinHash(String hash) throws ConfigException, IOException {
        edit(Map.of(PIN_HASH, hash), PIN_HASH::equals, key -> key + ": only the PIN hash is written here");
    }

    private List<Change> edit(Map<String, String> edits, java.util.function.Predicate<String> allowed,
                              java.util.function.UnaryOperator<String> refusal) throws ConfigException, IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> accepted = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : edits.entrySet()) {
            if (!allowed.test(e.getKey())) {
                problems.add(refusal.apply(e.getKey()));
            } else if (e.getValue() == null || e.getValue().contains("\n") || e.getValue().contains("\r")) {
                problems.add(e.getKey() + ": a value is one line");
            } else {
                accepted.put(e.getKey(), e.getValue());
            }
        }
        String before = currentText();
        String after = before;
        if (accepted.containsKey(PIN_HASH) && keyLines(before, PIN_HASH) == 0) {
            after = (before.isEmpty() || before.endsWith("\n") ? before : before + "\n")
                    + "\n# Technician mode PIN (salted PBKDF2 hash), set with: kiosk technician set-pin\n";
        }
        after = apply(after, accepted);
        Properties old = read(before);
        Properties now = read(after);
        try {
            KioskConfig.parse(now, file.toAbsolutePath().getParent());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems); // every bad key at once; nothing written
        }
        List<Change> changes = new ArrayList<>();
        for (String key : accepted.keySet()) {
            String was = old.getProperty(key, "").strip();
            String is = now.getProperty(key, "").strip();
            if (!was.equals(is)) {
                changes.add(new Change(key, was, is));
            }
        }
        if (!after.equals(before)) {
            write(after);
        }
        return changes;
    }

    private String currentText() throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static Properties read(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    /** {@code text} with each edited key's lines replaced (or one appended), everything else as it was. */
    static String apply(String text, Map<String, String> edits) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String key = keyOf(lines.get(i));
            if (key != null && edits.containsKey(key)) {
                String value = edits.get(key).strip();
                String old = read1(lines.get(i));
                if (!value.equals(old)) {
                    lines.set(i, key + "=" + escape(value));
                }
                seen.add(key);
            }
        }
        edits.forEach((key, value) -> {
            if (!seen.contains(key) && !value.isBlank()) {
                lines.add(key + "=" + escape(value.strip()));
            }
        });
        String joined = String.join("\n", lines);
        return text.isEmpty() && joined.isEmpty() ? "" : joined + "\n";
    }

    private static long keyLines(String text, String key) {
        return text.lines().filter(l -> key.equals(keyOf(l))).count();
    }

    /** The key of a plain {@code key=value} line; null for comments, blanks and continued lines. */
    private static String keyOf(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith("!") || t.endsWith("\\")) {
            return null;
        }
        int end = 0;
        while (end < t.length() && "=: \t".indexOf(t.charAt(end)) < 0) {
            end++;
        }
        return t.substring(0, end);
    }

    private static String read1(String line) {
        try {
            Properties p = read(line);
            return p.isEmpty() ? null : p.getProperty(p.stringPropertyNames().iterator().next(), "").strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** Escapes what {@link Properties#load} would otherwise read differently; keeps Chinese and paths readable. */
    private static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (i == 0 && (c == ' ' || c == '#' || c == '!')) {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private void write(String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(null, null, "the folder " + dir + " of " + file.getFileName()
                    + " does not exist; nothing was changed");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw notWritable(file.toString());
        }
        if (!Files.isWritable(dir)) {
            throw notWritable("its folder " + dir);
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
        } catch (AccessDeniedException e) {
            throw notWritable("its folder " + dir);
        }
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            if (Files.exists(file)) {
                keepOwnershipAndMode(tmp);
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (AccessDeniedException e) {
            throw notWritable("its folder " + dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The rewritten file keeps the old one's mode (not the temporary file's owner-only one) and its group, so an
     * installed kiosk's file stays readable by the kiosk's group and by nobody else, whoever saves it. The owner is
     * kept where the saving user may set it (root); otherwise the file becomes the saving user's.
     */
    private void keepOwnershipAndMode(Path tmp) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (view == null) {
                return; // not a POSIX file system: the defaults stand
            }
            PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class);
            view.setPermissions(old.permissions());
            try {
                view.setGroup(old.group());
                view.setOwner(old.owner());
            } catch (IOException e) {
                // only root may give a file away; the saving user's ownership is what the folder allows anyway
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the defaults stand
        }
    }

    /** The same plain words on the technician screen and from {@code kiosk config set}. */
    private AccessDeniedException notWritable(String what) {
        return new AccessDeniedException(null, null, "the user " + System.getProperty("user.name") + " may not write "
                + (what.equals(file.toString()) ? file.toString() : what + " (needed to replace " + file + ")")
                + "; nothing was changed");
    }
}
