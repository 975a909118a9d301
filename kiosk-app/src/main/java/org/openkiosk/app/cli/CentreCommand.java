package org.openkiosk.app.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Enrolment;
import org.openkiosk.centre.core.FleetSettings;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.http.ClientOrigin;
import org.openkiosk.centre.http.TlsTransport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./kiosk centre --port P --data DIR [--host ADDR]} runs the service centre;
 * {@code ./kiosk centre enrol --data DIR --kiosk-id ID} issues a one-time enrolment code (its last
 * line) that the kiosk's technician passes to {@code ./kiosk enrol};
 * {@code ./kiosk centre revoke --data DIR --kiosk-id ID} ends a kiosk's token at once;
 * {@code ./kiosk centre staff ...} manages a staff console account.
 */
@Command(name = "centre", subcommands = {CentreCommand.Enrol.class, CentreCommand.Revoke.class,
        CentreCommand.Staff.class, CentreAuditCommand.class, CentreElicenceCommand.class,
        CentreCommand.MigrateDocuments.class},
        description = "run the service centre on its embedded database in DIR (default centre-data), or on PostgreSQL"
                + " (several centres may share it); on 127.0.0.1, or on ADDR (0.0.0.0: every interface); every kiosk"
                + " must be enrolled")
final class CentreCommand extends CliCommand {

    @Option(names = "--port", paramLabel = "P", description = "the port to listen on (default 8080; 0: any free port)")
    String port = "8080";

    @ArgGroup(exclusive = true)
    CentreDatabase database;

    @Option(names = "--host", paramLabel = "ADDR", description = "the address to listen on (default 127.0.0.1)")
    String host = "127.0.0.1";

    @Option(names = "--offline-after", paramLabel = "MIN",
            description = "the fleet page calls a kiosk offline after MIN minutes without heartbeat (15)")
    String offlineAfter;

    @Option(names = "--behind-tls", description = "clients reach it only over HTTPS (a TLS proxy in front), so the"
            + " console cookie is Secure and HSTS is sent")
    boolean behindTls;

