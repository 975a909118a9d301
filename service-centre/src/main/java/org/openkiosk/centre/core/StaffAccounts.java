package org.openkiosk.centre.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.openkiosk.centre.db.StaffRepository;
import org.openkiosk.sync.api.Digests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff accounts and console sessions. Passwords are kept as PBKDF2-HMAC-SHA256 hashes with a
 * random salt ({@code pbkdf2-sha256$ITERATIONS$SALT$HASH}); sessions are random tokens of which only
 * the SHA-256 is stored, valid for {@link #SESSION_LENGTH}.
 */
public final class StaffAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(StaffAccounts.class);
    public static final Duration SESSION_LENGTH = Duration.ofHours(8);
    private static final int ITERATIONS = 120_000;
    public static final int MIN_PASSWORD_LENGTH = 10;

    /**
     * A logged-in member of staff.
     *
     * @param departments the catalogue departments whose applications they see; {@link Departments#ALL} for all
     */
    public record Staff(String username, Set<Role> roles, Set<String> departments) {
        /** Viewers read; clerks also decide; approvers also issue results (and may do what clerks do); admins manage accounts. */
        public boolean may(Role role) {
            return switch (role) {
                case VIEWER -> roles.contains(Role.VIEWER) || roles.contains(Role.CLERK) || roles.contains(Role.APPROVER);
                case CLERK -> roles.contains(Role.CLERK) || roles.contains(Role.APPROVER);
                case APPROVER -> roles.contains(Role.APPROVER);
                case ADMIN -> roles.contains(Role.ADMIN);
                case HELP_DESK -> roles.contains(Role.HELP_DESK);
            };
        }

        public boolean inEveryDepartment() {
            return departments.contains(Departments.ALL);
        }

        /** Only those who decide see ID numbers in full; a viewer sees them masked. */
        public boolean seesIdNumbers() {
            return may(Role.CLERK);
        }
    }

    /** An account as an admin sees it (no password hash). */
    public record AccountView(String username, Set<Role> roles, Set<String> departments) {
    }

    /** Stands in for a stored hash when the user is unknown or disabled, so a refusal costs the same. */
    private static final String NO_ACCOUNT_HASH = "pbkdf2-sha256$" + ITERATIONS
            + "$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final String USERNAME = "[A-Za-z0-9._-]{2,40}";
    /** Longest user name written to the log or the audit log as typed. */
    private static final int LOGGED_NAME = 64;

    private final StaffRepository repository;
    private final Departments departments;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public StaffAccounts(StaffRepository repository, Departments departments, LoginThrottle throttle, Clock clock) {
        this.repository = repository;
        this.departments = departments;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** Creates an account or replaces its password and roles; a new account gets every department, an old one keeps its. */
    public void save(String username, char[] password, Set<Role> roles) {
        save(username, password, roles, null, "system");
    }

    /**
     * Creates an account or replaces its password, roles and departments. Every session of the account ends: a
     * password is changed because the old one may be known to someone else.
     *
     * @param departmentIds catalogue department ids, or {@link Departments#ALL}; null keeps an existing account's
     *                      departments and gives a new account every department
     * @param by            who does it, for the audit log
     * @return the departments the account now has
     */
    public Set<String> save(String username, char[] password, Set<Role> roles, Set<String> departmentIds, String by) {
        if (username == null || !username.matches(USERNAME)) {
            throw new IllegalArgumentException("a user name is 2-40 letters, digits, '.', '_' or '-'");
        }
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("at least one role is needed (viewer, clerk, approver, admin, help-desk)");
        }
        String formatted = departmentIds == null ? null : formatDepartments(departmentIds);
        repository.saveAccount(username, hash(password), Role.format(roles), formatted, clock.instant());
        int ended = repository.deleteSessionsOf(username);
        Set<String> now = repository.account(username).map(a -> parseDepartments(a.departments())).orElse(Set.of());
        String shown = now.contains(Departments.ALL) ? "all departments" : String.join(",", now);
        repository.audit(by, "staff-saved", null, username + " as " + Role.format(roles) + " in " + shown, clock.instant());
        LOG.info("Staff account {} saved with roles {} in {} ({} session(s) ended)", username, Role.format(roles), shown,
                ended);
        return now;
    }

    /** Every account, by name, without password hashes. */
    public List<AccountView> accounts() {
        return repository.accounts().stream().map(a -> new AccountView(a.username(), Role.parse(a.roles()),
                parseDepartments(a.departments()))).toList();
    }

    /** {@code hrss,civil}, checked against the catalogue's departments; {@code *} or {@code all} is every department. */
    private String formatDepartments(Set<String> ids) {
        Set<String> clean = new TreeSet<>();
        for (String id : ids) {
            String d = id == null ? "" : id.strip();
            if (d.equals(Departments.ALL) || d.equalsIgnoreCase("all")) {
                return Departments.ALL;
            }
            if (!d.isEmpty() && !departments.ids().contains(d)) {
                throw new IllegalArgumentException("unknown department '" + d + "' (the catalogue has "
                        + String.join(", ", new TreeSet<>(departments.ids())) + ", or all)");
            }
            if (!d.isEmpty()) {
                clean.add(d);
            }
        }
        return String.join(",", clean);
    }

    static Set<String> parseDepartments(String text) {
        Set<String> set = new LinkedHashSet<>();
        for (String part : (text == null ? "" : text).split(",")) {
            if (!part.isBlank()) {
                set.add(part.strip());
            }
        }
        return Set.copyOf(set);
    }

    /**
     * Disables (it cannot log in, its sessions end at once) or enables an account; false when there is no
     * such account.
     */
    public boolean setDisabled(String username, boolean disabled) {
        if (username == null || !repository.setDisabled(username, disabled)) {
            return false;
        }
        int ended = disabled ? repository.deleteSessionsOf(username) : 0;
        repository.audit("system", disabled ? "staff-disabled" : "staff-enabled", null, username, clock.instant());
        LOG.info("Staff account {} {}", username, disabled ? "disabled (" + ended + " session(s) ended)" : "enabled");
        return true;
    }

    /**
     * A new session token when the password is right; empty otherwise. An unknown, disabled or malformed
     * user name is refused after the same password hashing as a wrong password, so the time taken does not
     * tell them apart.
     *
     * @throws TooManyAttemptsException while the user name is locked out after failed logins
     */
    public Optional<String> login(String username, char[] password) {
        boolean plausible = username != null && username.length() <= 40 && username.matches(USERNAME);
        if (plausible) {
            throttle.check(username);
        }
        Optional<StaffRepository.Account> account = plausible ? repository.account(username) : Optional.empty();
        boolean matches = verify(password == null ? new char[0] : password,
                account.map(StaffRepository.Account::passwordHash).orElse(NO_ACCOUNT_HASH));
        Instant now = clock.instant();
        if (!matches || account.isEmpty()) {
            if (plausible) {
                throttle.failed(username);
            }
            String shown = LogSafe.text(username, LOGGED_NAME);
            LOG.warn("Failed console login for '{}'", shown);
            repository.audit(shown, "login-failed", null, null, now);
            return Optional.empty();
        }
        throttle.succeeded(username);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        repository.insertSession(hashToken(token), username, now, now.plus(SESSION_LENGTH));
        repository.audit(username, "login", null, null, now);
        return Optional.of(token);
    }

    public Optional<Staff> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return repository.sessionAccount(hashToken(token.strip()), clock.instant())
                .map(a -> new Staff(a.username(), Role.parse(a.roles()), parseDepartments(a.departments())));
    }

    public void logout(String token) {
        if (token != null) {
            repository.deleteSession(hashToken(token.strip()));
        }
    }

    private static String hashToken(String token) {
        return Digests.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }

    String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + Base64.getEncoder().withoutPadding().encodeToString(salt) + "$"
                + Base64.getEncoder().withoutPadding().encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    static boolean verify(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        try {
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            byte[] actual = pbkdf2(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java runtime", e);
        }
    }
}
