package org.openkiosk.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openkiosk.app.config.KioskConfig;
import org.openkiosk.app.diag.DiagBundle;
import org.openkiosk.app.diag.RedactingConverter;
import org.openkiosk.app.wiring.Kiosk;
import org.openkiosk.app.wiring.KioskRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code ./kiosk [run]} and {@code ./kiosk demo}: the kiosk UI, on a display or headless. */
abstract class UiCommand extends CliCommand {

    @Option(names = "--smoke", description = "headless: wait for the home screen, print \"ready in N ms\", exit 0")
    boolean smoke;

    @Option(names = "--size", paramLabel = "WxH", converter = Size.Parser.class,
            description = "screen size, e.g. 1920x1080 (default) or 1080x1920 (portrait)")
    Size size = new Size(1920, 1080);

    @Option(names = "--screenshot", paramLabel = "FILE", description = "write the first frame of the home screen as PNG")
    Path screenshot;

    @Option(names = "--elderly", description = "start in elderly mode (larger type, higher contrast)")
    boolean elderly;

    @Option(names = "--fullscreen", description = "full screen instead of a window")
    boolean fullscreen;

    UiCommand(Streams streams) {
        super(streams);
    }

    /** The kiosk as configured (its own devices and centre), or the demo's simulated devices and embedded centre. */
    abstract boolean demo();

    @Override
    public Integer call() throws Exception {
        if (smoke) {
            UiLauncher.prepareHeadless(size.width(), size.height());
        }
        KioskConfig config = options.config();
        boolean full = demo() ? fullscreen : config.ui().fullscreen() || fullscreen;
        Path smokeData = null;
        if (demo()) {
            config = config.simulated();
            if (smoke) {
                smokeData = Files.createTempDirectory("kiosk-smoke-");
                config = config.withDataDir(smokeData);
            } else {
                config = config.withDataDir(config.kiosk().dataDir().resolve("demo"));
            }
        }
        UiOptions ui = new UiOptions(smoke, size.width(), size.height(), java.util.Optional.ofNullable(screenshot), elderly, full,
                options.configPath());
        RedactingConverter.use(DiagBundle.redactorFor(config));
        if (!smoke) {
            KioskLog.keepUnder(config.kiosk().dataDir().resolve("logs"));
        }
        try (Kiosk kiosk = KioskRoot.start(config)) {
            return UiLauncher.run(kiosk, ui, out, err);
        } finally {
            if (smokeData != null) {
                deleteTree(smokeData);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    @Command(name = "run", description = "start the kiosk UI as configured in kiosk.properties (the same as no command)")
    static final class Run extends UiCommand {
        Run(Streams streams) {
            super(streams);
        }

        @Override
        boolean demo() {
            return false;
        }
    }

    @Command(name = "demo", description = "embedded service centre + simulated devices + the kiosk UI")
    static final class Demo extends UiCommand {
        Demo(Streams streams) {
            super(streams);
        }

        @Override
        boolean demo() {
            return true;
        }
    }

    /** A screen's size in pixels. */
    record Size(int width, int height) {
        /** {@code WIDTHxHEIGHT}, each 320 to 7680. */
        static final class Parser implements ITypeConverter<Size> {
            @Override
            public Size convert(String text) {
                String[] parts = text.split("x");
                try {
                    int w = Integer.parseInt(parts[0]);
                    int h = Integer.parseInt(parts[1]);
                    if (parts.length == 2 && w >= 320 && h >= 320 && w <= 7680 && h <= 7680) {
                        return new Size(w, h);
                    }
                } catch (RuntimeException ignored) {
                    // reported below
                }
                throw new TypeConversionException("must be WIDTHxHEIGHT in pixels, e.g. 1920x1080, not '" + text + "'");
            }
        }
    }
}
