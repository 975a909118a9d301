package org.openkiosk.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.diag.DeviceInventory;
import org.openkiosk.app.diag.DiagBundle;
import org.openkiosk.app.diag.KioskDiagnostics;
import org.openkiosk.app.wiring.Kiosk;
import org.openkiosk.app.wiring.KioskRoot;
import org.openkiosk.device.DeviceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kiosk diag bundle --out FILE.zip}: versions, the configuration with secrets redacted, the device list, the
 * self-test results, the queue figures and the tail of the logs, in one zip for a technician to take away.
 */
@Command(name = "diag", subcommands = DiagCommand.Bundle.class, description = "diagnostics")
final class DiagCommand {

    @Command(name = "bundle", description = "a diagnostic bundle: versions, configuration (secrets redacted), devices,"
            + " self-test results, queue figures and recent log lines")
    static final class Bundle extends CliCommand {
        @Option(names = "--out", paramLabel = "FILE.zip", required = true, description = "the zip file to write")
        Path file;

        Bundle(Streams streams) {
            super(streams);
        }

        @Override
        public Integer call() throws Exception {
            if (!file.getFileName().toString().endsWith(".zip")) {
                throw new Main.UsageException("diag bundle: --out must name a .zip file, not '" + file + "'");
            }
            KioskConfig config = options.config();
            Path configFile = options.configPath();
            DiagBundle.Contents contents;
            try (Kiosk kiosk = KioskRoot.start(config)) {
                contents = kiosk.diagnostics().contents(configFile, Map.of());
            } catch (Exception e) {
                // the kiosk cannot be set up: still bundle what can be known without it, which is the point of a bundle
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                contents = new DiagBundle.Contents(config, configFile, KioskDiagnostics.versions(Main.version()),
                        DeviceInventory.scan(config, Map.of()),
                        List.of(DeviceStatus.failed("kiosk", "cannot set up the kiosk's devices: " + why)),
                        Map.of("error", "queue not read: " + why), Map.of(), DiagBundle.logFiles(config));
            }
            DiagBundle.write(file, contents);
            long failed = contents.selftest().stream().filter(s -> !s.ok()).count();
            out.println("wrote " + file + " (" + java.nio.file.Files.size(file) + " bytes; " + contents.selftest().size()
                    + " self-tests, " + failed + " failed; " + contents.logFiles().size() + " log file(s))");
            out.flush();
            return 0;
        }
    }
}
