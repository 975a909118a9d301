package org.openkiosk.device.ocr;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the recogniser reads, surely, for standard characters it cannot read at all.
 *
 * <p>PP-OCRv4's dictionary holds 6,623 characters; the 通用规范汉字表 (8,105 characters, its third tier made for names
 * and places) has 2,596 it lacks: 瑧, 玙, 旻, 㛃, 䶮 .... Shown one, the recogniser does not drop it: it reads the
 * nearest character it knows, often at a score no threshold could refuse (瑧 as 臻 at 0.98, 玙 as 玛 at 0.92). Nothing
 * in the reading tells such a misreading from the character itself (咍 is read as 哈 at 0.996, as surely as 哈), and
 * half the bench's names hold a character of this table, so the table does not make a value doubtful. It gives a
 * name already doubted its choices: 肖龚文, read at 0.70, is offered as 肖䶮文 too, the name as printed, which this
 * model can never write and a resident can hardly type.
 *
 * <p>Made by running the kiosk's own engine over every such character printed in Hei, Song (Ming) and Kai
 * ({@link #make}); it belongs to the model it was made with: a new recognition model is a new table
 * ({@code device-drivers/src/main/resources/ocr/lookalikes.tsv}).
 */
public final class Lookalikes {
    static final String TABLE = "ocr/lookalikes.tsv";
    static final String STANDARD = "ocr/standard-characters.txt";
    /** The typefaces a paper is printed in, as Debian ships them: Hei, Song (Ming), Kai. */
    static final List<String> FONTS = List.of("WenQuanYi Zen Hei", "AR PL UMing CN", "AR PL UKai CN");
    /** A misreading scored at least this is one no threshold refuses: the ones this table is for. */
    static final double SURE = FieldExtractor.MIN_CONFIDENCE;

    private static volatile Map<Integer, String> table;

    private Lookalikes() {
    }

    /** The standard characters the recogniser reads as {@code read} although they are not it; empty for most. */
    static String shownFor(int read) {
        return table().getOrDefault(read, "");
    }

    private static Map<Integer, String> table() {
        Map<Integer, String> t = table;
        if (t == null) {
            t = new java.util.HashMap<>();
            for (String line : lines(TABLE)) {
                String[] cols = line.split("\t");
                if (cols.length == 2 && !cols[0].isEmpty()) {
                    t.put(cols[0].codePointAt(0), cols[1]);
                }
            }
            table = t;
        }
        return t;
    }

    /** The resource's lines, comments (#) and blank lines left out. */
    private static List<String> lines(String resource) {
        return rawLines(resource).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(String::strip).toList();
    }

    /** Every non-empty line of the resource as it is (the model's dictionary has # and a space among its characters). */
    private static List<String> rawLines(String resource) {
        try (InputStream in = Lookalikes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines per image given to the engine: one detection for many characters. */
    private static final int ROWS = 12;
    private static final int ROW = 90;
    private static final String LEFT = "王";
    private static final String RIGHT = "华";

    /** What {@link #make} printed and found. */
    public record Made(int printed, int misread, int characters) {
    }

    /**
     * Makes the table into {@code out} ({@code ./kiosk bench lookalikes}). Every standard character the recogniser's
     * dictionary lacks (or only those of {@code only}, when not empty) is printed between two common characters
     * (王?华) in each typeface that has it and read by {@code engine}; where it is read as one other character at
     * {@link #SURE} or more, that character and the one shown go into the table. {@code progress} hears of each
     * typeface done.
     */
    public static Made make(OcrEngine engine, String only, Path out, java.util.function.Consumer<String> progress)
            throws OcrException, IOException {
        Set<Integer> known = new HashSet<>();
        for (String k : rawLines(PpOcr.KEYS)) {
            known.add(k.codePointAt(0));
        }
        List<Integer> unreadable = new ArrayList<>();
        for (String tier : lines(STANDARD)) {
            tier.codePoints().filter(c -> !known.contains(c) && (only.isEmpty() || only.indexOf(c) >= 0))
                    .forEach(unreadable::add);
        }
        Map<Integer, Set<Integer>> shown = new TreeMap<>();
        int printed = 0;
        int misread = 0;
        for (String name : FONTS) {
            Font font = new Font(name, Font.PLAIN, 44);
            if (!font.getFamily(java.util.Locale.ROOT).equals(name)) {
                throw new OcrException("font " + name + " is not installed (Debian: fonts-wqy-zenhei, "
                        + "fonts-arphic-uming, fonts-arphic-ukai)");
            }
            List<Integer> chars = unreadable.stream().filter(font::canDisplay).toList();
            for (int from = 0; from < chars.size(); from += ROWS) {
                List<Integer> batch = chars.subList(from, Math.min(chars.size(), from + ROWS));
                OcrText read = engine.read(page(font, batch));
                for (int i = 0; i < batch.size(); i++) {
                    printed++;
                    int row = i;
                    OcrText.Line box = read.boxes().stream()
                            .filter(b -> Math.abs(b.centreY() - (row * ROW + ROW / 2.0)) < ROW / 2.0)
                            .max(Comparator.comparingInt(OcrText.Line::width)).orElse(null);
                    int[] text = box == null ? new int[0] : box.text().codePoints().toArray();
                    if (text.length == 3 && text[0] == LEFT.codePointAt(0) && text[2] == RIGHT.codePointAt(0)
                            && text[1] != batch.get(i) && box.confidence() >= SURE) {
                        misread++;
                        shown.computeIfAbsent(text[1], k -> new java.util.TreeSet<>()).add(batch.get(i));
                    }
                }
            }
            progress.accept(name + ": " + chars.size() + " characters printed");
        }
        StringBuilder tsv = new StringBuilder("# read\tshown (standard characters PP-OCRv4 cannot read, read as the first"
                + " at " + SURE + " or more; made by ./kiosk bench lookalikes over " + printed + " printings, " + misread
                + " misread surely)\n");
        shown.forEach((read, set) -> {
            tsv.appendCodePoint(read).append('\t');
            set.forEach(tsv::appendCodePoint);
            tsv.append('\n');
        });
        Files.writeString(out, tsv.toString(), StandardCharsets.UTF_8);
        return new Made(printed, misread, shown.size());
    }

    /** The characters, each between {@link #LEFT} and {@link #RIGHT} on a line of its own, black on white. */
    private static BufferedImage page(Font font, List<Integer> chars) {
        BufferedImage img = new BufferedImage(420, ROWS * ROW, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(25, 25, 25));
        g.setFont(font);
        for (int i = 0; i < chars.size(); i++) {
            g.drawString(LEFT + new String(Character.toChars(chars.get(i))) + RIGHT, 60, i * ROW + 62);
        }
        g.dispose();
        return img;
    }
}
