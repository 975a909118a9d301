package org.openkiosk.app.catalogue;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

/**
 * Pinyin for the kiosk, from pinyin4j's dictionary: a text's initials (城乡居民 → cxjm) for searching, and the
 * characters a syllable can stand for, for the on-screen pinyin keyboard. Candidates come from the 3,755
 * level-1 characters of GB 2312 (the everyday ones), in that standard's order.
 */
public final class Pinyin {
    private static final HanyuPinyinOutputFormat FORMAT = new HanyuPinyinOutputFormat();
    private static volatile Map<String, List<Character>> candidates;

    static {
        FORMAT.setCaseType(HanyuPinyinCaseType.LOWERCASE);
        FORMAT.setToneType(HanyuPinyinToneType.WITHOUT_TONE);
        FORMAT.setVCharType(HanyuPinyinVCharType.WITH_V);
    }

    private Pinyin() {
    }

    /** Every reading of one character, toneless (ü as v); empty for a non-Chinese character. */
    public static List<String> readings(char c) {
        try {
            String[] r = PinyinHelper.toHanyuPinyinStringArray(c, FORMAT);
            if (r == null) {
                return List.of();
            }
            return List.copyOf(new LinkedHashSet<>(List.of(r)));
        } catch (BadHanyuPinyinOutputFormatCombination e) {
            throw new IllegalStateException(e);
        }
    }

    /** The initials of a text: the first letter of each character's first reading; letters and digits kept. */
    public static String initials(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            List<String> r = readings(c);
            if (!r.isEmpty()) {
                b.append(r.get(0).charAt(0));
            } else if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    /** Characters read as {@code syllable} (e.g. "zhang" → 张 章 长 ...), everyday ones only. */
    public static List<Character> candidates(String syllable) {
        return table().getOrDefault(syllable.toLowerCase(Locale.ROOT), List.of());
    }

    /** The syllables starting with {@code prefix}, so a half-typed syllable already offers characters. */
    public static List<Character> candidatesForPrefix(String prefix, int max) {
        Set<Character> out = new LinkedHashSet<>(candidates(prefix));
        for (Map.Entry<String, List<Character>> e : ((TreeMap<String, List<Character>>) table()).tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix) || out.size() >= max) {
                break;
            }
            out.addAll(e.getValue());
        }
        return new ArrayList<>(out).subList(0, Math.min(max, out.size()));
    }

    private static Map<String, List<Character>> table() {
        Map<String, List<Character>> t = candidates;
        if (t == null) {
            synchronized (Pinyin.class) {
                if (candidates == null) {
                    candidates = build();
                }
                t = candidates;
            }
        }
        return t;
    }

    private static Map<String, List<Character>> build() {
        Charset gb2312 = Charset.forName("GB2312");
        TreeMap<String, List<Character>> t = new TreeMap<>();
        byte[] code = new byte[2];
        for (int hi = 0xB0; hi <= 0xD7; hi++) {
            for (int lo = 0xA1; lo <= 0xFE; lo++) {
                if (hi == 0xD7 && lo > 0xF9) {
                    break;
                }
                code[0] = (byte) hi;
                code[1] = (byte) lo;
                String s = new String(code, gb2312);
                if (s.length() != 1) {
                    continue;
                }
                char c = s.charAt(0);
                for (String r : readings(c)) {
                    t.computeIfAbsent(r, k -> new ArrayList<>()).add(c);
                }
            }
        }
        return t;
    }
}
