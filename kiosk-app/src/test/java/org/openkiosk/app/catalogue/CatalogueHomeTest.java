package org.openkiosk.app.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue's fields for the home screen, the signature and the social security card, read tolerantly. */
class CatalogueHomeTest {
    private static final String SERVICE = """
            {"id":"%s","department":"civil","name":{"zh":"%s"},"summary":{"zh":"某"},"promisedDays":1,"legalDays":1,
             "fee":{"zh":"免费"},"visits":0,"delivery":{"zh":"短信"},"lifeEvents":["退休"]%s,
             "materials":[{"id":"id-card","name":{"zh":"居民身份证"},"form":"ORIGINAL","copies":0,"note":{"zh":"刷卡"},
               "source":"ID_CARD_READ"}]}""";

    @Test
    void builtInCatalogueNamesItsHomeTilesAndMarksSignedAndSocialSecurityCardMatters() throws Exception {
        Catalogue c = Catalogue.builtIn();
        assertThat(c.homeMatters()).extracting(Matter::id).startsWith("pension-enrol", "old-age-allowance");
        assertThat(c.homeLifeEvents()).containsExactly("出生", "入学", "就业", "结婚", "退休", "身后");
        assertThat(c.matter("old-age-allowance").orElseThrow().signature()).isTrue();
        assertThat(c.matter("pension-enrol").orElseThrow().signature()).isFalse();
        assertThat(c.matter("pension-enrol").orElseThrow().ssCard()).isTrue();
        assertThat(c.matter("residence-permit").orElseThrow().ssCard()).isFalse();
        // a bundle is signed when any of its services is, and takes the social security card only when all do
        Matter retirement = c.matter("retirement-bundle").orElseThrow();
        assertThat(retirement.signature()).isTrue();
        assertThat(retirement.ssCard()).isFalse();
        assertThat(c.matter("police-unknown")).isEmpty();
        assertThat(c.matter("old-age-allowance").orElseThrow().icon()).isEqualTo("civil");
    }

    @Test
    void aFileWithoutTheNewFieldsStillLoadsAndUnknownHomeIdsAreLeftOut(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), """
                {"departments":[{"id":"civil","name":{"zh":"民政局"}}],
                 "services":[%s, %s],
                 "home":{"matters":["gone","b"],"lifeEvents":["结婚","退休"],"somethingNew":true}}
                """.formatted(SERVICE.formatted("a", "甲事项", ""),
                SERVICE.formatted("b", "乙事项", ",\"signature\":true,\"ssCard\":true,\"icon\":\"form\"")));
        Catalogue c = Catalogue.fromDirectory(dir);
        assertThat(c.matter("a").orElseThrow().signature()).isFalse();
        assertThat(c.matter("a").orElseThrow().ssCard()).isFalse();
        assertThat(c.matter("b").orElseThrow().signature()).isTrue();
        assertThat(c.matter("b").orElseThrow().icon()).isEqualTo("form");
        assertThat(c.homeMatters()).extracting(Matter::id).containsExactly("b");
        assertThat(c.homeLifeEvents()).as("only events some matter belongs to").containsExactly("退休");

        Files.writeString(dir.resolve("a.json"), """
                {"departments":[{"id":"civil","name":{"zh":"民政局"}}], "services":[%s]}
                """.formatted(SERVICE.formatted("a", "甲事项", "")));
        Catalogue plain = Catalogue.fromDirectory(dir);
        assertThat(plain.homeMatters()).isEmpty();
        assertThat(plain.homeLifeEvents()).containsExactly("退休");
    }
}
