package org.openkiosk.device.sscard;

import static org.openkiosk.device.sscard.SocialSecurityCardCodec.*;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.openkiosk.device.Device;
import org.openkiosk.device.DeviceException;
import org.openkiosk.device.DeviceStatus;
import org.openkiosk.device.ProtocolException;
import org.openkiosk.device.io.pcsc.CardService;
import org.openkiosk.device.io.pcsc.CardStatusException;
import org.openkiosk.device.io.pcsc.PcscCardService;
import org.openkiosk.device.io.pcsc.PcscConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a social security card: select the application, select EF05 and read its records by tag, then the same for
 * EF06 (no PIN needed for either). The protocol runs over any {@link CardService}; by default a {@link PcscCardService}
 * connected afresh for every read, so a reader plugged in, or pcscd started, after the kiosk is found.
 */
public final class SocialSecurityCardReader implements Device {
    private static final Logger log = LoggerFactory.getLogger(SocialSecurityCardReader.class);
    private static final String DEVICE = "sscard";
    /** 62 82: the record is shorter than the Le asked for; its bytes are valid. */
    private static final int SW_SHORTER_THAN_LE = 0x6282;

    /** Opens a connection to a card, waiting up to {@code cardWait} for one. */
    @FunctionalInterface
    public interface Connector {
        CardService connect(Duration cardWait) throws DeviceException;
    }

    private final Connector connector;
    private final PcscConfig config;

    /** A reader over PC/SC, as configured. */
    public SocialSecurityCardReader(PcscConfig config) {
        this(config, wait -> PcscCardService.connect(new PcscConfig(config.reader(), wait)));
    }

    /** A reader over any card service (tests, other transports); {@code config} names the reader for messages. */
    public SocialSecurityCardReader(PcscConfig config, Connector connector) {
        this.config = Objects.requireNonNull(config, "config");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** Waits up to the configured card wait for a card, then reads it. */
    public SocialSecurityCard read() throws DeviceException {
        return readTimed(config.cardWait()).card();
    }

    /**
     * Waits up to {@code cardWait} for a card, then reads it.
     *
     * @throws org.openkiosk.device.io.pcsc.NoCardInReaderException no card was inserted in time
     * @throws org.openkiosk.device.DeviceNotFoundException           pcscd, the reader or the card went away
     * @throws CardStatusException                                    the card refused a command (not a social security
     *                                                                card, a file missing ...), its status decoded
     * @throws ProtocolException                                      a record was not what the specification says
     */
    public TimedSocialSecurityRead readTimed(Duration cardWait) throws DeviceException {
        try (CardService service = connector.connect(cardWait)) {
            long start = System.nanoTime();
            SocialSecurityCard card = read(service);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            log.info("read {} from {} in {} ms", card, service.readerName(), took.toMillis());
            return new TimedSocialSecurityRead(card, service.readerName(), took);
        }
    }

    /** The protocol itself, over a connected card. */
    public static SocialSecurityCard read(CardService service) throws DeviceException {
        expectSuccess(service, selectApplication(), "select application sx1.sh.社会保障 (is it a social security card?)");
        expectSuccess(service, selectFile(EF05), "select EF05 (card data)");
        byte[] cardId = field(service, TAG_CARD_ID);
        byte[] issue = field(service, TAG_ISSUE_DATE);
        byte[] expiry = field(service, TAG_EXPIRY_DATE);
        byte[] number = field(service, TAG_CARD_NUMBER);
        expectSuccess(service, selectFile(EF06), "select EF06 (holder)");
        byte[] id = field(service, TAG_ID_NUMBER);
        byte[] name = field(service, TAG_NAME);
        byte[] sex = field(service, TAG_SEX);
        byte[] nation = field(service, TAG_NATION);
        byte[] birthPlace = field(service, TAG_BIRTH_PLACE);
        byte[] birthDate = field(service, TAG_BIRTH_DATE);
        return card(cardId, issue, expiry, number, id, name, sex, nation, birthPlace, birthDate);
    }

    private static byte[] field(CardService service, int tag) throws DeviceException {
        ResponseAPDU r = service.transmit(readRecord(tag));
        if (r.getSW() != 0x9000 && r.getSW() != SW_SHORTER_THAN_LE) {
            throw new CardStatusException(String.format("read record %02X", tag), r.getSW());
        }
        return value(tag, r.getData());
    }

    private static void expectSuccess(CardService service, CommandAPDU command, String operation) throws DeviceException {
        ResponseAPDU r = service.transmit(command);
        if (r.getSW() != 0x9000) {
            throw new CardStatusException(operation, r.getSW());
        }
    }

    /** Whether PC/SC answers and the configured reader (or any reader) is connected; does not touch the card. */
    @Override
    public DeviceStatus check() {
        try {
            List<String> readers = PcscCardService.readers();
            if (readers.isEmpty()) {
                return DeviceStatus.failed(DEVICE, "no PC/SC card reader is connected");
            }
            if (config.reader().isPresent()
                    && readers.stream().noneMatch(r -> r.toLowerCase(Locale.ROOT)
                            .contains(config.reader().get().toLowerCase(Locale.ROOT)))) {
                return DeviceStatus.failed(DEVICE, "no PC/SC reader named '" + config.reader().get() + "'; readers: " + readers);
            }
            return DeviceStatus.ok(DEVICE, "PC/SC readers: " + readers);
        } catch (DeviceException e) {
            return DeviceStatus.failed(DEVICE, e.getMessage());
        }
    }

    @Override
    public void close() {
        // nothing held between reads
    }
}
