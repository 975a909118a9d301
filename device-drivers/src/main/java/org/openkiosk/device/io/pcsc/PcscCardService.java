package org.openkiosk.device.io.pcsc;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CardService} over javax.smartcardio and the system's PC/SC daemon (pcscd on Linux).
 *
 * <p>Every {@link #connect} and {@link #readers} asks for a fresh {@code TerminalFactory.getInstance("PC/SC", null)}
 * instead of {@code TerminalFactory.getDefault()}: when pcscd is not running at a JVM's first {@code getDefault()},
 * that JVM keeps an empty "None" factory for good, so a kiosk started before pcscd would never see a reader. When pcscd
 * restarts under a running JVM, the JDK's context with it is dead; {@link PcscContext} replaces it when the JVM runs
 * with {@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}, and the error says so otherwise.
 */
public final class PcscCardService implements CardService {
    private static final Logger log = LoggerFactory.getLogger(PcscCardService.class);
    private static final long POLL_MILLIS = 50;

    private final Card card;
    private final CardChannel channel;
    private final String readerName;

    private PcscCardService(Card card, String readerName) {
        this.card = card;
        this.channel = card.getBasicChannel();
        this.readerName = readerName;
    }

    /** The names of the readers PC/SC knows now (empty when none is connected). */
    public static List<String> readers() throws DeviceException {
        List<String> names = new ArrayList<>();
        for (CardTerminal t : terminals()) {
            names.add(t.getName());
        }
        return names;
    }

    /**
     * Waits up to {@code config.cardWait()} for a card in the configured reader (or in any reader), then connects to
     * it with whichever protocol it offers (T=0 or T=1).
     *
     * @throws DeviceNotFoundException  pcscd is not running, no reader is connected, or none has the configured name
     * @throws NoCardInReaderException  no card was inserted in time
     */
    public static PcscCardService connect(PcscConfig config) throws DeviceException {
        long deadline = System.nanoTime() + config.cardWait().toNanos();
        while (true) {
            List<CardTerminal> candidates = candidates(config.reader());
            for (CardTerminal t : candidates) {
                try {
                    if (t.isCardPresent()) {
                        Card card = t.connect("*");
                        log.info("connected to the card in {} ({}, ATR {})", t.getName(), card.getProtocol(),
                                java.util.HexFormat.of().formatHex(card.getATR().getBytes()));
                        return new PcscCardService(card, t.getName());
                    }
                } catch (CardException e) {
                    // the card went away between the two calls, or the reader did: look again
                    log.debug("could not connect to {}: {}", t.getName(), cause(e));
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new NoCardInReaderException("no card in " + describe(candidates) + " within "
                        + config.cardWait().toMillis() + " ms");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException("interrupted while waiting for a card");
            }
        }
    }

    private static List<CardTerminal> candidates(Optional<String> wanted) throws DeviceException {
        List<CardTerminal> all = terminals();
        if (all.isEmpty()) {
            throw new DeviceNotFoundException("no PC/SC card reader is connected");
        }
        if (wanted.isEmpty()) {
            return all;
        }
        String w = wanted.get().toLowerCase(Locale.ROOT);
        List<CardTerminal> exact = all.stream().filter(t -> t.getName().equalsIgnoreCase(wanted.get())).toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        List<CardTerminal> partial = all.stream().filter(t -> t.getName().toLowerCase(Locale.ROOT).contains(w)).toList();
        if (partial.isEmpty()) {
            throw new DeviceNotFoundException("no PC/SC reader named '" + wanted.get() + "'; readers: "
                    + all.stream().map(CardTerminal::getName).toList());
        }
        return partial;
    }

    private static List<CardTerminal> terminals() throws DeviceException {
        return terminals(true);
    }

    private static List<CardTerminal> terminals(boolean mayReconnect) throws DeviceException {
        TerminalFactory factory;
        try {
            factory = TerminalFactory.getInstance("PC/SC", null);
        } catch (NoSuchAlgorithmException e) {
            throw new DeviceNotFoundException("PC/SC is not available (is pcscd running? is libpcsclite1 installed?): "
                    + cause(e));
        }
        try {
            return factory.terminals().list();
        } catch (CardException e) {
            String why = cause(e);
            if (why.contains("SCARD_E_NO_READERS_AVAILABLE")) {
                return List.of();
            }
            if (why.contains("SCARD_E_NO_SERVICE") || why.contains("SCARD_E_INVALID_HANDLE")
                    || why.contains("SCARD_E_SERVICE_STOPPED")) {
                // pcscd stopped, or restarted and no longer knows this JVM's context
                if (mayReconnect && PcscContext.forget()) {
                    log.warn("pcscd went away or restarted ({}); reconnecting", why);
                    return terminals(false);
                }
                throw new DeviceNotFoundException("cannot reach pcscd: it is not running, or it restarted after this"
                        + " program started" + (mayReconnect ? " (to reconnect without restarting, start java with "
                        + PcscContext.ADD_OPENS + ")" : "") + ": " + why);
            }
            throw new DeviceNotFoundException("cannot list PC/SC readers (is pcscd running?): " + why);
        }
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) throws DeviceException {
        try {
            return channel.transmit(command);
        } catch (CardException e) {
            String why = cause(e);
            if (why.contains("REMOVED_CARD") || why.contains("NO_SMARTCARD") || why.contains("RESET_CARD")
                    || why.contains("READER_UNAVAILABLE") || why.contains("NO_SERVICE") || why.contains("UNKNOWN_READER")) {
                throw new DeviceNotFoundException("the card in " + readerName + " went away: " + why);
            }
            throw new DeviceException("exchange with the card in " + readerName + " failed: " + why);
        } catch (IllegalStateException e) {
            throw new DeviceNotFoundException("the connection to the card in " + readerName + " is closed");
        }
    }

    @Override
    public String readerName() {
        return readerName;
    }

    @Override
    public void close() {
        try {
            card.disconnect(false);
        } catch (CardException | IllegalStateException e) {
            log.debug("disconnecting from {}: {}", readerName, e.getMessage());
        }
    }

    private static String describe(List<CardTerminal> terminals) {
        return terminals.size() == 1 ? "reader '" + terminals.get(0).getName() + "'"
                : "any of " + terminals.stream().map(CardTerminal::getName).toList();
    }

    /** The innermost message: javax.smartcardio puts the PC/SC error name (SCARD_...) in the cause. */
    private static String cause(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            b.append(": ").append(c.getMessage());
        }
        return b.toString();
    }
}
