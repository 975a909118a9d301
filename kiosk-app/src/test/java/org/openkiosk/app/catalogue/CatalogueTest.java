package org.openkiosk.app.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTest {
    @Test
    void builtInCatalogueOffersRealServicesAcrossDepartments() throws Exception {
        Catalogue c = Catalogue.builtIn();
        assertThat(c.services()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(c.services().stream().map(Service::department).distinct()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(c.services()).extracting(s -> s.name().zh())
                .contains("城乡居民基本养老保险参保登记", "居住证申领", "个体工商户设立登记", "老年人优待证申领", "灵活就业人员参保登记");
        assertThat(c.matters().get(0).bundle()).isTrue();
    }

    @Test
    void everyMaterialIsNamedExactlyWithItsFormAndSource() throws Exception {
        for (Service s : Catalogue.builtIn().services()) {
            assertThat(s.materials()).as(s.id()).isNotEmpty();
            for (Material m : s.materials()) {
                assertThat(m.name().zh()).as(s.id() + "/" + m.id()).doesNotContain("相关").doesNotContain("等材料");
                assertThat(m.form()).isNotNull();
                assertThat(m.source()).isNotNull();
                assertThat(m.note().zh()).isNotBlank();
            }
        }
    }

    @Test
    void newbornBundleMergesServicesIntoOneFormWithSharedFieldsOnce() throws Exception {
        Matter newborn = Catalogue.builtIn().matter("newborn-bundle").orElseThrow();
        assertThat(newborn.services()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(newborn.fields()).extracting(FormField::id).doesNotHaveDuplicates().contains("phone", "babyName");
        assertThat(newborn.materials()).extracting(Material::id).doesNotHaveDuplicates()
                .contains("id-card", "birth-medical-certificate");
        assertThat(newborn.promisedDays()).isEqualTo(newborn.services().stream().mapToInt(Service::promisedDays).max().orElseThrow());
        long sharedFieldUses = newborn.services().stream().filter(s -> s.fields().stream().anyMatch(f -> f.id().equals("babyName"))).count();
        assertThat(sharedFieldUses).isGreaterThan(1);
    }

    @Test
    void refusesAVagueMaterialAndAnUnknownDepartment(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.json"), """
                {"departments":[{"id":"civil","name":{"zh":"民政局"}}],
                 "services":[{"id":"x","department":"nowhere","name":{"zh":"某事项"},"summary":{"zh":"某"},
                   "promisedDays":1,"legalDays":1,"fee":{"zh":"免费"},"visits":0,"delivery":{"zh":"短信"},
                   "materials":[{"id":"m","name":{"zh":"相关证明材料"},"form":"COPY","copies":1,"note":{"zh":"-"},"source":"CAPTURE"}]}]}
                """);
        assertThatThrownBy(() -> Catalogue.fromDirectory(dir)).isInstanceOf(CatalogueException.class)
                .hasMessageContaining("unknown department nowhere").hasMessageContaining("must name the exact material");
    }

    @Test
    void catalogueDirectoryReplacesTheBuiltInOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one.json"), """
                {"departments":[{"id":"civil","name":{"zh":"民政局","en":"Civil Affairs"}}],
                 "services":[{"id":"y","department":"civil","name":{"zh":"高龄津贴申领"},"summary":{"zh":"80岁以上"},
                   "promisedDays":10,"legalDays":20,"fee":{"zh":"免费"},"visits":0,"delivery":{"zh":"按月发放"},
                   "materials":[{"id":"id-card","name":{"zh":"居民身份证"},"form":"ORIGINAL","copies":0,"note":{"zh":"刷卡"},"source":"ID_CARD_READ"}]}]}
                """);
        Catalogue c = Catalogue.fromDirectory(dir);
        assertThat(c.matters()).extracting(Matter::id).isEqualTo(List.of("y"));
    }
}
