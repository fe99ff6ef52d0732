package dev.tiered.connect.faults.secrets;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log event of the test JVM while open, as text with its full stack trace: a log4j2 appender added to every
 * logger (the pack's plugin class loaders log through the worker's SLF4J/log4j2) and a java.util.logging handler (where
 * pgjdbc logs). Kafka and Connect are raised to INFO and the pack to DEBUG for the duration, so that the capture holds
 * what an operator's default logs would (the console still shows WARN and above only); the test services' own loggers
 * (s3proxy, jclouds, embedded PostgreSQL) keep their levels.
 */
public final class LogCapture implements AutoCloseable {

    private static final String APPENDER = "secrets-scan";
    private static final List<String> INFO_LOGGERS = List.of("", "org.apache.kafka", "kafka", "state.change.logger",
            "org.apache.kafka.connect", "org.postgresql", "software.amazon.awssdk", "org.apache.parquet");
    private static final List<String> DEBUG_LOGGERS = List.of("dev.tiered.connect");

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final Map<String, Level> originalLevels = new HashMap<>();
    private final Map<LoggerConfig, List<Appender>> quietedAppenders = new HashMap<>();
    private final AbstractAppender appender;
    private final Handler julHandler;

    private LogCapture() {
        appender = new AbstractAppender(APPENDER, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " [" + event.getThreadName() + "] " + event.getLoggerName() + " - "
                        + event.getMessage().getFormattedMessage() + stackTrace(event.getThrown()));
            }
        };
        julHandler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getParameters() != null && message != null) {
                    message = java.text.MessageFormat.format(message, record.getParameters());
                }
                lines.add(record.getLevel() + " (jul) " + record.getLoggerName() + " - " + message
                        + stackTrace(record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** Starts capturing. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.addAppender(capture.appender);
        for (String name : INFO_LOGGERS) {
            capture.setLevel(configuration, name, Level.INFO);
        }
        for (String name : DEBUG_LOGGERS) {
            capture.setLevel(configuration, name, Level.DEBUG);
        }
        // The raised levels are for the capture only: the console (the test's output) keeps showing WARN and above.
        List<LoggerConfig> loggers = new ArrayList<>(configuration.getLoggers().values());
        loggers.add(configuration.getRootLogger());
        for (LoggerConfig logger : loggers) {
            for (Appender existing : List.copyOf(logger.getAppenders().values())) {
                logger.removeAppender(existing.getName());
                logger.addAppender(existing, Level.WARN, null);
                capture.quietedAppenders.computeIfAbsent(logger, any -> new ArrayList<>()).add(existing);
            }
        }
        // Events reach the root's appenders through additivity; loggers that stop it get the appender themselves.
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            if (!logger.isAdditive() && !logger.getName().isEmpty()) {
                logger.addAppender(capture.appender, Level.ALL, null);
            }
        }
        configuration.getRootLogger().addAppender(capture.appender, Level.ALL, null);
        context.updateLoggers();
        java.util.logging.Logger.getLogger("").addHandler(capture.julHandler);
        return capture;
    }

    private void setLevel(Configuration configuration, String name, Level level) {
        LoggerConfig logger = configuration.getLoggerConfig(name);
        if (!logger.getName().equals(name)) {
            logger = new LoggerConfig(name, level, true);
            configuration.addLogger(name, logger);
            originalLevels.put(name, null);
        } else {
            originalLevels.put(name, logger.getLevel());
        }
        logger.setLevel(level);
    }

    /** A snapshot of the lines captured so far. */
    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** Stops capturing and restores the log levels. */
    @Override
    public void close() {
        java.util.logging.Logger.getLogger("").removeHandler(julHandler);
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            logger.removeAppender(APPENDER);
        }
        configuration.getRootLogger().removeAppender(APPENDER);
        quietedAppenders.forEach((logger, appenders) -> appenders.forEach(existing -> {
            logger.removeAppender(existing.getName());
            logger.addAppender(existing, null, null);
        }));
        originalLevels.forEach((name, level) -> {
            if (level == null) {
                configuration.removeLogger(name);
            } else {
                configuration.getLoggerConfig(name).setLevel(level);
            }
        });
        context.updateLoggers();
        appender.stop();
    }

    private static String stackTrace(Throwable thrown) {
        if (thrown == null) {
            return "";
        }
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return "\n" + text;
    }
}
