package org.openkiosk.centre.core;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a member of staff may do in the console. Roles add up. {@link #ADMIN} alone reads no application: the one
 * who manages accounts does not see residents' data unless also given a reading role.
 */
public enum Role {
    /** List and read applications and their documents. */
    VIEWER,
    /** Also accept, reject with a reason, or ask for more materials (前台/后台 审查). */
    CLERK,
    /** Also issue the result and complete the application. */
    APPROVER,
    /** Manages staff accounts and reads the whole audit log. */
    ADMIN,
    /**
     * Answers residents' calls for remote help (远程帮办): sees a kiosk's masked screen, sends messages and pointers.
     * It reads no application; written {@code help-desk}.
     */
    HELP_DESK;

    private static final String NAMES = "viewer, clerk, approver, admin, help-desk";

    /** Parses {@code clerk,approver}; unknown names are an {@link IllegalArgumentException}. */
    public static Set<Role> parse(String text) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : text.split(",")) {
            String name = part.strip();
            if (!name.isEmpty()) {
                try {
                    roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown role '" + name + "' (" + NAMES + ")");
                }
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("at least one role is needed (" + NAMES + ")");
        }
        return roles;
    }

    public static String format(Set<Role> roles) {
        return String.join(",", roles.stream().map(Role::wire).toList());
    }

    /** The role's name as typed and stored: {@code clerk}, {@code help-desk}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
