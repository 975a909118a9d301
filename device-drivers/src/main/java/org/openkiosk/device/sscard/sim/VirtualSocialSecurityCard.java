package org.openkiosk.device.sscard.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.openkiosk.device.DeviceTimeoutException;
import org.openkiosk.device.idcard.IdNumbers;
import org.openkiosk.device.idcard.Nations;
import org.openkiosk.device.io.pcsc.PcscCardService;
import org.openkiosk.device.sscard.SocialSecurityCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A social security card in a real PC/SC stack: pcscd with the vsmartcard virtual reader (vpcd), and a virtual card
 * (the Python script {@code sscard_vicc.py}, built on vsmartcard's ISO 7816 card OS) plugged into it. The real driver
 * then reads it through javax.smartcardio exactly as it reads a card in a USB reader.
 *
 * <p>pcscd is started only if it is not running already, and stopped on {@link #close()} only if it was started here.
 * The machine has one vpcd slot, so one virtual card at a time: {@link #start} waits for a file lock that
 * {@link #close()} releases (two test JVMs, or two builds, take turns rather than plugging cards into each other's
 * reader or stopping each other's pcscd).
 * Needs the Debian packages in {@code scripts/packages/test-pcsc.txt}.
 */
public final class VirtualSocialSecurityCard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VirtualSocialSecurityCard.class);
    /** The first slot of vsmartcard's vpcd; the card script connects to its port, 35963. */
    public static final String READER = "Virtual PCD 00 00";
    private static final int VPCD_PORT = 35963;
    private static final Path VSMARTCARD_PYTHON = Path.of("/usr/lib/python3/site-packages/virtualsmartcard");
    private static final Path CRYPTODOME = Path.of("/usr/lib/python3/dist-packages/Cryptodome");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /** Held from {@link #start} to {@link #close()}: the one vpcd slot of this machine. */
    private static final Path LOCK_FILE = Path.of("/tmp", "openkiosk-vpcd.lock");

    private final Path script;
    private final Path work;
    private java.nio.channels.FileChannel slot;
    private Process pcscd;
    private Process vicc;

    private VirtualSocialSecurityCard(Path script, Path work) {
        this.script = script;
        this.work = work;
    }

    /**
     * Makes sure pcscd runs (starting it if needed) with the virtual reader, no card inserted yet.
     *
     * @param script the virtual card, {@code device-drivers/src/test/pcsc/sscard_vicc.py}
     */
    public static VirtualSocialSecurityCard start(Path script) throws DeviceException {
        if (!Files.isRegularFile(script)) {
            throw new DeviceNotFoundException("virtual card script " + script.toAbsolutePath() + " not found");
        }
        for (Path p : List.of(Path.of("/usr/sbin/pcscd"), VSMARTCARD_PYTHON, CRYPTODOME,
                Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"))) {
            if (!Files.exists(p)) {
                throw new DeviceNotFoundException(p + " is missing: install scripts/packages/test-pcsc.txt"
                        + " (scripts/install-system-deps.sh)");
            }
        }
        java.nio.channels.FileChannel slot = takeSlot();
        try {
            Path work = Files.createTempDirectory("sscard-vicc-");
            Files.createDirectories(work.resolve("py"));
            // vsmartcard imports Crypto; Debian ships pycryptodome as Cryptodome
            Files.createSymbolicLink(work.resolve("py").resolve("Crypto"), CRYPTODOME);
            VirtualSocialSecurityCard stack = new VirtualSocialSecurityCard(script.toAbsolutePath(), work);
            stack.slot = slot;
            slot = null;
            if (!pcscdRunning()) {
                stack.startPcscd();
            } else {
                log.info("pcscd is already running; using it");
            }
            try {
                awaitReader();
            } catch (DeviceException e) {
                if (stack.ownsPcscd() || pcscdRunning()) {
                    stack.close();
                    throw e;
                }
                // the pcscd found running was on its way out (a package upgrade, an auto-exit): start one here
                log.info("the pcscd found running has gone ({}); starting one", e.getMessage());
                try {
                    stack.startPcscd();
                    awaitReader();
                } catch (DeviceException | IOException again) {
                    stack.close(); // no pcscd of ours outlives the test, no folder is left behind
                    throw again;
                }
            }
            return stack;
        } catch (IOException e) {
            throw new DeviceException("cannot prepare the virtual card: " + e.getMessage(), e);
        } finally {
            if (slot != null) {
                release(slot); // not handed to a stack: nothing holds the reader
            }
        }
    }

    /** Waits (at most a minute) for the machine's one vpcd slot. */
    private static java.nio.channels.FileChannel takeSlot() throws DeviceException {
        try {
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(LOCK_FILE,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!locked(channel)) {
                if (System.nanoTime() > deadline) {
                    channel.close();
                    throw new DeviceException("the virtual reader stayed in use by another process for a minute ("
                            + LOCK_FILE + ")");
                }
                Thread.sleep(100);
            }
            return channel;
        } catch (IOException e) {
            throw new DeviceException("cannot lock the virtual reader (" + LOCK_FILE + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("interrupted waiting for the virtual reader", e);
        }
    }

    /** Whether the lock was taken now; false while another process (or a card of this JVM) holds it. */
    private static boolean locked(java.nio.channels.FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false;
        }
    }

    private static void release(java.nio.channels.FileChannel slot) {
        try {
            slot.close(); // closing the channel releases its lock
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    /** Whether a pcscd process runs on this machine (started by anyone). */
    public static boolean pcscdRunning() {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().command().map(c -> c.endsWith("/pcscd")).orElse(false));
    }

    /** Whether pcscd was started by this object (and so will be stopped by it). */
    public boolean ownsPcscd() {
        return pcscd != null;
    }

    /** A sample card: 张三丰, 汉, born in Danjiangkou (420381), whose social security number has the right check character. */
    public static SocialSecurityCard sample() {
        String first17 = "42038119850412123";
        String id = first17 + IdNumbers.checkChar(first17);
        return new SocialSecurityCard("420381D15600000500A1B2C3D4E5F607", LocalDate.of(2019, 3, 15),
                LocalDate.of(2029, 3, 15), "A12345678", id, true, "张三丰", "男", "汉", "420381", LocalDate.of(1985, 4, 12));
    }

    /** Inserts {@code card} into the virtual reader and waits until PC/SC sees it. */
    public void insert(SocialSecurityCard card) throws DeviceException {
        startCard(card, false);
    }

    /** Inserts a card that lacks the social security application (some other smart card). */
    public void insertForeignCard() throws DeviceException {
        startCard(sample(), true);
    }

    private void startCard(SocialSecurityCard card, boolean noApplication) throws DeviceException {
        remove();
        try {
            Path json = work.resolve("card.json");
            Files.writeString(json, toJson(card), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(),
                    "--port", String.valueOf(VPCD_PORT), "--card", json.toString()));
            if (noApplication) {
                command.add("--no-application");
            }
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("PYTHONPATH", work.resolve("py") + ":" + VSMARTCARD_PYTHON);
            vicc = pb.start();
            awaitLine(vicc, "ready", "virtual card");
        } catch (IOException e) {
            throw new DeviceException("cannot start the virtual card: " + e.getMessage(), e);
        }
        awaitCard(true);
    }

    /** Takes the card out (the virtual card disconnects) and waits until PC/SC sees the reader empty. */
    public void remove() throws DeviceException {
        if (vicc == null) {
            return;
        }
        stop(vicc);
        vicc = null;
        awaitCard(false);
    }

    /**
     * Stops and starts pcscd again (as a package upgrade or a crash would), with the reader empty afterwards.
     *
     * @throws IllegalStateException if pcscd was not started here (someone else's daemon is left alone)
     */
    public void restartPcscd() throws DeviceException {
        if (pcscd == null) {
            throw new IllegalStateException("pcscd was not started by this object; it will not restart someone else's");
        }
        if (vicc != null) {
            stop(vicc);
            vicc = null;
        }
        stop(pcscd);
        pcscd = null;
        try {
            startPcscd();
        } catch (IOException e) {
            throw new DeviceException("cannot start pcscd again: " + e.getMessage(), e);
        }
    }

    /** Stops the card, and pcscd if it was started here. */
    @Override
    public void close() {
        if (vicc != null) {
            stop(vicc);
            vicc = null;
        }
        if (pcscd != null) {
            stop(pcscd);
            pcscd = null;
        }
        try (var walk = Files.walk(work)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
        if (slot != null) {
            release(slot);
            slot = null;
        }
    }

    private void startPcscd() throws IOException, DeviceException {
        pcscd = new ProcessBuilder("/usr/sbin/pcscd", "--foreground", "--info").redirectErrorStream(true).start();
        awaitLine(pcscd, "daemon ready", "pcscd");
        log.info("started pcscd (pid {})", pcscd.pid());
    }

    /** Waits for a line containing {@code marker}, then keeps draining the output into the debug log. */
    private static void awaitLine(Process p, String marker, String what) throws DeviceException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> seen = new CompletableFuture<>();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread drain = new Thread(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    log.debug("{}: {}", what, line);
                    if (!seen.isDone()) {
                        lines.add(line);
                        if (line.contains(marker)) {
                            seen.complete(true);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            seen.complete(false);
        }, what + "-output");
        drain.setDaemon(true);
        drain.start();
        boolean ok;
        try {
            ok = seen.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            ok = false;
        }
        if (!ok) {
            stop(p);
            throw new DeviceNotFoundException(what + " did not start: " + String.join(" | ", lines));
        }
    }

    /**
     * Waits until a client of pcscd sees the virtual reader. pcscd says "daemon ready" before every client can be
     * served, and the vpcd driver registers its reader a moment later, so a read straight after the start could be
     * told SCARD_E_NO_SERVICE or "no reader" by a daemon that is in fact coming up.
     */
    private static void awaitReader() throws DeviceException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                List<String> readers = PcscCardService.readers();
                if (readers.contains(READER)) {
                    return;
                }
                last = "readers: " + readers;
            } catch (DeviceException e) {
                last = e.getMessage();
            }
            sleep();
        }
        throw new DeviceNotFoundException("pcscd did not offer the virtual reader " + READER + " within "
                + START_TIMEOUT.toSeconds() + " s: " + last);
    }

    private static void sleep() throws DeviceException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("interrupted");
        }
    }

    private static void awaitCard(boolean present) throws DeviceException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                PcscCardService.readers(); // reconnects to a restarted pcscd where the JDK allows it
                CardTerminal t = TerminalFactory.getInstance("PC/SC", null).terminals().getTerminal(READER);
                if (t != null && t.isCardPresent() == present) {
                    return;
                }
            } catch (CardException | java.security.NoSuchAlgorithmException | DeviceException e) {
                last = e.getMessage();
            }
            sleep();
        }
        throw new DeviceTimeoutException("PC/SC did not see the virtual card " + (present ? "inserted" : "removed")
                + " in " + READER + " " + last);
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String toJson(SocialSecurityCard c) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("cardId", c.cardId());
        fields.put("issueDate", c.issueDate().toString().replace("-", ""));
        fields.put("expiryDate", c.expiryDate().toString().replace("-", ""));
        fields.put("cardNumber", c.cardNumber());
        fields.put("idNumber", c.idNumber());
        fields.put("name", c.name());
        fields.put("sex", switch (c.sex()) {
            case "男" -> "1";
            case "女" -> "2";
            default -> "9";
        });
        fields.put("nation", Nations.code(c.nation()));
        fields.put("birthPlace", c.birthPlace());
        fields.put("birthDate", c.birthDate().toString().replace("-", ""));
        return fields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": \"" + escape(e.getValue()) + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
