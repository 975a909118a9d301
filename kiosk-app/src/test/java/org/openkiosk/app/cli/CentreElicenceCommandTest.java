package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./kiosk centre elicence import} (issue 19): e-licences from another system, a CSV and a folder of PDFs. */
class CentreElicenceCommandTest {

    @TempDir
    Path centreDir;
    @TempDir
    Path folder;

    private final CliRun kiosk = CliRun.lastRunOnly();

    @Test
    void importsTheRowsOnceAndRefusesAFileWithABadRowWhole() throws Exception {
        Files.write(folder.resolve("a.pdf"), "%PDF-1.4 licence".getBytes());
        Files.writeString(folder.resolve("ok.csv"), """
                type,number,id_number,issuer,issued_on,valid_until,file
                营业执照,92110105MA0001,110105199003071234,某区市场监督管理局,2025-03-01,,a.pdf
                """);
        assertThat(kiosk.run("centre", "elicence", "import", "--data", centreDir.toString(), "--csv",
                folder.resolve("ok.csv").toString(), "--folder", folder.toString())).as(kiosk.err()).isZero();
        assertThat(kiosk.out()).contains("registered 营业执照 92110105MA0001").contains("1 e-licence(s) registered");
        assertThat(kiosk.run("centre", "elicence", "import", "--data", centreDir.toString(), "--csv",
                folder.resolve("ok.csv").toString(), "--folder", folder.toString())).isZero();
        assertThat(kiosk.out()).contains("0 e-licence(s) registered");

        Files.writeString(folder.resolve("bad.csv"), """
                type,number,id_number,issuer,issued_on,valid_until,file
                营业执照,92110105MA0002,110105199003071234,局,2025-03-01,,a.pdf
                营业执照,92110105MA0003,110105199003071234,局,2025-03-01,,missing.pdf
                """);
        assertThat(kiosk.run("centre", "elicence", "import", "--data", centreDir.toString(), "--csv",
                folder.resolve("bad.csv").toString(), "--folder", folder.toString())).isEqualTo(1);
        assertThat(kiosk.err()).contains("line 3: file missing.pdf is not in").contains("nothing imported")
                .doesNotContain("\tat ");
        assertThat(kiosk.run("centre", "elicence", "import", "--data", centreDir.toString())).isEqualTo(2);
        assertThat(kiosk.err()).contains("--csv");
    }
}
