package org.openkiosk.centre.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.centre.CentreServer;
import org.openkiosk.centre.ElicenceFixture;
import org.openkiosk.centre.core.ElicenceImport;
import org.openkiosk.sync.api.HeldMaterials;

/** E-licences and reused documents on the embedded database: the round trips and the import. */
class ElicenceTest {

    @TempDir
    Path dataDir;
    private CentreServer centre;
    private ElicenceFixture f;

    @BeforeEach
    void start() {
        centre = CentreServer.start(dataDir, 0);
        f = new ElicenceFixture(centre);
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    @Test
    void issuedBusinessLicenceIsReferredToByALaterApplication() throws Exception {
        ElicenceRoundTrip.issuedLicenceIsReferredToLater(f);
    }

    @Test
    void householdRegisterGivenAtAnotherKioskIsReusedWithConsent() throws Exception {
        ElicenceRoundTrip.documentGivenAtOneKioskIsReusedAtAnother(f);
    }

    @Test
    void importsLicencesFromCsvAndPdfsAndReportsEveryBadRow(@TempDir Path folder) throws Exception {
        Files.write(folder.resolve("a.pdf"), "%PDF-1.4 licence a".getBytes());
        Files.write(folder.resolve("b.pdf"), "%PDF-1.4 licence b".getBytes());
        Files.write(folder.resolve("not.pdf"), "<html>".getBytes());
        Path csv = folder.resolve("licences.csv");
        Files.writeString(csv, """
                type,number,id_number,issuer,issued_on,valid_until,file
                营业执照,92110105MA0001,110105199003071234,"某区市场监督管理局, 登记科",2025-03-01,,a.pdf
                结婚证明,J2025-0007,110105199003071234,某区民政局,2025-05-20,2030-05-19,b.pdf
                """);
        try (CentreServer.Parts parts = CentreServer.Parts.open(dataDir.resolve("other"))) {
            assertThat(parts.importElicences(csv, folder)).containsExactly("营业执照 92110105MA0001", "结婚证明 J2025-0007");
            assertThat(parts.importElicences(csv, folder)).as("registered once").isEmpty();

            Path bad = folder.resolve("bad.csv");
            Files.writeString(bad, """
                    type,number,id_number,issuer,issued_on,valid_until,file
                    营业执照,X1,12345,局,2025-13-01,,../a.pdf
                    营业执照,X2,110105199003071234,局,2025-01-01,,not.pdf
                    """);
            assertThatThrownBy(() -> parts.importElicences(bad, folder))
                    .isInstanceOf(ElicenceImport.ImportException.class)
                    .hasMessageContaining("line 2: id_number").hasMessageContaining("line 2: issued_on")
                    .hasMessageContaining("../a.pdf is not a file name").hasMessageContaining("line 3: file not.pdf is not a PDF");
        }
    }

    @Test
    void importedLicenceIsOfferedToItsHolderOnly() throws Exception {
        Path folder = Files.createDirectories(dataDir.resolve("import"));
        Files.write(folder.resolve("a.pdf"), "%PDF-1.4 licence a".getBytes());
        Files.writeString(folder.resolve("l.csv"), """
                type,number,id_number,issuer,issued_on,valid_until,file
                营业执照,92110105MA0002,110105199003071234,某区市场监督管理局,2025-03-01,,a.pdf
                """);
        centre.close();
        try (CentreServer.Parts parts = CentreServer.Parts.open(dataDir)) {
            parts.importElicences(folder.resolve("l.csv"), folder);
        }
        centre = CentreServer.start(dataDir, 0);
        f = new ElicenceFixture(centre);
        String kiosk = f.enrol("K0301");
        HeldMaterials held = f.held(f.lookup(kiosk, f.cardSession(kiosk, ElicenceFixture.HOLDER),
                "individual-business-change", ElicenceFixture.HOLDER, false));
        assertThat(held.held()).extracting(HeldMaterials.Held::number).containsExactly("92110105MA0002");
        assertThat(f.held(f.lookup(kiosk, f.cardSession(kiosk, ElicenceFixture.OTHER_HOLDER),
                "individual-business-change", ElicenceFixture.OTHER_HOLDER, false)).held()).isEmpty();
        assertThat(List.of(held.consent())).containsExactly(false);
    }
}
