package org.openkiosk.app.attack;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Debian's {@code swtpm} software TPM 2.0 on two loopback ports, its state in a folder of the test's: what
 * {@code store.tpm} points at in tests ({@link #tcti()}). A fresh state folder is another TPM.
 */
final class SoftwareTpm implements AutoCloseable {

    private final Process process;
    private final int port;

    private SoftwareTpm(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static SoftwareTpm start(Path stateDir) throws Exception {
        Files.createDirectories(stateDir);
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freePortPair();
            Process p = new ProcessBuilder("swtpm", "socket", "--tpm2",
                    "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                    "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                    "--flags", "startup-clear", "--tpmstate", "dir=" + stateDir)
                    .redirectErrorStream(true).redirectOutput(stateDir.resolve("swtpm.log").toFile()).start();
            Instant until = Instant.now().plus(Duration.ofSeconds(10));
            while (Instant.now().isBefore(until) && p.isAlive()) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return new SoftwareTpm(p, port);
                } catch (IOException e) {
                    last = e;
                    Thread.sleep(50);
                }
            }
            p.destroy();
        }
        throw new IllegalStateException("swtpm did not start (is the swtpm package installed?)", last);
    }

    private static int freePortPair() throws IOException {
        while (true) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (port < 65000) {
                try (ServerSocket s = new ServerSocket(port + 1)) {
                    return port;
                } catch (IOException e) {
                    // taken: try another
                }
            }
        }
    }

    /** The TCTI string of this TPM, for {@code store.tpm}. */
    String tcti() {
        return "swtpm:host=127.0.0.1,port=" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
