package org.openkiosk.device.ocr;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openkiosk.device.idcard.IdCard;

/**
 * Compares the fields read from an ID-card copy with the card the resident tapped at the kiosk. Pure: no I/O.
 * Only fields the copy shows are compared; spacing, full-width characters and the case of {@code X} do not count.
 */
public final class IdCopyCheck {
    private IdCopyCheck() {
    }

    /** One field that differs: the value on the copy and the value on the card's chip. */
    public record Mismatch(String field, String onCopy, String onCard) {
        /** Safe for logs: names the field, never the values. */
        @Override
        public String toString() {
            return "Mismatch[" + field + "]";
        }
    }

    /** The fields of the copy that differ from the card; empty when the copy is of this card. */
    public static List<Mismatch> compare(Map<String, String> copy, IdCard card) {
        Map<String, String> chip = new java.util.LinkedHashMap<>();
        chip.put("name", card.name());
        chip.put("sex", card.sex());
        chip.put("nation", card.nation());
        chip.put("birthDate", card.birthDate().toString());
        chip.put("address", card.address());
        chip.put("idNumber", card.idNumber());
        chip.put("issuer", card.issuer());
        chip.put("validFrom", card.validFrom().toString());
        chip.put("validUntil", card.validUntil());
        List<Mismatch> out = new ArrayList<>();
        chip.forEach((field, onCard) -> {
            String onCopy = copy.get(field);
            if (onCopy != null && !onCopy.isBlank() && !same(onCopy, onCard)) {
                out.add(new Mismatch(field, onCopy, onCard));
            }
        });
        return out;
    }

    static boolean same(String a, String b) {
        return norm(a).equals(norm(b));
    }

    private static String norm(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("[\\s\\p{Punct}，。、·]", "")
                .toUpperCase(Locale.ROOT);
    }
}
