package org.openkiosk.centre.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.core.Role;
import org.openkiosk.centre.http.HeadlessChromium;
import org.openkiosk.sync.api.ApiError;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Digests;
import org.openkiosk.sync.api.DocumentPayload;
import org.openkiosk.sync.api.EnrolmentResponse;
import org.openkiosk.sync.api.Json;
import org.openkiosk.sync.api.UploadStatus;

/**
 * Issue 13 item 1, stored script in the staff console: whoever holds one kiosk's token sends a "scan" that is
 * really HTML or SVG with a script, hoping a clerk opens it on the console's origin, where the script could read
 * every resident's data through {@code /console/api/*} and post decisions. The centre accepts only what a kiosk
 * makes (JPEG, PNG, PDF, checked against the bytes' own magic numbers, inline and by chunked upload), and serves
 * documents with their type taken from the bytes, {@code nosniff}, a sandboxing CSP, PDFs as attachments and
 * images through {@code <img>} from their own path; the console pages forbid script and framing. Chromium shows
 * that no script runs, even from a document an older centre stored before these checks.
 */
class StoredScriptAttackTest {

    private static final String PASSWORD = "correct horse battery";
    /** What the attacker's script would do: change the title, add a node, name the window. */
    private static final String PAYLOAD = "document.title='pwned';window.name='pwned';"
            + "document.documentElement.appendChild(Object.assign(document.createElement('p'),{id:'pwned'}));"
            + "fetch('/console/api/applications').then(r=>r.text()).then(t=>fetch('/stolen',{method:'POST',body:t}))";
    static final byte[] HTML = ("<!doctype html><html><body><h1>scan</h1><script>" + PAYLOAD + "</script>"
            + "<img src=x onerror=\"" + PAYLOAD.replace("'", "&#39;").replace("\"", "&quot;") + "\"></body></html>")
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] SVG = ("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">"
            + "<rect width=\"100\" height=\"100\" fill=\"red\"/><script>" + PAYLOAD + "</script></svg>")
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDir;

    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private CentreServer centre;
    private String kiosk;

    @BeforeEach
    void start() throws Exception {
        centre = CentreServer.start(dataDir, 0);
        centre.saveStaff("viewer", PASSWORD.toCharArray(), EnumSet.of(Role.VIEWER));
        kiosk = enrol("K0001");
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    // ------------------------------------------------------------------ refused at submission

    @Test
    void htmlAndSvgDocumentsSentInlineAreRefusedNamingTheDocument() throws Exception {
        HttpResponse<String> html = submit(application(DocumentPayload.of("scan", "scan.html", "text/html", HTML)));
        HttpResponse<String> svg = submit(application(DocumentPayload.of("scan", "scan.svg", "image/svg+xml", SVG)));

        assertRefused(html, "scan.html");
        assertRefused(svg, "scan.svg");
        assertThat(centre.applicationCount()).isZero();
    }

    @Test
    void pngClaimWithHtmlBytesIsRefused() throws Exception {
        HttpResponse<String> fake = submit(application(DocumentPayload.of("scan", "scan.png", "image/png", HTML)));
        HttpResponse<String> fakeJpeg = submit(application(DocumentPayload.of("scan", "id.jpg", "image/jpeg", SVG)));
        HttpResponse<String> fakePdf = submit(application(DocumentPayload.of("scan", "form.pdf", "application/pdf", HTML)));

        assertRefused(fake, "scan.png");
        assertRefused(fakeJpeg, "id.jpg");
        assertRefused(fakePdf, "form.pdf");
        assertThat(centre.applicationCount()).isZero();
    }

    @Test
    void htmlAndSvgUploadedInChunksAreRefusedWhenTheApplicationRefersToThem() throws Exception {
        String htmlSha = upload(HTML);
        String svgSha = upload(SVG);

        HttpResponse<String> html = submit(application(new DocumentPayload("scan", "scan.html", "text/html", htmlSha, null)));
        HttpResponse<String> svg = submit(application(new DocumentPayload("scan", "scan.svg", "image/svg+xml", svgSha, null)));
        HttpResponse<String> htmlAsPng = submit(application(new DocumentPayload("scan", "scan.png", "image/png", htmlSha, null)));
        HttpResponse<String> svgAsJpeg = submit(application(new DocumentPayload("scan", "id.jpg", "image/jpeg", svgSha, null)));

        assertRefused(html, "scan.html");
        assertRefused(svg, "scan.svg");
        assertRefused(htmlAsPng, "scan.png");
        assertRefused(svgAsJpeg, "id.jpg");
        assertThat(centre.applicationCount()).isZero();
    }

    @Test
    void honestJpegPngAndPdfAreAcceptedInlineAndByReference() throws Exception {
        byte[] jpeg = image("jpg");
        String pngSha = upload(image("png"));
        HttpResponse<String> inline = submit(application(DocumentPayload.of("photo", "photo.jpg", "image/jpeg", jpeg),
                DocumentPayload.of("form", "form.pdf", "application/pdf", pdf())));
        HttpResponse<String> byReference = submit(application(
                new DocumentPayload("scan", "scan.png", "image/png", pngSha, null)));

        assertThat(inline.statusCode()).as(inline.body()).isEqualTo(201);
        assertThat(byReference.statusCode()).as(byReference.body()).isEqualTo(201);
        assertThat(centre.applicationCount()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ served safely

    @Test
    void documentViewTakesTheTypeFromTheBytesWithNosniffSandboxAndPdfsAsAttachments() throws Exception {
        ApplicationSubmission app = honestApplication();
        String id = app.applicationId();
        // as an older centre may hold them: the kiosk's claim stored unchecked
        storeLegacyDocument(id, 3, "scan.html", "text/html", HTML);
        storeLegacyDocument(id, 4, "scan.svg", "image/svg+xml", SVG);
        storeLegacyDocument(id, 5, "polyglot.html", "text/html", withPngHead(HTML));
        String staff = staffToken();

        HttpResponse<byte[]> png = get("/console/applications/" + id + "/documents/0", staff);
        HttpResponse<byte[]> jpeg = get("/console/api/applications/" + id + "/documents/1", staff);
        HttpResponse<byte[]> pdf = get("/console/applications/" + id + "/documents/2", staff);
        HttpResponse<byte[]> html = get("/console/applications/" + id + "/documents/3", staff);
        HttpResponse<byte[]> svg = get("/console/api/applications/" + id + "/documents/4", staff);
        HttpResponse<byte[]> polyglot = get("/console/applications/" + id + "/documents/5", staff);

        for (HttpResponse<byte[]> r : List.of(png, jpeg, pdf, html, svg, polyglot)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertSafeDocumentHeaders(r);
        }
        assertThat(type(png)).isEqualTo("image/png");
        assertThat(type(jpeg)).isEqualTo("image/jpeg");
        assertThat(type(pdf)).isEqualTo("application/pdf");
        assertThat(pdf.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        assertThat(type(html)).isEqualTo("application/octet-stream");
        assertThat(html.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment")
                .doesNotContain(".html\"");
        assertThat(type(svg)).isEqualTo("application/octet-stream");
        assertThat(svg.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment")
                .doesNotContain(".svg\"");
        assertThat(type(polyglot)).isEqualTo("image/png");
        assertThat(html.body()).isEqualTo(HTML); // the bytes are still there for a clerk to download and check
    }

    @Test
    void imagesAreShownOnTheApplicationPageThroughImgFromTheirOwnPath() throws Exception {
        ApplicationSubmission app = honestApplication();
        String id = app.applicationId();
        storeLegacyDocument(id, 3, "scan.svg", "image/svg+xml", SVG);
        String staff = staffToken();

        HttpResponse<byte[]> png = get("/console/applications/" + id + "/images/0", staff);
        HttpResponse<byte[]> jpeg = get("/console/applications/" + id + "/images/1", staff);
        HttpResponse<byte[]> pdf = get("/console/applications/" + id + "/images/2", staff);
        HttpResponse<byte[]> svg = get("/console/applications/" + id + "/images/3", staff);
        String page = new String(get("/console/applications/" + id, staff).body(), StandardCharsets.UTF_8);

        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(type(png)).isEqualTo("image/png");
        assertSafeDocumentHeaders(png);
        assertThat(png.body()).isEqualTo(app.documents().get(0).content());
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(type(jpeg)).isEqualTo("image/jpeg");
        assertThat(pdf.statusCode()).isEqualTo(404);
        assertThat(json.readValue(pdf.body(), ApiError.class).error()).contains("not an image");
        assertThat(svg.statusCode()).isEqualTo(404);
        assertThat(page).contains("<img src='/console/applications/" + id + "/images/0'",
                "<img src='/console/applications/" + id + "/images/1'")
                .doesNotContain("/images/2", "/images/3", "<iframe", "<object", "<embed", "<script");
        assertThat(get("/console/applications/" + id + "/images/0", null).statusCode()).isEqualTo(401);
    }

    @Test
    void consolePagesAllowNoScriptNoFramingAndSendNoReferrer() throws Exception {
        ApplicationSubmission app = honestApplication();
        String staff = staffToken();

        for (HttpResponse<byte[]> r : List.of(get("/console", null), get("/console", staff),
                get("/console/applications/" + app.applicationId(), staff), get("/console/ratings", staff),
                get("/console/fleet", staff))) {
            assertThat(r.statusCode()).isEqualTo(200);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'", "form-action 'self'")
                    .doesNotContain("script-src");
            assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        }
    }

    // ------------------------------------------------------------------ in a real browser

    /**
     * The issue's "must show": after attempted HTML and SVG uploads, a clerk's Chromium opens the console pages
     * and every document link on them, including documents an older centre stored unchecked; no script runs
     * (the page title, the marker node and the window name stay untouched) and nothing is sent anywhere.
     */
    @Test
    void noScriptRunsInChromiumFromAnAttemptedOrStoredHtmlOrSvgDocument() throws Exception {
        ApplicationSubmission attempted = application(DocumentPayload.of("scan", "scan.html", "text/html", HTML),
                DocumentPayload.of("scan", "scan.svg", "image/svg+xml", SVG));
        HttpResponse<String> attempt = submit(attempted);
        String svgSha = upload(SVG);
        ApplicationSubmission attemptedByReference = application(
                new DocumentPayload("scan", "scan.svg", "image/svg+xml", svgSha, null));
        HttpResponse<String> attemptByReference = submit(attemptedByReference);
        ApplicationSubmission honest = honestApplication();
        storeLegacyDocument(honest.applicationId(), 3, "scan.html", "text/html", HTML);
        storeLegacyDocument(honest.applicationId(), 4, "scan.svg", "image/svg+xml", SVG);
        storeLegacyDocument(honest.applicationId(), 5, "polyglot.html", "text/html", withPngHead(HTML));
        storeLegacyDocument(honest.applicationId(), 6, "vector.svg", "image/svg+xml", withPngHead(SVG));

        List<String> opened = new ArrayList<>();
        try (HeadlessChromium browser = HeadlessChromium.start(1280, 900)) {
            browser.navigate(centre.baseUrl() + "/console");
            browser.evaluateAndWaitForLoad("document.querySelector('input[name=username]').value='viewer';"
                    + "document.querySelector('input[name=password]').value='" + PASSWORD + "';"
                    + "document.querySelector('form').submit()");
            for (ApplicationSubmission app : List.of(attempted, attemptedByReference, honest)) {
                String page = centre.baseUrl() + "/console/applications/" + app.applicationId();
                browser.navigate(page);
                assertNoScriptRan(browser, page);
                JsonNode links = browser.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)"
                        + ".filter(h => h.includes('/documents/') || h.includes('/images/'))");
                JsonNode images = browser.evaluate("[...document.images].map(i => i.src)");
                List<String> targets = new ArrayList<>();
                links.forEach(l -> targets.add(l.asText()));
                images.forEach(l -> targets.add(l.asText()));
                for (String target : targets) {
                    browser.navigate(page);
                    openInPlace(browser, target);
                    opened.add(target);
                    assertNoScriptRan(browser, target);
                }
                if (app == honest) {
                    browser.navigate(page);
                    // the honest scans are shown, decoded by the browser under the page's policy
                    assertThat(browser.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth > 0).length")
                            .asInt()).isEqualTo(2);
                    browser.screenshot(Path.of("target", "screenshots", "application-documents.png"));
                }
            }
        }

        assertRefused(attempt, "scan.html");
        assertRefused(attemptByReference, "scan.svg");
        assertThat(centre.findApplication(attempted.applicationId())).isEmpty();
        assertThat(opened).anyMatch(t -> t.endsWith("/documents/3")).anyMatch(t -> t.endsWith("/documents/4"))
                .anyMatch(t -> t.endsWith("/documents/5")).anyMatch(t -> t.endsWith("/images/0"));
    }

    /** Navigates; a download (an attachment) is no page load, and the browser stays where it was. */
    private static void openInPlace(HeadlessChromium browser, String url) throws Exception {
        try {
            browser.navigate(url);
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).as("opening " + url).contains("ERR_ABORTED");
        }
    }

    private static void assertNoScriptRan(HeadlessChromium browser, String where) throws Exception {
        assertThat(browser.evaluate("document.title").asText()).as("title at " + where).isNotEqualTo("pwned");
        assertThat(browser.evaluate("window.name").asText()).as("window name at " + where).isNotEqualTo("pwned");
        assertThat(browser.evaluate("document.getElementById('pwned') === null").asBoolean())
                .as("marker node at " + where).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private static void assertSafeDocumentHeaders(HttpResponse<?> r) {
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("sandbox", "default-src 'none'")
                .doesNotContain("allow-scripts", "allow-same-origin");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }

    private void assertRefused(HttpResponse<String> r, String fileName) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
        assertThat(json.readValue(r.body(), ApiError.class).error()).contains(fileName);
    }

    private static String type(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
    }

    /** An honest application as a kiosk makes it: a PNG, a JPEG and a PDF. */
    private ApplicationSubmission honestApplication() throws Exception {
        ApplicationSubmission app = application(DocumentPayload.of("scan", "scan.png", "image/png", image("png")),
                DocumentPayload.of("photo", "photo.jpg", "image/jpeg", image("jpg")),
                DocumentPayload.of("form", "form.pdf", "application/pdf", pdf()));
        HttpResponse<String> r = submit(app);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return app;
    }

    private static ApplicationSubmission application(DocumentPayload... documents) {
        return new ApplicationSubmission(UUID.randomUUID().toString(), "K0001-20261123-0007", "K0001", "hukou-transfer",
                "户口迁移", "张三", "110101199003071234", Map.of("address", "北京市东城区"), List.of(documents),
                Instant.parse("2026-11-23T08:15:30Z"));
    }

    /** A document row written straight into the database, as a centre from before the type checks stored it. */
    private void storeLegacyDocument(String applicationId, int seq, String fileName, String contentType, byte[] content)
            throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("centre.db"));
             PreparedStatement st = c.prepareStatement("INSERT INTO documents (application_id, seq, material_id, "
                     + "file_name, content_type, sha256, content) VALUES (?, ?, 'scan', ?, ?, ?, ?)")) {
            c.createStatement().execute("PRAGMA busy_timeout = 5000");
            st.setString(1, applicationId);
            st.setInt(2, seq);
            st.setString(3, fileName);
            st.setString(4, contentType);
            st.setString(5, Digests.sha256Hex(content));
            st.setBytes(6, content);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    static byte[] image(String format) throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.BLUE);
        g.drawString("ID", 10, 30);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    static byte[] pdf() {
        return ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The eight bytes of a PNG signature, then the attacker's markup: passes a naive check of the first bytes. */
    private static byte[] withPngHead(byte[] markup) {
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        byte[] all = new byte[head.length + markup.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(markup, 0, all, head.length, markup.length);
        return all;
    }

    private String enrol(String kioskId) throws Exception {
        String code = centre.issueEnrolmentCode(kioskId).code();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/enrol"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readValue(r.body(), EnrolmentResponse.class).token();
    }

    private String staffToken() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/console/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                        Map.of("username", "viewer", "password", PASSWORD)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> submit(ApplicationSubmission app) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/applications"))
                .header("Authorization", "Bearer " + kiosk).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(app))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads the bytes in one chunk, as a kiosk does with a small document; returns the SHA-256 naming it. */
    private String upload(byte[] content) throws Exception {
        String sha = Digests.sha256Hex(content);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(centre.baseUrl() + "/api/v1/uploads/" + sha
                        + "?offset=0&length=" + content.length))
                .header("Authorization", "Bearer " + kiosk).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json.readValue(r.body(), UploadStatus.class).complete()).isTrue();
        return sha;
    }

    private HttpResponse<byte[]> get(String path, String staffToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(centre.baseUrl() + path));
        if (staffToken != null) {
            b.header("Authorization", "Bearer " + staffToken);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
