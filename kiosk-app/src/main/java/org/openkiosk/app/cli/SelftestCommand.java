package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.store.StoreKeyVault;
import org.openkiosk.app.wiring.Kiosk;
import org.openkiosk.app.wiring.KioskRoot;
import org.openkiosk.device.DeviceStatus;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kiosk selftest [--json]}: builds the kiosk from its configuration and asks every configured device
 * for its {@link DeviceStatus}. Exit 0 when every device is ok, 1 otherwise. A device that cannot even be set
 * up is reported as a failed entry ({@code "device": "kiosk"}), never as a stack trace.
 *
 * <p>With {@code --json} the output is one JSON array, one object per device:
 * {@code {"device": "idcard", "ok": true, "detail": "..."}}; without it, one line per device for a technician.
 * The last entry, {@code "store-key"}, says where the key of the residents' data is kept: sealed to the TPM, or,
 * with {@code "warning": true} (and {@code WARN} in the text), in plain in the data folder, where whoever copies
 * the folder has it. A warning does not change the exit code.
 */
@Command(name = "selftest", description = "check every configured device (ID reader, camera, a page captured and read by OCR, printer); exit 0 when all are ok, 1 otherwise; the last entry, store-key, warns (\"warning\": true) when the data key is not sealed to a TPM")
final class SelftestCommand extends CliCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "print [{\"device\",\"ok\",\"detail\"}, ...]")
    boolean json;

    SelftestCommand(Streams streams) {
        super(streams);
    }

    @Override
    public Integer call() throws Exception {
        KioskConfig config = options.config();
        List<DeviceStatus> results;
        try (Kiosk kiosk = KioskRoot.start(config)) {
            results = kiosk.diagnostics().selfTests();
        } catch (Exception e) {
            results = List.of(DeviceStatus.failed("kiosk", "cannot set up the kiosk's devices: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage())));
        }
        StoreKeyVault.Protection key = StoreKeyVault.protection(config.kiosk().dataDir(), config.store().tpm());
        if (json) {
            out.println(toJson(results, key));
        } else {
            for (DeviceStatus s : results) {
                out.printf("%-8s %-6s %s%n", s.device(), s.ok() ? "ok" : "FAILED", s.detail());
            }
            out.printf("%-8s %-6s %s%n", STORE_KEY, key.sealed() ? "ok" : "WARN", key.detail());
        }
        out.flush();
        return results.stream().allMatch(DeviceStatus::ok) ? 0 : 1;
    }

    static final String STORE_KEY = "store-key";

    static String toJson(List<DeviceStatus> results, StoreKeyVault.Protection key) throws Exception {
        ArrayNode array = JSON.createArrayNode();
        for (DeviceStatus s : results) {
            array.addObject().put("device", s.device()).put("ok", s.ok()).put("detail", s.detail());
        }
        ObjectNode entry = array.addObject().put("device", STORE_KEY).put("ok", true).put("detail", key.detail());
        if (!key.sealed()) {
            entry.put("warning", true);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array);
    }
}
