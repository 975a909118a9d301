package org.openkiosk.centre.http;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The centre serving TLS itself ({@code ./kiosk centre --tls-keystore FILE --tls-password-file F}): one HTTPS
 * connector in place of plain HTTP, with the server key and certificate chain of a PKCS12 (or JKS) key store. Kiosks
 * trust it through the system's CAs or {@code centre.ca-file}, and pin its key at enrolment.
 *
 * @param keyStore the key store holding the centre's key and certificate chain
 * @param password the key store's password (also the key's), read from a file so it is not on a command line
 */
public record TlsTransport(Path keyStore, String password) {

    /** Reads the password from the first line of {@code passwordFile}. */
    public static TlsTransport of(Path keyStore, Path passwordFile) throws IOException {
        if (!Files.isReadable(keyStore)) {
            throw new IOException("TLS key store " + keyStore + " cannot be read");
        }
        String password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        return new TlsTransport(keyStore, password);
    }

    /** Puts the HTTPS connector on {@code host}:{@code port} (0: any free port) into the Javalin configuration. */
    public void apply(JavalinConfig c, String host, int port) {
        c.jetty.addConnector((server, httpConfig) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keyStore.toAbsolutePath().toString());
            ssl.setKeyStorePassword(password);
            ssl.setKeyManagerPassword(password);
            httpConfig.addCustomizer(new SecureRequestCustomizer(false)); // kiosks connect by IP address too
            ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(httpConfig));
            connector.setHost(host);
            connector.setPort(port);
            return connector;
        });
    }

    @Override
    public String toString() {
        return "TlsTransport[keyStore=" + keyStore + ", password=***]";
    }
}
