package org.openkiosk.device.printer;

import java.util.ArrayList;
import java.util.List;

/**
 * The printer's real-time status, as read with {@code DLE EOT 1/2/4}.
 *
 * @param online    the printer is online (ESC/POS: not offline for a cover, paper end or error)
 * @param coverOpen the paper cover is open
 * @param paper     the roll paper sensor
 */
public record PrinterStatus(boolean online, boolean coverOpen, PaperState paper) {
    public static final PrinterStatus READY = new PrinterStatus(true, false, PaperState.OK);

    public PrinterStatus {
        java.util.Objects.requireNonNull(paper, "paper");
    }

    /** Whether a receipt can be printed now (a near-end roll still prints). */
    public boolean canPrint() {
        return online && !coverOpen && paper != PaperState.END;
    }

    /** One plain line for logs and technicians, e.g. "offline, cover open, paper end". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(online ? "online" : "offline");
        if (coverOpen) {
            parts.add("cover open");
        }
        parts.add(switch (paper) {
            case OK -> "paper OK";
            case NEAR_END -> "paper near end";
            case END -> "paper end";
        });
        return String.join(", ", parts);
    }
}
