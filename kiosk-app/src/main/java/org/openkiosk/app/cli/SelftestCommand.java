package org.openkiosk.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintStream;
import java.util.Deque;
import java.util.List;
import org.openkiosk.app.KioskContext;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.diag.KioskDiagnostics;
import org.openkiosk.device.DeviceStatus;

/**
 * {@code ./kiosk selftest [--json]}: builds the kiosk from its configuration and asks every configured device
 * for its {@link DeviceStatus}. Exit 0 when every device is ok, 1 otherwise. A device that cannot even be set
 * up is reported as a failed entry ({@code "device": "kiosk"}), never as a stack trace.
 *
 * <p>With {@code --json} the output is one JSON array, one object per device:
 * {@code {"device": "idcard", "ok": true, "detail": "..."}}; without it, one line per device for a technician.
 */
final class SelftestCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String usage() {
        return """
                  selftest [--json]   check every configured device (ID reader, camera, a page captured and
                                      read by OCR, printer); exit 0 when all are ok, 1 otherwise;
                                      --json prints [{"device","ok","detail"}, ...]
                """;
    }

    @Override
    public int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        Main.Options o = Main.Options.parse(args, List.of("--json"), List.of());
        if (o.hasRest()) {
            throw new Main.UsageException("selftest: unexpected argument '" + o.rest().get(0) + "'");
        }
        KioskConfig config = o.config();
        List<DeviceStatus> results;
        try (KioskContext context = KioskContext.start(config)) {
            results = KioskDiagnostics.selfTests(context);
        } catch (Exception e) {
            results = List.of(DeviceStatus.failed("kiosk", "cannot set up the kiosk's devices: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage())));
        }
        if (o.flag("--json")) {
            out.println(toJson(results));
        } else {
            for (DeviceStatus s : results) {
                out.printf("%-8s %-6s %s%n", s.device(), s.ok() ? "ok" : "FAILED", s.detail());
            }
        }
        out.flush();
        return results.stream().allMatch(DeviceStatus::ok) ? 0 : 1;
    }

    static String toJson(List<DeviceStatus> results) throws Exception {
        ArrayNode array = JSON.createArrayNode();
        for (DeviceStatus s : results) {
            array.addObject().put("device", s.device()).put("ok", s.ok()).put("detail", s.detail());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array);
    }
}
