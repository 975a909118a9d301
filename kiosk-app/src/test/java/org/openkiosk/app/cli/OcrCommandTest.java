package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./kiosk ocr} and {@code ./kiosk bench ocr}'s scoring, run in-process through {@link Main#run}. */
class OcrCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final CliRun kiosk = CliRun.keepingOutput();

    static Path bench() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("kiosk"))) {
            p = p.getParent();
        }
        assertThat(p).isNotNull();
        Path b = p.resolve("device-drivers/src/test/resources/ocr-sample"); // the few bench photographs the tests carry
        assertThat(b).isDirectory();
        return b;
    }

    @Test
    void aDoubtedValueIsPrintedWithItsOtherReadings() throws Exception {
        // a child's card printed 张小焜: PP-OCRv4 cannot write 焜 and reads 张小馄 without confidence
        Path card = Path.of(getClass().getResource("/papers/household-register-rare-name.jpg").toURI());
        assertThat(kiosk.run("ocr", "--json", card.toString())).isZero();
        JsonNode doc = JSON.readTree(kiosk.out().lines().findFirst().orElseThrow()).get("document");
        assertThat(doc.get("fields").get("name").asText()).isEqualTo("张小馄");
        assertThat(doc.get("readings").get("name").get("confidence").asDouble()).isLessThan(0.8);
        assertThat(doc.get("readings").get("name").get("otherReadings")).extracting(JsonNode::asText)
                .containsExactly("张小焜");
        assertThat(doc.get("readings").get("idNumber").has("otherReadings")).isFalse();
    }

    @Test
    void benchLookalikesTablesWhatTheModelReadsSurelyForCharactersItCannotWrite() throws Exception {
        Path table = dir.resolve("lookalikes.tsv");
        assertThat(kiosk.run("bench", "lookalikes", "--out", table.toString(), "--only", "瑧䶮焜")).isZero();
        assertThat(kiosk.out()).contains("9 printings"); // three characters in Hei, Ming and Kai
        List<String> rows = Files.readAllLines(table).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(rows).contains("臻\t瑧", "龚\t䶮")
                .allSatisfy(row -> assertThat(row.split("\t")[1]).containsAnyOf("瑧", "䶮", "焜"));
    }

    @Test
    void printsOneJsonLinePerImageAndAnErrorLineForAFileThatIsNotAnImage() throws Exception {
        Path notImage = dir.resolve("notes.jpg");
        Files.writeString(notImage, "this is not a picture");
        Path idCopy = bench().resolve("idcopy-003.jpg");
        Path page = bench().resolve("page-007.jpg");

        int code = kiosk.run("ocr", "--engine", "tesseract", "--json", idCopy.toString(), notImage.toString(),
                dir.resolve("missing.png").toString(), page.toString());

        assertThat(code).isEqualTo(1);
        List<String> lines = kiosk.out().lines().toList();
        assertThat(lines).hasSize(4);
        JsonNode id = JSON.readTree(lines.get(0));
        assertThat(id.get("file").asText()).isEqualTo(idCopy.toString());
        assertThat(id.get("text").asText()).contains("公民身份号码");
        assertThat(id.get("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(id.get("ms").asLong()).isPositive();
        assertThat(id.get("document").get("type").asText()).isEqualTo("id_card");
        assertThat(id.get("document").get("fields").get("idNumber").asText()).isEqualTo("530102196003051997");
        assertThat(id.get("document").get("fields").get("birthDate").asText()).isEqualTo("1960-03-05");
        assertThat(JSON.readTree(lines.get(1)).get("error").asText()).contains("not a readable image");
        assertThat(JSON.readTree(lines.get(2)).get("error").asText()).isEqualTo("no such file");
        JsonNode p = JSON.readTree(lines.get(3));
        assertThat(p.get("document").get("type").asText()).isEqualTo("generic");
        assertThat(p.get("quality").get("problem").asText()).isEqualTo("NONE");
        assertThat(kiosk.err()).contains("notes.jpg: not a readable image")
                .doesNotContain("Exception");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        assertThat(kiosk.run("ocr", "--json")).isEqualTo(2);
        assertThat(kiosk.run("ocr", "--engine", "abbyy", "--json", "x.jpg")).isEqualTo(2);
        assertThat(kiosk.err()).contains("ocr needs at least one IMAGE")
                .contains("--engine must be one of auto, paddle, tesseract").doesNotContain("Exception");
    }

    @Test
    void benchScoresJsonLinesLikeTheSharedScorer() throws Exception {
        Path img = bench().resolve("page-000.jpg");
        Path id = bench().resolve("idcopy-000.jpg");
        String truth = Files.readString(bench().resolve("page-000.txt"));
        ObjectMapper m = new ObjectMapper();
        String pageLine = m.createObjectNode().put("file", img.toString()).put("text", truth + "错").put("ms", 100).toString();
        var idNode = m.createObjectNode().put("file", id.toString()).put("ms", 300);
        var fields = idNode.putObject("document").put("type", "id_card").putObject("fields");
        m.readTree(bench().resolve("idcopy-000.json").toFile()).fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
        fields.put("name", "wrong");
        BenchCommand.Result r = BenchCommand.score(List.of(pageLine, idNode.toString()), 1024);
        assertThat(r.cer()).isGreaterThan(0).isLessThan(0.01);
        assertThat(r.fieldsOk()).isEqualTo(5);
        assertThat(r.fields()).isEqualTo(6);
        assertThat(r.medianMs()).isEqualTo(200.0);
        assertThat(r.prefilledText()).as("no trust decided (the Tesseract command's lines)").isEqualTo("-");

        var problems = idNode.putArray("problems");
        BenchCommand.Result trusted = BenchCommand.score(List.of(idNode.toString()), 1024);
        assertThat(trusted.prefilled()).as("no problem reported: every field would be filled in").isEqualTo(6);
        assertThat(trusted.prefilledWrong()).as("the wrong name among them, unchecked").isEqualTo(1);

        problems.addObject().put("field", "name").put("issue", "LOW_CONFIDENCE");
        BenchCommand.Result asked = BenchCommand.score(List.of(idNode.toString()), 1024);
        assertThat(asked.fieldsOk()).as("still counted as read wrong").isEqualTo(5);
        assertThat(asked.prefilled()).as("the doubted name is asked for, not filled in").isEqualTo(5);
        assertThat(asked.prefilledWrong()).isZero();
        assertThat(asked.prefilledText()).isEqualTo("5 (0 wrong)");
    }
}
