package org.openkiosk.app.cli;

import java.util.Map;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.diag.DeviceInventory;
import org.openkiosk.app.diag.DeviceInventory.Inventory;
import org.openkiosk.sync.api.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kiosk devices [--json]}: the serial ports, PC/SC readers, cameras and printers this machine offers, each
 * with the role the configuration gives it. Opens no device, so it is safe while the kiosk session runs.
 */
@Command(name = "devices", description = "serial ports, PC/SC readers, cameras and printers found here, with the configured role of each")
final class DevicesCommand extends CliCommand {
    @Option(names = "--json", description = "print {\"serialPorts\", \"pcscReaders\", \"pcscProblem\", \"cameras\", \"printers\"}")
    boolean json;

    DevicesCommand(Streams streams) {
        super(streams);
    }

    @Override
    public Integer call() throws Exception {
        KioskConfig config = options.config();
        Inventory inv = DeviceInventory.scan(config, Map.of());
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(inv));
        } else {
            out.println("serial ports:");
            inv.serialPorts().forEach(p -> out.printf("  %-28s %-8s %s%s%n", p.path(), p.present() ? "present" : "MISSING",
                    p.description(), p.role() == null ? "" : "  [" + p.role() + "]"));
            out.println("PC/SC readers:" + (inv.pcscProblem() != null ? " none (" + inv.pcscProblem() + ")"
                    : inv.pcscReaders().isEmpty() ? " none" : ""));
            inv.pcscReaders().forEach(r -> out.println("  " + r));
            out.println("cameras:");
            inv.cameras().forEach(c -> out.printf("  %-28s %-8s%s%n", c.source(), c.present() ? "present" : "MISSING",
                    c.role() == null ? "" : "  [" + c.role() + "]"));
            out.println("printers:");
            inv.printers().forEach(p -> out.printf("  %-8s %-28s %-8s%s%n", p.kind(), p.address(),
                    p.present() ? "present" : "MISSING", p.role() == null ? "" : "  [" + p.role() + "]"));
        }
        out.flush();
        return 0;
    }
}
