package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Enrolment;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.http.ClientOrigin;
import org.openkiosk.centre.http.TlsTransport;

/**
 * {@code ./kiosk centre --port P --data DIR [--host ADDR]} runs the service centre;
 * {@code ./kiosk centre enrol --data DIR --kiosk-id ID} issues a one-time enrolment code (its last
 * line) that the kiosk's technician passes to {@code ./kiosk enrol};
 * {@code ./kiosk centre revoke --data DIR --kiosk-id ID} ends a kiosk's token at once.
 */
final class CentreCommand implements Command {

    @Override
    public String usage() {
        return """
                  centre --port P (--data DIR | --db JDBC-URL) [--host ADDR] [--offline-after MIN]
                         [--behind-tls] [--trusted-proxy ADDR[,ADDR...]]
                                      run the service centre on its embedded database in DIR, or on
                                      PostgreSQL (jdbc:postgresql://HOST/DB?user=U&password=P, which
                                      several centres may share); on 127.0.0.1, or on ADDR (0.0.0.0:
                                      every interface); every kiosk must be enrolled; the fleet page
                                      calls a kiosk offline after MIN minutes without heartbeat (15);
                                      --behind-tls: clients reach it only over HTTPS (a TLS proxy in
                                      front), so the console cookie is Secure and HSTS is sent;
                                      --trusted-proxy: the IP addresses of the proxies whose
                                      X-Forwarded-Proto/-For are believed (from anyone else ignored)
                  centre ... --tls-keystore FILE --tls-password-file F
                                      serve HTTPS with the key and certificate chain in the PKCS12
                                      key store FILE (password on the first line of F)
                  centre enrol (--data DIR | --db JDBC-URL) --kiosk-id ID
                                      print a one-time enrolment code for kiosk ID (the last line)
                  centre revoke (--data DIR | --db JDBC-URL) --kiosk-id ID
                                      end kiosk ID's token at once (its next request is refused and
                                      told to enrol again) and its unused codes
                  centre staff (--data DIR | --db JDBC-URL) --user NAME --roles viewer|clerk|approver|admin[,...]
                               [--departments ID[,ID...]|all]
                                      create a staff console account (or set its password, roles and
                                      departments: the catalogue's department ids, e.g. hrss,civil; a new
                                      account without --departments gets all, an existing one keeps its),
                                      which ends the account's sessions; the password is read from the
                                      first line of standard input
                  centre staff (--data DIR | --db JDBC-URL) --user NAME (--disable | --enable)
                                      disable an account (it cannot log in, its sessions end at once)
                                      or enable it again
                  centre elicence import (--data DIR | --db JDBC-URL) --csv FILE --folder DIR
                                      register e-licences from another system: CSV columns type,number,
                                      id_number,issuer,issued_on,valid_until,file (the PDF's name in DIR);
                                      every bad row reported and nothing imported (exit 1); run again safely
                  centre audit verify (--data DIR | --db JDBC-URL)
                                      check the audit log's hash chain: OK with the row count and the last
                                      hash (exit 0), or the first broken row (exit 1)
                """;
    }

