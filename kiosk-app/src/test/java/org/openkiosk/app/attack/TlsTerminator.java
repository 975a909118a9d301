package org.openkiosk.app.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS terminator in front of a plain-HTTP centre, as a government network puts one: accepts TLS on a loopback
 * port with the server key store it is given, and relays the bytes of each connection to the centre.
 */
final class TlsTerminator implements AutoCloseable {
    private final SSLServerSocket server;
    private final int centrePort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private TlsTerminator(SSLServerSocket server, int centrePort) {
        this.server = server;
        this.centrePort = centrePort;
        this.acceptor = new Thread(this::acceptLoop, "tls-terminator");
        acceptor.setDaemon(true);
        acceptor.start();
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
        return new TlsTerminator(server, centrePort);
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code https://127.0.0.1:PORT} */
    String url() {
        return "https://127.0.0.1:" + port();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket centre = new Socket(InetAddress.getLoopbackAddress(), centrePort);
                open.add(client);
                open.add(centre);
                pump(client, centre);
                pump(centre, client);
            } catch (IOException e) {
                // closed, or one connection failed: go on accepting while open
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a failed handshake or a closed side ends this connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tls-terminator-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(TlsTerminator::closeQuietly);
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
