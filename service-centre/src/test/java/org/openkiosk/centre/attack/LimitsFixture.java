package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Role;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.Json;

/** What the limits, ratings and revocation attack tests share: a client of one running centre. */
final class LimitsFixture {

    static final ObjectMapper JSON = Json.mapper();

    private final CentreServer centre;
    private final HttpClient http = HttpClient.newHttpClient();

    LimitsFixture(CentreServer centre) {
        this.centre = centre;
    }

    /** Issues a code for {@code kioskId} and trades it over HTTP; returns the token. */
    String enrol(String kioskId) throws Exception {
        HttpResponse<String> response = enrolWith(centre.issueEnrolmentCode(kioskId).code());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), EnrolmentResponse.class).token();
    }

    HttpResponse<String> enrolWith(String code) throws Exception {
        return send("POST", "/api/v1/enrol", null, "{\"code\":\"" + code + "\"}");
    }

    /** A bearer token of a staff member (console JSON API). */
    String staffToken() throws Exception {
        centre.saveStaff("viewer", "correct horse battery".toCharArray(), EnumSet.of(Role.VIEWER));
        HttpResponse<String> r = send("POST", "/console/api/login", null,
                JSON.writeValueAsString(Map.of("username", "viewer", "password", "correct horse battery")));
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).get("token").asText();
    }

    static ApplicationSubmission application(String id, String kioskId) {
        return new ApplicationSubmission(id, kioskId + "-20261123-0007", kioskId, "hukou-transfer", "户口迁移", "张三",
                "110101199003071234", Map.of("address", "北京市东城区"),
                List.of(DocumentPayload.of("id-card-front", "id.jpg", "image/jpeg", DeskFixture.JPEG)),
                Instant.parse("2026-11-23T08:15:30Z"));
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return org.openkiosk.centre.CentreHttp.send(http, centre, method, path, token, body);
    }

    /** What a raw request got back: the status, the body so far, and how many body bytes the client had sent by then. */
    record RawAnswer(int status, String text, long bodyBytesSent, boolean clientFinished) {
    }

    /**
     * Sends {@code head} and then {@code bodyBytes} of body bytes made by {@code filler} (chunked when
     * {@code chunked}) over a raw socket, from a separate thread, while this thread reads the answer: an
     * attacker who keeps sending never lets a server that waits for the end of the body answer.
     */
    RawAnswer raw(String head, byte[] prefix, long bodyBytes, boolean chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", centre.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            AtomicLong sent = new AtomicLong();
            java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = new Thread(() -> {
                byte[] block = new byte[64 * 1024];
                java.util.Arrays.fill(block, (byte) 'a');
                try {
                    writeBody(out, prefix, chunked, sent);
                    while (sent.get() < bodyBytes) {
                        int n = (int) Math.min(block.length, bodyBytes - sent.get());
                        writeBody(out, java.util.Arrays.copyOf(block, n), chunked, sent);
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                    finished.set(true);
                } catch (IOException e) {
                    // the centre closed the connection: what a server that stops reading does
                }
            }, "attacker-body");
            writer.setDaemon(true);
            writer.start();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long sentAtAnswer = -1;
            boolean finishedAtAnswer = false;
            try {
                int n;
                while ((n = in.read(buf)) != -1) {
                    if (sentAtAnswer < 0) {
                        sentAtAnswer = sent.get();
                        finishedAtAnswer = finished.get();
                    }
                    answer.write(buf, 0, n);
                    String text = answer.toString(StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end > 0 && (text.contains("}") || text.toLowerCase().contains("content-length: 0"))) {
                        break;
                    }
                }
            } catch (IOException e) {
                if (answer.size() == 0) {
                    throw e;
                }
            }
            socket.close();
            writer.join(10_000);
            String text = answer.toString(StandardCharsets.UTF_8);
            assertThat(text).as("an HTTP answer").startsWith("HTTP/1.1 ");
            return new RawAnswer(Integer.parseInt(text.substring(9, 12)), text, sentAtAnswer, finishedAtAnswer);
        }
    }

    private static void writeBody(OutputStream out, byte[] data, boolean chunked, AtomicLong sent) throws IOException {
        if (data.length == 0) {
            return;
        }
        if (chunked) {
            out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(data);
        if (chunked) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        sent.addAndGet(data.length);
    }

    /** One number from the embedded database, read as an operator would with the sqlite3 shell. */
    static long count(Path dataDir, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("centre.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