    @Override
    public int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        if ("enrol".equals(args.peek())) {
            args.pop();
            return enrol(args, out);
        }
        if ("staff".equals(args.peek())) {
            args.pop();
            return staff(args, out);
        }
        if ("revoke".equals(args.peek())) {
            args.pop();
            return revoke(args, out, err);
        }
        if ("audit".equals(args.peek())) {
            args.pop();
            return CentreAuditCommand.run(args, out);
        }
        if ("elicence".equals(args.peek())) {
            args.pop();
            return CentreElicenceCommand.run(args, out, err);
        }
        Main.Options o = Main.Options.parse(args, List.of("--behind-tls"), List.of("--port", "--data", "--host", "--db",
                "--offline-after", "--trusted-proxy", "--tls-keystore", "--tls-password-file"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "' (centre [enrol] ...)");
        }
        int port;
        try {
            port = Integer.parseInt(o.value("--port").orElse("8080"));
        } catch (NumberFormatException e) {
            throw new Main.UsageException("--port needs a number");
        }
        if (port < 0 || port > 65535) {
            throw new Main.UsageException("--port must be 0-65535");
        }
        Path data = Path.of(o.value("--data").orElse("centre-data"));
        String db = database(o);
        String host = o.value("--host").orElse("127.0.0.1");
        FleetSettings fleet = FleetSettings.defaults();
        if (o.value("--offline-after").isPresent()) {
            int minutes;
            try {
                minutes = Integer.parseInt(o.value("--offline-after").get().strip());
            } catch (NumberFormatException e) {
                throw new Main.UsageException("--offline-after needs a number of minutes");
            }
            if (minutes < 1 || minutes > 1440) {
                throw new Main.UsageException("--offline-after must be 1-1440 minutes");
            }
            fleet = fleet.withOfflineAfter(Duration.ofMinutes(minutes));
        }
        ClientOrigin origin = origin(o);
        CountDownLatch stop = new CountDownLatch(1);
        TlsTransport tls = tls(o);
        try (CentreServer centre = tls != null
                ? CentreServer.startTls(data, db, host, port, Clock.systemUTC(), fleet, tls, origin)
                : db != null ? CentreServer.startOnPostgres(db, host, port, Clock.systemUTC(), fleet, origin)
                : CentreServer.start(data, host, port, Clock.systemUTC(), fleet, origin)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            out.println("service centre listening on " + (host.equals("127.0.0.1") ? centre.baseUrl()
                    : (tls != null ? "https://" : "http://") + host + ":" + centre.port()) + " (data "
                    + (db != null ? "on PostgreSQL" : "in " + data.toAbsolutePath()) + ")");
            out.flush();
            stop.await();
        }
        return 0;
    }

    /** {@code --behind-tls} and {@code --trusted-proxy ADDR[,ADDR...]} (IP addresses only). */
    private static ClientOrigin origin(Main.Options o) throws Main.UsageException {
        Set<String> proxies = new LinkedHashSet<>();
        for (String p : o.value("--trusted-proxy").orElse("").split(",")) {
            if (!p.isBlank()) {
                proxies.add(p.strip());
            }
        }
        if (o.value("--trusted-proxy").isPresent() && proxies.isEmpty()) {
            throw new Main.UsageException("--trusted-proxy needs the proxies' IP addresses, e.g. 10.0.0.5,10.0.0.6");
        }
        try {
            return new ClientOrigin(o.flag("--behind-tls"), proxies);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--trusted-proxy: " + e.getMessage());
        }
    }

    /** {@code --tls-keystore FILE --tls-password-file F}, both or neither; null for plain HTTP. */
    private static TlsTransport tls(Main.Options o) throws Main.UsageException {
        var store = o.value("--tls-keystore");
        var password = o.value("--tls-password-file");
        if (store.isEmpty() && password.isEmpty()) {
            return null;
        }
        if (store.isEmpty() || password.isEmpty()) {
            throw new Main.UsageException("TLS needs both --tls-keystore FILE and --tls-password-file F");
        }
        try {
            return TlsTransport.of(Path.of(store.get()), Path.of(password.get()));
        } catch (java.io.IOException e) {
            throw new Main.UsageException("cannot read the TLS key store or its password: " + e.getMessage());
        }
    }

    static String database(Main.Options o) throws Main.UsageException {
        String db = o.value("--db").orElse(null);
        if (db != null && !db.startsWith("jdbc:postgresql://")) {
            throw new Main.UsageException("--db needs a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB?user=U&password=P)");
        }
        return db;
    }

    private static int staff(Deque<String> args, PrintStream out) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of("--disable", "--enable"), List.of("--data", "--db", "--user",
                "--roles", "--departments"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        String user = o.value("--user").orElseThrow(() -> new Main.UsageException("centre staff needs --user NAME"));
        if (o.flag("--disable") || o.flag("--enable")) {
            return disable(o, user, out);
        }
        java.util.Set<org.openkiosk.centre.core.Role> roles;
        try {
            roles = org.openkiosk.centre.core.Role.parse(o.value("--roles")
                    .orElseThrow(() -> new Main.UsageException("centre staff needs --roles, e.g. clerk or clerk,approver")));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        String db = database(o);
        if (db == null && o.value("--data").isEmpty()) {
            throw new Main.UsageException("centre staff needs --data DIR (or --db JDBC-URL)");
        }
        String password = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isBlank()) {
            throw new Main.UsageException("give the password on the first line of standard input");
        }
        java.util.Set<String> departments = o.value("--departments")
                .map(d -> java.util.Set.of(d.split(","))).orElse(null);
        java.util.Set<String> now;
        try (CentreServer.Parts centre = CentreServer.Parts.open(o.value("--data").map(Path::of).orElse(null), db)) {
            now = centre.saveStaff(user, password.toCharArray(), roles, departments);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        out.println("staff account " + user + " saved with roles " + org.openkiosk.centre.core.Role.format(roles)
                + " in " + (now.contains("*") ? "all departments" : now.isEmpty() ? "no department"
                : "departments " + String.join(",", new java.util.TreeSet<>(now))));
        return 0;
    }

    private static int revoke(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of(), List.of("--data", "--kiosk-id", "--db"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        String kioskId = o.value("--kiosk-id")
                .orElseThrow(() -> new Main.UsageException("centre revoke needs --kiosk-id ID"));
        String db = database(o);
        if (db == null && o.value("--data").isEmpty()) {
            throw new Main.UsageException("centre revoke needs --data DIR (or --db JDBC-URL)");
        }
        try (CentreServer.Parts centre = CentreServer.Parts.open(o.value("--data").map(Path::of).orElse(null), db)) {
            if (!centre.revokeKiosk(kioskId)) {
                err.println("kiosk " + kioskId + " is not enrolled at this centre: nothing revoked");
                return 1;
            }
        }
        out.println("kiosk " + kioskId + " revoked: its token is refused from now on; to bring it back, issue a new"
                + " code (./kiosk centre enrol) and enrol it again");
        return 0;
    }

    /** {@code centre staff --user NAME --disable | --enable}. */
    private static int disable(Main.Options o, String user, PrintStream out) throws Exception {
        if (o.flag("--disable") && o.flag("--enable")) {
            throw new Main.UsageException("give either --disable or --enable, not both");
        }
        if (o.value("--roles").isPresent()) {
            throw new Main.UsageException("--roles does not go with --disable or --enable");
        }
        String db = database(o);
        if (db == null && o.value("--data").isEmpty()) {
            throw new Main.UsageException("centre staff needs --data DIR (or --db JDBC-URL)");
        }
        boolean disable = o.flag("--disable");
        try (CentreServer.Parts centre = CentreServer.Parts.open(o.value("--data").map(Path::of).orElse(null), db)) {
            if (!centre.setStaffDisabled(user, disable)) {
                throw new Main.UsageException("there is no staff account '" + user + "'");
            }
        }
        out.println("staff account " + user + (disable ? " disabled: it cannot log in and its sessions have ended"
                : " enabled"));
        return 0;
    }

    private static int enrol(Deque<String> args, PrintStream out) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of(), List.of("--data", "--kiosk-id", "--db"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        String kioskId = o.value("--kiosk-id")
                .orElseThrow(() -> new Main.UsageException("centre enrol needs --kiosk-id ID"));
        if (!kioskId.matches("[A-Za-z0-9-]{1,32}")) {
            throw new Main.UsageException("--kiosk-id must be 1-32 letters, digits or '-', not '" + kioskId + "'");
        }
        String db = database(o);
        if (db == null && o.value("--data").isEmpty()) {
            throw new Main.UsageException("centre enrol needs --data DIR (or --db JDBC-URL)");
        }
        Enrolment.Code code;
        try (CentreServer.Parts centre = CentreServer.Parts.open(o.value("--data").map(Path::of).orElse(null), db)) {
            code = centre.issueEnrolmentCode(kioskId);
        }
        out.println("one-time enrolment code for kiosk " + code.kioskId() + ", valid until " + code.expiresAt()
                + "; on the kiosk run:");
        out.println("  ./kiosk enrol --centre https://CENTRE:PORT --code " + code.code());
        out.println(code.code());
        return 0;
    }
}
