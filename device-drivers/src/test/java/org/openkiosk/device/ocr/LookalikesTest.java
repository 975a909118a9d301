package org.openkiosk.device.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table of standard characters the recogniser cannot write and what it reads for them. */
class LookalikesTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = LookalikesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void holdsTheRareNameCharactersTheBenchAndTheKioskPapersPrint() {
        assertThat(Lookalikes.shownFor("龚".codePointAt(0))).contains("䶮");
        assertThat(Lookalikes.shownFor("馄".codePointAt(0))).contains("焜");
        assertThat(Lookalikes.shownFor("臻".codePointAt(0))).contains("瑧");
        assertThat(Lookalikes.shownFor("张".codePointAt(0))).isEmpty();
    }

    @Test
    void everyCharacterShownIsAStandardOneTheModelCannotWriteAndEveryOneReadIsInItsDictionary() throws IOException {
        Set<Integer> dictionary = resource(PpOcr.KEYS).lines().filter(l -> !l.isEmpty()).map(l -> l.codePointAt(0))
                .collect(Collectors.toSet());
        Set<Integer> standard = resource(Lookalikes.STANDARD).lines().filter(l -> !l.startsWith("#"))
                .flatMap(l -> l.codePoints().boxed()).collect(Collectors.toSet());
        assertThat(standard).hasSize(8105);
        var rows = resource(Lookalikes.TABLE).lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(rows).hasSizeGreaterThan(500);
        for (String row : rows) {
            String[] cols = row.split("\t");
            assertThat(dictionary).as(row).contains(cols[0].codePointAt(0));
            cols[1].codePoints().forEach(c -> {
                assertThat(standard).as(row).contains(c);
                assertThat(dictionary).as(row).doesNotContain(c);
            });
        }
    }
}
