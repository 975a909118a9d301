package org.openkiosk.device.idcard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.openkiosk.device.ProtocolException;
import org.openkiosk.device.idcard.sim.IdCardSimulator;

/**
 * Whatever bytes arrive, the decoder either returns a value or throws {@link ProtocolException}, and the frame scanner
 * always finishes: every frame it returns consumes bytes, so it cannot return more frames than it was fed bytes.
 */
class GaT467DecoderPropertiesTest {
    private static final byte[] READ_REPLY = GaT467Codec.readReply(IdCardSimulator.sampleResident());
    private static final byte[] FIND_REPLY = GaT467Codec.cardFoundReply();

    @Property(tries = 300)
    void randomBytesOnlyEverCauseProtocolExceptions(@ForAll @Size(max = 1400) byte[] bytes) {
        decodeAll(bytes);
    }

    @Property(tries = 300)
    void mutatedFramesOnlyEverCauseProtocolExceptions(@ForAll("mutatedFrames") byte[] bytes) {
        decodeAll(bytes);
    }

    @Property(tries = 200)
    void randomTextBlocksOnlyEverCauseProtocolExceptions(@ForAll @Size(value = 256) byte[] text) {
        try {
            GaT467Codec.decodeText(text, new byte[0]);
        } catch (ProtocolException expected) {
            // fine: the only failure allowed
        }
    }

    @Property(tries = 200)
    void aValidFrameIsFoundBehindAnyGarbageWithoutAPreamble(@ForAll @Size(max = 300) byte[] garbage)
            throws ProtocolException {
        byte[] clean = garbage.clone();
        for (int i = 0; i < clean.length; i++) {
            if (clean[i] == (byte) 0xAA) {
                clean[i] = 0x55;
            }
        }
        GaT467Codec.FrameScanner scanner = new GaT467Codec.FrameScanner();
        scanner.feed(clean, 0, clean.length);
        scanner.feed(FIND_REPLY, 0, FIND_REPLY.length);

        assertThat(GaT467Codec.parseReply(scanner.next().orElseThrow()).sw3()).isEqualTo(GaT467Codec.SW3_CARD_FOUND);
    }

    private static void decodeAll(byte[] bytes) {
        try {
            GaT467Codec.Reply reply = GaT467Codec.parseReply(bytes);
            GaT467Codec.decodeReadReply(reply);
        } catch (ProtocolException expected) {
            // fine
        }
        GaT467Codec.FrameScanner scanner = new GaT467Codec.FrameScanner();
        // feed in uneven pieces, as a serial line would deliver them
        int frames = 0;
        for (int off = 0; off < bytes.length; off += 97) {
            scanner.feed(bytes, off, Math.min(97, bytes.length - off));
            for (Optional<byte[]> f = scanner.next(); f.isPresent(); f = scanner.next()) {
                frames++;
                assertThat(frames).as("frames returned").isLessThanOrEqualTo(bytes.length);
                try {
                    GaT467Codec.decodeReadReply(GaT467Codec.parseReply(f.get()));
                } catch (ProtocolException expected) {
                    // fine
                }
            }
        }
        assertThat(scanner.buffered()).isLessThanOrEqualTo(bytes.length);
    }

    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        Arbitrary<byte[]> base = Arbitraries.of(READ_REPLY, FIND_REPLY, GaT467Codec.reply(0x80));
        Arbitrary<List<int[]>> edits = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 1400), Arbitraries.integers().between(0, 255))
                .as((kind, at, value) -> new int[] {kind, at, value})
                .list().ofMaxSize(6);
        return Combinators.combine(base, edits).as(GaT467DecoderPropertiesTest::mutate);
    }

    private static byte[] mutate(byte[] frame, List<int[]> edits) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : frame) {
            bytes.add(b);
        }
        for (int[] edit : edits) {
            if (bytes.isEmpty()) {
                break;
            }
            int at = edit[1] % bytes.size();
            switch (edit[0]) {
                case 0 -> bytes.set(at, (byte) edit[2]);              // overwrite
                case 1 -> bytes.remove(at);                            // drop
                case 2 -> bytes.add(at, (byte) edit[2]);              // insert
                default -> bytes.subList(at, bytes.size()).clear();   // truncate
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }
}
