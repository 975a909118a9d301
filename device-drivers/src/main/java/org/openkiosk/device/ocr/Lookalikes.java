package org.openkiosk.device.ocr;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
 * ({@link #main}); it belongs to the model it was made with: a new recognition model is a new table
 * ({@code device-drivers/src/main/resources/ocr/lookalikes.tsv}).
 */
final class Lookalikes {
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

    private static List<String> lines(String resource) {
        try (InputStream in = Lookalikes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (!l.isBlank() && !l.startsWith("#")) {
                        out.add(l.strip());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines per image given to the engine: one detection for many characters. */
    private static final int ROWS = 12;
    private static final int ROW = 90;
    private static final String LEFT = "王";
    private static final String RIGHT = "华";

    /**
     * Makes the table: {@code java ... org.openkiosk.device.ocr.Lookalikes OUT.tsv}. Every standard character the
     * recogniser's dictionary lacks is printed between two common characters (王?华) in each typeface that has it,
     * and read by the default engine; where it is read as one other character at {@link #SURE} or more, that
     * character and the one shown go into the table.
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Set<Integer> known = new HashSet<>();
        for (String k : linesOf(PpOcr.KEYS)) {
            known.add(k.codePointAt(0));
        }
        List<Integer> unreadable = new ArrayList<>();
        for (String tier : lines(STANDARD)) {
            tier.codePoints().filter(c -> !known.contains(c)).forEach(unreadable::add);
        }
        Map<Integer, Set<Integer>> shown = new TreeMap<>();
        int printed = 0;
        int misread = 0;
        try (PaddleEngine engine = PaddleEngine.load()) {
            for (String name : FONTS) {
                Font font = new Font(name, Font.PLAIN, 44);
                if (!font.getFamily().equals(name)) {
                    throw new IllegalStateException("font " + name + " is not installed (fonts-wqy-zenhei, "
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
                        if (box == null) {
                            continue;
                        }
                        int[] text = box.text().codePoints().toArray();
                        if (text.length == 3 && text[0] == LEFT.codePointAt(0) && text[2] == RIGHT.codePointAt(0)
                                && text[1] != batch.get(i) && box.confidence() >= SURE) {
                            misread++;
                            shown.computeIfAbsent(text[1], k -> new java.util.TreeSet<>()).add(batch.get(i));
                        }
                    }
                }
                System.out.println(name + ": " + chars.size() + " characters printed");
            }
        }
        StringBuilder tsv = new StringBuilder("# read\tshown (standard characters PP-OCRv4 cannot read, read as the first at "
                + SURE + " or more; made by Lookalikes.main over " + printed + " printings, " + misread
                + " misread surely)\n");
        shown.forEach((read, set) -> {
            tsv.appendCodePoint(read).append('\t');
            set.forEach(tsv::appendCodePoint);
            tsv.append('\n');
        });
        Files.writeString(out, tsv.toString(), StandardCharsets.UTF_8);
        System.out.println(printed + " printings, " + misread + " read surely as another character; " + shown.size()
                + " characters in " + out);
    }

    private static List<String> linesOf(String resource) throws IOException {
        try (InputStream in = Lookalikes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isEmpty()) {
                    out.add(l);
                }
            }
            return out;
        }
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
