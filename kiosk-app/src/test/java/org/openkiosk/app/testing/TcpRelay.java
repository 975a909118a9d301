package org.openkiosk.app.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Relays every connection accepted on a server socket to a loopback port, byte for byte, optionally no faster than
 * a given rate each way: a TLS terminator in front of a plain centre (given an SSL server socket) or a slow village
 * line (given a rate). When the target is down the accepted connection is closed, as a kiosk would see it drop.
 */
public final class TcpRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final long bytesPerSecond;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Relays from {@code server} to 127.0.0.1:{@code targetPort}; {@code bytesPerSecond} 0 for no limit. */
    public TcpRelay(ServerSocket server, int targetPort, long bytesPerSecond) {
        this.server = server;
        this.targetPort = targetPort;
        this.bytesPerSecond = bytesPerSecond;
        this.acceptor = new Thread(this::acceptLoop, "tcp-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket target;
            try {
                target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            } catch (IOException e) {
                closeQuietly(client); // the target is down: the client sees the connection drop
                continue;
            }
            open.add(client);
            open.add(target);
            pump(client, target);
            pump(target, client);
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
                    if (bytesPerSecond > 0) {
                        Thread.sleep(n * 1000L / bytesPerSecond);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // a failed handshake or one side gone ends this connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-relay-pump");
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
        open.forEach(TcpRelay::closeQuietly);
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
