package org.openkiosk.app.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's log as a file, for the technician screen and the diagnostic bundle. Logback (configured by
 * {@code logback.xml}) writes every line, redacted, to standard error. Installed as a service, standard error already
 * is a file ({@code /var/log/openkiosk/kiosk.log}, rotated by logrotate), so nothing is added. Run by hand
 * ({@code ./kiosk}, {@code ./kiosk demo}), standard error is a terminal: the same lines then also go to
 * {@code DATA/logs/kiosk.log}, rolled over at {@value #ROLL_MB} MB with {@value #KEEP} older files kept
 * ({@code kiosk.log.1} is the newest of them).
 */
final class KioskLog {
    static final int ROLL_MB = 2;
    static final int KEEP = 3;
    static final String APPENDER = "kiosk-file";

    private KioskLog() {
    }

    /** Also logs to {@code dir/kiosk.log} unless standard error already goes to a file. */
    static void keepUnder(Path dir) {
        try {
            Path stderr = Path.of("/proc/self/fd/2");
            if (Files.exists(stderr) && Files.isRegularFile(stderr.toRealPath())) {
                return; // a service's log file already
            }
            rollingFile(dir.resolve("kiosk.log"), FileSize.valueOf(ROLL_MB + "MB"));
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("kiosk: no log file in " + dir + ": " + e.getMessage() + " (logging to the terminal only)");
        }
    }

    /**
     * Adds (once) a rolling file appender at {@code file} to the root logger, with the line format of
     * {@code logback.xml}: rolled over past {@code limit}, {@value #KEEP} older files kept.
     */
    static void rollingFile(Path file, FileSize limit) throws java.io.IOException {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: it logs where it is configured to
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) != null) {
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        String line = context.getProperty("KIOSK_LOG_LINE");

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file.toString());

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEEP);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(limit);
        // the size is looked at on every event, as the hand-written copy did (Logback's default: once a minute)
        trigger.setCheckIncrement(Duration.buildByMilliseconds(0));
        trigger.start();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(line == null ? "%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %level %logger - %msg%n%ex" : line);
        encoder.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
    }

    /** Stops logging to the file {@link #rollingFile} added, closing it. */
    static void stopFile() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            var appender = root.getAppender(APPENDER);
            if (appender != null) {
                root.detachAppender(appender);
                appender.stop();
            }
        }
    }
}
