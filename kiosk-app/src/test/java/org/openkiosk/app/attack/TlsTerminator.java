package org.openkiosk.app.attack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.openkiosk.app.testing.TcpRelay;

/**
 * A TLS terminator in front of a plain-HTTP centre, as a government network puts one: accepts TLS on a loopback
 * port with the server key store it is given, and relays the bytes of each connection to the centre.
 */
final class TlsTerminator implements AutoCloseable {
    private final TcpRelay relay;

    private TlsTerminator(TcpRelay relay) {
        this.relay = relay;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) with {@code keyStore}, relaying to 127.0.0.1:{@code centrePort}. */
    static TlsTerminator start(Path keyStore, int port, int centrePort) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, TestPki.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, TestPki.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new TlsTerminator(new TcpRelay(server, centrePort, 0));
    }

    int port() {
        return relay.port();
    }

    /** {@code https://127.0.0.1:PORT} */
    String url() {
        return "https://127.0.0.1:" + port();
    }

    @Override
    public void close() throws IOException {
        relay.close();
    }
}
