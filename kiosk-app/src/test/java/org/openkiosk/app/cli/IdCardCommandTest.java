package org.openkiosk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openkiosk.device.idcard.CardType;
import org.openkiosk.device.idcard.IdCard;
import org.openkiosk.device.idcard.sim.IdCardSimulator;
import org.openkiosk.device.io.serial.VirtualSerialPair;
import org.openkiosk.device.sscard.sim.VirtualSocialSecurityCard;

/** {@code ./kiosk idcard ...} end to end: Main.run in-process, the real drivers, the simulators on real media. */
class IdCardCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SSCARD_SCRIPT = Path.of("../device-drivers/src/test/pcsc/sscard_vicc.py");
    private static VirtualSocialSecurityCard pcsc;

    @TempDir
    Path dir;

    private VirtualSerialPair pair;
    private IdCardSimulator sim;
    private final CliRun kiosk = CliRun.keepingOutput();

    @BeforeEach
    void setUp() throws Exception {
        pair = VirtualSerialPair.create(dir, "idcard");
        sim = IdCardSimulator.start(pair.deviceEnd(), 115200);
    }

    @AfterEach
    void tearDown() {
        sim.close();
        pair.close();
    }

    @AfterAll
    static void stopPcsc() {
        if (pcsc != null) {
            pcsc.close();
        }
    }

    @Test
    void readPrintsOneJsonObjectWithExactlyTheDocumentedFields() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());

        int code = kiosk.run("idcard", "read", "--port", pair.driverEnd().toString(), "--baud", "115200", "--json");

        assertThat(code).as(kiosk.err()).isZero();
        assertThat(kiosk.out().strip().lines()).hasSize(1);
        JsonNode card = JSON.readTree(kiosk.out());
        List<String> fields = new ArrayList<>();
        card.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("cardType", "name", "sex", "nation", "birthDate", "address", "idNumber",
                "issuer", "validFrom", "validUntil", "idNumberValid", "ms");
        assertThat(card.get("cardType").asText()).isEqualTo("resident");
        assertThat(card.get("name").asText()).isEqualTo("张三丰");
        assertThat(card.get("sex").asText()).isEqualTo("男");
        assertThat(card.get("nation").asText()).isEqualTo("汉");
        assertThat(card.get("birthDate").asText()).isEqualTo("1985-04-12");
        assertThat(card.get("address").asText()).isEqualTo("湖北省丹江口市武当山特区太子坡路18号");
        assertThat(card.get("idNumber").asText()).isEqualTo(IdCardSimulator.sampleResident().idNumber());
        assertThat(card.get("issuer").asText()).isEqualTo("丹江口市公安局武当山分局");
        assertThat(card.get("validFrom").asText()).isEqualTo("2016-03-01");
        assertThat(card.get("validUntil").asText()).isEqualTo("2036-03-01");
        assertThat(card.get("idNumberValid").asBoolean()).isTrue();
        assertThat(card.get("ms").isIntegralNumber()).isTrue();
        assertThat(card.get("ms").asLong()).as("1295 bytes at 115200 baud take 112 ms").isGreaterThanOrEqualTo(100);
    }

    @Test
    void readShowsThePermitNumberOfAJCardAndLongTermValidity() throws Exception {
        sim.placeCard(new IdCard(CardType.HK_MACAO_TAIWAN_PERMIT, "林美", "女", "", LocalDate.of(1992, 2, 29),
                "上海市黄浦区中山东一路1号", "830000199202291226", "上海市公安局", LocalDate.of(2020, 1, 2), "长期",
                "12345678", false, null));

        assertThat(kiosk.run("idcard", "read", "--port", pair.driverEnd().toString(), "--json")).as(kiosk.err()).isZero();

        JsonNode card = JSON.readTree(kiosk.out());
        assertThat(card.get("cardType").asText()).isEqualTo("hk-macao-taiwan-permit");
        assertThat(card.get("permitNumber").asText()).isEqualTo("12345678");
        assertThat(card.get("validUntil").asText()).isEqualTo("长期");
        assertThat(card.get("sex").asText()).isEqualTo("女");
        assertThat(card.has("ms")).isTrue();
    }

    @Test
    void readReportsAWrongCheckCharacterInsteadOfHidingIt() throws Exception {
        IdCard s = IdCardSimulator.sampleResident();
        String wrong = s.idNumber().substring(0, 17) + (s.idNumber().endsWith("0") ? "1" : "0");
        sim.placeCard(new IdCard(s.cardType(), s.name(), s.sex(), s.nation(), s.birthDate(), s.address(), wrong,
                s.issuer(), s.validFrom(), s.validUntil(), null, true, s.photoWlt()));

        assertThat(kiosk.run("idcard", "read", "--port", pair.driverEnd().toString(), "--json")).isZero();

        assertThat(JSON.readTree(kiosk.out()).get("idNumberValid").asBoolean()).isFalse();
    }

    @Test
    void readWithoutACardSaysSoOnStderrAndFails() {
        int code = kiosk.run("idcard", "read", "--port", pair.driverEnd().toString(), "--wait", "1", "--json");

        assertThat(code).isEqualTo(1);
        assertThat(kiosk.out()).isEmpty();
        assertThat(kiosk.err()).contains("no card on the reader").contains(pair.driverEnd().toString())
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(kiosk.err().strip().lines()).hasSize(1);
    }

    @Test
    void readOnAPortThatIsNotThereFailsWithOneLine() {
        int code = kiosk.run("idcard", "read", "--port", dir.resolve("ttyUSB9").toString(), "--wait", "1");

        assertThat(code).isEqualTo(1);
        assertThat(kiosk.err()).contains("ttyUSB9").contains("does not exist").doesNotContain("\tat ");
    }

    @Test
    void readWithoutJsonPrintsOneFieldALineAndExplainsThePhoto() {
        sim.placeCard(IdCardSimulator.sampleResident());

        assertThat(kiosk.run("idcard", "read", "--port", pair.driverEnd().toString())).isZero();

        assertThat(kiosk.out()).contains("name: 张三丰").contains("validUntil: 2036-03-01")
                .contains("photo: 1024 bytes of WLT (decoding it needs the licensed library)");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(kiosk.run("idcard")).isEqualTo(2);
        assertThat(kiosk.run("idcard", "fly")).isEqualTo(2);
        assertThat(kiosk.run("idcard", "read", "--port", "x", "--baud", "fast")).isEqualTo(2);
        assertThat(kiosk.run("idcard", "read", "--pcsc", "--port", "x")).isEqualTo(2);
        assertThat(kiosk.run("idcard", "read", "--reader", "Gemalto")).isEqualTo(2);
        assertThat(kiosk.err()).contains("--baud needs a positive whole number, not 'fast'").doesNotContain("\tat ");
    }

    @Test
    void helpListsTheIdcardCommands() {
        assertThat(kiosk.run("help")).isZero();
        assertThat(kiosk.out()).contains("idcard read --port PATH").contains("idcard read --pcsc").contains("idcard watch")
                .contains("idcard bench");
    }

    @Test
    void watchPrintsPlacedAndRemovedOnePerLine() throws Exception {
        Thread hand = new Thread(() -> {
            try {
                Thread.sleep(300);
                sim.placeCard(IdCardSimulator.sampleResident());
                Thread.sleep(400);
                sim.removeCard();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        hand.start();

        int code = kiosk.run("idcard", "watch", "--port", pair.driverEnd().toString(), "--events", "2", "--seconds", "10");

        hand.join();
        assertThat(code).as(kiosk.err()).isZero();
        List<String> lines = kiosk.out().strip().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z placed");
        assertThat(lines.get(1)).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z removed");
    }

    @Test
    void watchWaitsForAnUnpluggedReaderAndCarriesOn() throws Exception {
        sim.placeCard(IdCardSimulator.sampleResident());
        Thread usb = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
                while (!kiosk.out().contains(" placed") && System.nanoTime() < deadline) {
                    Thread.sleep(20); // unplugged once the watch has the reader open and has seen the card
                }
                pair.vanish();
                sim.close();
                Thread.sleep(700);
                pair.reappear();
                sim = IdCardSimulator.start(pair.deviceEnd(), 115200);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        usb.start();

        int code = kiosk.run("idcard", "watch", "--port", pair.driverEnd().toString(), "--events", "2", "--seconds", "10");

        usb.join();
        assertThat(code).as(kiosk.err()).isZero();
        List<String> lines = kiosk.out().strip().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith(" placed");
        assertThat(lines.get(1)).as("the simulator came back without a card").endsWith(" removed");
        assertThat(kiosk.err()).contains("went away; waiting for it to come back").contains("is back").doesNotContain("\tat ");
    }

    @Test
    void watchOnAPortThatIsNotThereFailsAtOnce() {
        assertThat(kiosk.run("idcard", "watch", "--port", dir.resolve("ttyUSB9").toString(), "--seconds", "5")).isEqualTo(1);
        assertThat(kiosk.err()).contains("ttyUSB9").doesNotContain("\tat ");
    }

    @Test
    void watchStopsAfterTheGivenSecondsWhenNothingHappens() {
        assertThat(kiosk.run("idcard", "watch", "--port", pair.driverEnd().toString(), "--seconds", "1")).isZero();
        assertThat(kiosk.out()).isEmpty();
    }

    @Test
    void readsTheSimulatorsSampleCardWhenThePortIsSim() throws Exception {
        assertThat(kiosk.run("idcard", "read", "--port", "sim", "--json")).as(kiosk.err()).isZero();

        assertThat(JSON.readTree(kiosk.out()).get("name").asText()).isEqualTo("张三丰");
    }

    @Test
    void benchPrintsReadTimeBesideWireTimeAndTheirRatio() {
        assertThat(kiosk.run("idcard", "bench", "--reads", "3")).as(kiosk.err()).isZero();

        System.out.print(kiosk.out());
        assertThat(kiosk.out()).contains("wire time").contains("118.0 ms").contains("112.4 ms").contains("read time")
                .containsPattern("ratio\\s+\\d+\\.\\d{3}");
    }

    @Test
    void readPcscPrintsTheSocialSecurityCardAsJson() throws Exception {
        if (pcsc == null) {
            pcsc = VirtualSocialSecurityCard.start(SSCARD_SCRIPT);
        }
        pcsc.insert(VirtualSocialSecurityCard.sample());

        int code = kiosk.run("idcard", "read", "--pcsc", "--reader", VirtualSocialSecurityCard.READER, "--json");

        assertThat(code).as(kiosk.err()).isZero();
        JsonNode card = JSON.readTree(kiosk.out());
        List<String> fields = new ArrayList<>();
        card.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("cardType", "name", "sex", "nation", "birthDate", "birthPlace", "idNumber",
                "idNumberValid", "cardNumber", "cardId", "issueDate", "expiryDate", "reader", "ms");
        assertThat(card.get("cardType").asText()).isEqualTo("social-security");
        assertThat(card.get("name").asText()).isEqualTo("张三丰");
        assertThat(card.get("nation").asText()).isEqualTo("汉");
        assertThat(card.get("idNumber").asText()).isEqualTo(VirtualSocialSecurityCard.sample().idNumber());
        assertThat(card.get("idNumberValid").asBoolean()).isTrue();
        assertThat(card.get("expiryDate").asText()).isEqualTo("2029-03-15");
        assertThat(card.get("reader").asText()).isEqualTo(VirtualSocialSecurityCard.READER);
    }

    @Test
    void readPcscWithoutACardOrWithAForeignCardFailsWithOneLine() throws Exception {
        if (pcsc == null) {
            pcsc = VirtualSocialSecurityCard.start(SSCARD_SCRIPT);
        }
        pcsc.remove();
        assertThat(kiosk.run("idcard", "read", "--pcsc", "--reader", "Virtual PCD 00 00", "--wait", "1")).isEqualTo(1);
        assertThat(kiosk.err()).contains("no card in reader 'Virtual PCD 00 00'").contains("insert the social security card");

        pcsc.insertForeignCard();
        assertThat(kiosk.run("idcard", "read", "--pcsc", "--reader", "Virtual PCD 00 00", "--json")).isEqualTo(1);
        assertThat(kiosk.err()).contains("6A82 (file or application not found)").doesNotContain("\tat ");
        assertThat(kiosk.out()).isEmpty();
    }

    @Test
    void readPcscNamesTheReadersWhenTheAskedOneIsMissing() throws Exception {
        if (pcsc == null) {
            pcsc = VirtualSocialSecurityCard.start(SSCARD_SCRIPT);
        }
        assertThat(kiosk.run("idcard", "read", "--pcsc", "--reader", "ACS ACR39U", "--wait", "1")).isEqualTo(1);
        assertThat(kiosk.err()).contains("no PC/SC reader named 'ACS ACR39U'").contains("Virtual PCD 00 00");
    }
}
