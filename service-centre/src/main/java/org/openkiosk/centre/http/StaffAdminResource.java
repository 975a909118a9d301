package org.openkiosk.centre.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.core.StaffAccounts;

/**
 * Staff accounts, managed by admins: {@code GET /console/api/staff} lists them (no password hashes),
 * {@code PUT /console/api/staff/{username}} with {@code {"password", "roles": [...], "departments": [...]}} creates
 * or replaces one. Everyone else gets 403.
 */
public final class StaffAdminResource {

    private final StaffAccounts accounts;
    private final ConsoleResource console;
    private final ObjectMapper json;

    public StaffAdminResource(StaffAccounts accounts, ConsoleResource console, ObjectMapper json) {
        this.accounts = accounts;
        this.console = console;
        this.json = json;
    }

    public void list(Context ctx) {
        admin(ctx);
        ctx.json(accounts.accounts());
    }

    public void save(Context ctx) {
        StaffAccounts.Staff admin = admin(ctx);
        JsonNode body;
        try {
            body = json.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw new BadRequestResponse("malformed JSON");
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestResponse("expected a JSON object");
        }
        String username = ctx.pathParam("username");
        try {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String r : texts(body.path("roles"))) {
                roles.addAll(Role.parse(r));
            }
            Set<String> departments = body.has("departments") ? texts(body.get("departments")) : null;
            String password = body.path("password").asText(null);
            Set<String> now = accounts.save(username, password == null ? null : password.toCharArray(), roles,
                    departments, admin.username());
            ctx.json(Map.of("username", username, "roles", roles, "departments", now));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    private StaffAccounts.Staff admin(Context ctx) {
        StaffAccounts.Staff who = console.staff(ctx);
        if (!who.may(Role.ADMIN)) {
            throw new ForbiddenResponse("this needs the admin role");
        }
        return who;
    }

    private static Set<String> texts(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isTextual()) {
            for (String part : node.asText().split(",")) {
                out.add(part.strip());
            }
        }
        return out;
    }
}
