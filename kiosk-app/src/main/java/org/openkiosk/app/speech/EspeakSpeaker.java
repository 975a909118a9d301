package org.openkiosk.app.speech;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spoken prompts through espeak-ng (Debian package {@code espeak-ng}), Mandarin voice {@code cmn} for Chinese.
 * Runs as a child process so a hung synthesiser never blocks the screen; the previous prompt is stopped.
 */
public final class EspeakSpeaker implements Speaker {
    private static final Logger LOG = LoggerFactory.getLogger(EspeakSpeaker.class);
    private static final String BINARY = "espeak-ng";
    private Process playing;

    private EspeakSpeaker() {
    }

    /** The speaker, if espeak-ng is installed on this machine. */
    public static Optional<Speaker> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Path.of(dir, BINARY).toFile().canExecute()) {
                return Optional.of(new EspeakSpeaker());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void say(String text, Locale locale) {
        stop();
        try {
            playing = new ProcessBuilder(command(text, locale, null)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            LOG.warn("spoken prompt failed: {}", e.getMessage());
        }
    }

    @Override
    public void sayAll(List<String> pieces, Locale locale) {
        say(String.join(" ", pieces.stream().filter(p -> !p.isEmpty()).toList()), locale);
    }

    /** Writes the prompt to a WAV file instead of the loudspeaker (technicians' check, tests). */
    public static void render(String text, Locale locale, Path wav) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(text, locale, wav)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("espeak-ng could not render the prompt");
        }
    }

    private static List<String> command(String text, Locale locale, Path wav) {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-v", "en".equals(locale.getLanguage()) ? "en" : "cmn", "-s", "140"));
        if (wav != null) {
            cmd.add("-w");
            cmd.add(wav.toString());
        }
        cmd.add("--");
        cmd.add(text);
        return cmd;
    }

    @Override
    public synchronized void stop() {
        if (playing != null && playing.isAlive()) {
            playing.destroy();
        }
    }
}
