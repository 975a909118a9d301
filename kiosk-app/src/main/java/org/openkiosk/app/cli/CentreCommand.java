package org.openkiosk.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Enrolment;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.http.TlsTransport;

/**
 * {@code ./kiosk centre --port P --data DIR [--host ADDR]} runs the service centre;
 * {@code ./kiosk centre enrol --data DIR --kiosk-id ID} issues a one-time enrolment code (its last
 * line) that the kiosk's technician passes to {@code ./kiosk enrol}.
 */
final class CentreCommand implements Command {

    @Override
    public String usage() {
        return """
                  centre --port P (--data DIR | --db JDBC-URL) [--host ADDR] [--offline-after MIN]
                                      run the service centre on its embedded database in DIR, or on
                                      PostgreSQL (jdbc:postgresql://HOST/DB?user=U&password=P, which
                                      several centres may share); on 127.0.0.1, or on ADDR (0.0.0.0:
                                      every interface); every kiosk must be enrolled; the fleet page
                                      calls a kiosk offline after MIN minutes without heartbeat (15)
                  centre ... --tls-keystore FILE --tls-password-file F
                                      serve HTTPS with the key and certificate chain in the PKCS12
                                      key store FILE (password on the first line of F)
                  centre enrol (--data DIR | --db JDBC-URL) --kiosk-id ID
                                      print a one-time enrolment code for kiosk ID (the last line)
                  centre staff (--data DIR | --db JDBC-URL) --user NAME --roles viewer|clerk|approver[,...]
                                      create a staff console account (or set its password and roles);
                                      the password is read from the first line of standard input
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
        Main.Options o = Main.Options.parse(args, List.of(), List.of("--port", "--data", "--host", "--db",
                "--offline-after", "--tls-keystore", "--tls-password-file"));
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
        CountDownLatch stop = new CountDownLatch(1);
        TlsTransport tls = tls(o);
        try (CentreServer centre = tls != null ? CentreServer.startTls(data, db, host, port, Clock.systemUTC(), fleet, tls)
                : db != null ? CentreServer.startOnPostgres(db, host, port, Clock.systemUTC(), fleet)
                : CentreServer.start(data, host, port, Clock.systemUTC(), fleet)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            out.println("service centre listening on " + (host.equals("127.0.0.1") ? centre.baseUrl()
                    : (tls != null ? "https://" : "http://") + host + ":" + centre.port()) + " (data "
                    + (db != null ? "on PostgreSQL" : "in " + data.toAbsolutePath()) + ")");
            out.flush();
            stop.await();
        }
        return 0;
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

    private static String database(Main.Options o) throws Main.UsageException {
        String db = o.value("--db").orElse(null);
        if (db != null && !db.startsWith("jdbc:postgresql://")) {
            throw new Main.UsageException("--db needs a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB?user=U&password=P)");
        }
        return db;
    }

    private static int staff(Deque<String> args, PrintStream out) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of(), List.of("--data", "--db", "--user", "--roles"));
        if (o.hasRest()) {
            throw new Main.UsageException("unexpected argument '" + o.rest().get(0) + "'");
        }
        String user = o.value("--user").orElseThrow(() -> new Main.UsageException("centre staff needs --user NAME"));
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
        try (CentreServer.Parts centre = CentreServer.Parts.open(o.value("--data").map(Path::of).orElse(null), db)) {
            centre.saveStaff(user, password.toCharArray(), roles);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        out.println("staff account " + user + " saved with roles " + org.openkiosk.centre.core.Role.format(roles));
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