    @Option(names = "--trusted-proxy", paramLabel = "ADDR[,ADDR...]", description = "the IP addresses of the proxies"
            + " whose X-Forwarded-Proto/-For are believed (from anyone else ignored)")
    String trustedProxy;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "serve HTTPS with the key and certificate"
            + " chain in the PKCS12 key store FILE (with --tls-password-file)")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "F", description = "the key store's password, on the first"
            + " line of F")
    Path tlsPasswordFile;

    @Mixin
    S3Options s3;

    CentreCommand(Streams streams) {
        super(streams);
    }

    @Override
    public Integer call() throws Exception {
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new Main.UsageException("--port needs a number");
        }
        if (portNumber < 0 || portNumber > 65535) {
            throw new Main.UsageException("--port must be 0-65535");
        }
        Path data = database != null && database.data != null ? database.data : Path.of("centre-data");
        String db = database == null ? null : database.postgres();
        FleetSettings fleet = FleetSettings.defaults();
        if (offlineAfter != null) {
            int minutes;
            try {
                minutes = Integer.parseInt(offlineAfter.strip());
            } catch (NumberFormatException e) {
                throw new Main.UsageException("--offline-after needs a number of minutes");
            }
            if (minutes < 1 || minutes > 1440) {
                throw new Main.UsageException("--offline-after must be 1-1440 minutes");
            }
            fleet = fleet.withOfflineAfter(Duration.ofMinutes(minutes));
        }
        ClientOrigin origin = origin();
        CountDownLatch stop = new CountDownLatch(1);
        TlsTransport tls = tls();
        try (CentreServer centre = CentreServer.start(data, db, s3.settings(), host, portNumber, Clock.systemUTC(), fleet,
                origin, tls)) {
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
    private ClientOrigin origin() throws Main.UsageException {
        Set<String> proxies = new LinkedHashSet<>();
        for (String p : (trustedProxy == null ? "" : trustedProxy).split(",")) {
            if (!p.isBlank()) {
                proxies.add(p.strip());
            }
        }
        if (trustedProxy != null && proxies.isEmpty()) {
            throw new Main.UsageException("--trusted-proxy needs the proxies' IP addresses, e.g. 10.0.0.5,10.0.0.6");
        }
        try {
            return new ClientOrigin(behindTls, proxies);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--trusted-proxy: " + e.getMessage());
        }
    }

    /** {@code --tls-keystore FILE --tls-password-file F}, both or neither; null for plain HTTP. */
    private TlsTransport tls() throws Main.UsageException {
        if (tlsKeystore == null && tlsPasswordFile == null) {
            return null;
        }
        if (tlsKeystore == null || tlsPasswordFile == null) {
            throw new Main.UsageException("TLS needs both --tls-keystore FILE and --tls-password-file F");
        }
        try {
            return TlsTransport.of(tlsKeystore, tlsPasswordFile);
        } catch (java.io.IOException e) {
            throw new Main.UsageException("cannot read the TLS key store or its password: " + e.getMessage());
        }
    }

    @Command(name = "enrol", description = "print a one-time enrolment code for kiosk ID (the last line)")
    static final class Enrol extends CliCommand {
        @Option(names = "--kiosk-id", paramLabel = "ID", required = true, description = "the kiosk to enrol")
        String kioskId;

        @ArgGroup(exclusive = true, multiplicity = "1")
        CentreDatabase database;

        Enrol(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            if (!kioskId.matches("[A-Za-z0-9-]{1,32}")) {
                throw new Main.UsageException("--kiosk-id must be 1-32 letters, digits or '-', not '" + kioskId + "'");
            }
            Enrolment.Code code;
            try (CentreServer.Parts centre = database.open()) {
                code = centre.issueEnrolmentCode(kioskId);
            }
            out.println("one-time enrolment code for kiosk " + code.kioskId() + ", valid until " + code.expiresAt()
                    + "; on the kiosk run:");
            out.println("  ./kiosk enrol --centre https://CENTRE:PORT --code " + code.code());
            out.println(code.code());
            return 0;
        }
    }

    @Command(name = "revoke", description = "end kiosk ID's token at once (its next request is refused and told to"
            + " enrol again) and its unused codes")
    static final class Revoke extends CliCommand {
        @Option(names = "--kiosk-id", paramLabel = "ID", required = true, description = "the kiosk to revoke")
        String kioskId;

        @ArgGroup(exclusive = true, multiplicity = "1")
        CentreDatabase database;

        Revoke(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            try (CentreServer.Parts centre = database.open()) {
                if (!centre.revokeKiosk(kioskId)) {
                    err.println("kiosk " + kioskId + " is not enrolled at this centre: nothing revoked");
                    return 1;
                }
            }
            out.println("kiosk " + kioskId + " revoked: its token is refused from now on; to bring it back, issue a new"
                    + " code (./kiosk centre enrol) and enrol it again");
            return 0;
        }
    }

    @Command(name = "staff", description = "create a staff console account (or set its password, roles and"
            + " departments: the catalogue's department ids, e.g. hrss,civil; a new account without --departments gets"
            + " all, an existing one keeps its), which ends the account's sessions; the password is read from the"
            + " first line of standard input. With --disable: the account cannot log in and its sessions end at once;"
            + " --enable lets it in again")
    static final class Staff extends CliCommand {
        @Option(names = "--user", paramLabel = "NAME", required = true, description = "the account's user name")
        String user;

        @Option(names = "--roles", paramLabel = "viewer|clerk|approver|admin[,...]", description = "its roles")
        String roles;

        @Option(names = "--departments", paramLabel = "ID[,ID...]|all", description = "its departments")
        String departments;

        @ArgGroup(exclusive = true)
        Switch onOff;

        @ArgGroup(exclusive = true, multiplicity = "1")
        CentreDatabase database;

        static final class Switch {
            @Option(names = "--disable", description = "refuse the account's logins and end its sessions")
            boolean disable;

            @Option(names = "--enable", description = "let a disabled account log in again")
            boolean enable;
        }

        Staff(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            if (onOff != null) {
                return disable();
            }
            Set<Role> parsed;
            try {
                if (roles == null) {
                    throw new Main.UsageException("centre staff needs --roles, e.g. clerk or clerk,approver");
                }
                parsed = Role.parse(roles);
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(e.getMessage());
            }
            database.postgres();
            String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null || password.isBlank()) {
                throw new Main.UsageException("give the password on the first line of standard input");
            }
            Set<String> inDepartments = departments == null ? null : Set.of(departments.split(","));
            Set<String> now;
            try (CentreServer.Parts centre = database.open()) {
                now = centre.saveStaff(user, password.toCharArray(), parsed, inDepartments);
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(e.getMessage());
            }
            out.println("staff account " + user + " saved with roles " + Role.format(parsed)
                    + " in " + (now.contains("*") ? "all departments" : now.isEmpty() ? "no department"
                    : "departments " + String.join(",", new TreeSet<>(now))));
            return 0;
        }

        /** {@code centre staff --user NAME --disable | --enable}. */
        private int disable() throws Exception {
            if (roles != null) {
                throw new Main.UsageException("--roles does not go with --disable or --enable");
            }
            try (CentreServer.Parts centre = database.open()) {
                if (!centre.setStaffDisabled(user, onOff.disable)) {
                    throw new Main.UsageException("there is no staff account '" + user + "'");
                }
            }
            out.println("staff account " + user + (onOff.disable
                    ? " disabled: it cannot log in and its sessions have ended" : " enabled"));
            return 0;
        }
    }

    @Command(name = "migrate-documents", description = "move the documents and results kept in the database into the"
            + " object store (S3, or DIR/objects), each read back and checked against its SHA-256 before its bytes are"
            + " cleared; a run stopped half way is carried on by running it again")
    static final class MigrateDocuments extends CliCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        CentreDatabase database;

        @Mixin
        S3Options s3;

        MigrateDocuments(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            String db = database.postgres();
            org.openkiosk.centre.store.S3Settings settings = s3.settings();
            if (db != null && settings == null) {
                throw new Main.UsageException("a PostgreSQL centre's documents move to an S3 store: give --s3-endpoint URL");
            }
            org.openkiosk.centre.db.DocumentMover.Result r;
            String where;
            try (CentreServer.Parts centre = CentreServer.Parts.open(database.data, db, settings)) {
                where = centre.documentsIn();
                r = centre.moveDocumentsToStore(line -> {
                    out.println(line);
                    out.flush();
                });
            }
            for (String refused : r.refused()) {
                err.println("not moved: " + refused);
            }
            out.println("moved " + r.documents() + " document(s) and " + r.results() + " result(s), " + r.bytes()
                    + " bytes, to " + where + " (" + r.alreadyStored() + " already there); left in the database: "
                    + r.documentsLeft() + " document(s), " + r.resultsLeft() + " result(s)");
            return r.refused().isEmpty() ? 0 : 1;
        }
    }
}
