package dev.tiered.connect.quickstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The quickstart's command line. {@code --duration} is another way to say how many events: the generator produces
 * {@code rate x duration} events at {@code rate}, and the quickstart exits once they are reported.
 */
record QuickstartOptions(
        long events,
        Optional<Duration> duration,
        double rate,
        double hotShare,
        Path dataDir,
        int restPort,
        Duration flushInterval,
        double cdcRate,
        Optional<Path> archive,
        Optional<Path> examples,
        boolean exitWhenDone) {

    static final long DEFAULT_EVENTS = 40_000;
    static final double DEFAULT_RATE = 1_000;

    static final String USAGE = """
            Usage: ./quickstart.sh [options]
                   ./quickstart.sh inspect <file.parquet> [--rows N]

            Runs the whole Tiered Connect pipeline on this machine (no Docker): a Kafka broker, 2 Connect workers with the
            component archive unpacked on their plugin.path, s3proxy on the local filesystem, PostgreSQL under live
            writes, and the connectors from config-examples/ created through the Connect REST API. Prints progress, then
            a report with the cost at 1 billion events/day.

            Options:
              --events N          reference events to generate (default %d)
              --duration D        generate for D at --rate instead (e.g. 45s, 2m), then exit after the report
              --rate R            events per second, 0 for as fast as possible (default %.0f)
              --hot-share F       share of events that are hot, 0..1 (default 0.05)
              --data-dir DIR      where plugins, S3 objects (Parquet), logs and report.json go (default ./quickstart-data;
                                  a previous quickstart's data there is replaced)
              --rest-port P       port of the Connect REST API on localhost (default 8083)
              --flush-seconds S   the S3 sink's freshness bound, rotate.schedule.interval.ms (default 5)
              --cdc-rate R        changes per second the background writer makes in PostgreSQL (default 20)
              --archive ZIP       the component archive (default packaging/target/tiered-connect-*.zip)
              --examples DIR      the connector configurations (default config-examples/, else the archive's etc/)
              --exit-when-done    shut down right after the report instead of keeping the REST API up until Ctrl-C
              --help              this text
            """.formatted(DEFAULT_EVENTS, DEFAULT_RATE);

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message for the user. */
    static QuickstartOptions parse(String... args) {
        long events = DEFAULT_EVENTS;
        boolean eventsGiven = false;
        Duration duration = null;
        double rate = DEFAULT_RATE;
        double hotShare = 0.05;
        Path dataDir = Paths.get("quickstart-data");
        int restPort = 8083;
        Duration flush = Duration.ofSeconds(5);
        double cdcRate = 20;
        Path archive = null;
        Path examples = null;
        boolean exitWhenDone = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--exit-when-done" -> exitWhenDone = true;
                case "--events" -> {
                    events = positiveLong(option, value(args, ++i, option));
                    eventsGiven = true;
                }
                case "--duration" -> duration = duration(value(args, ++i, option));
                case "--rate" -> rate = number(option, value(args, ++i, option), 0, 1_000_000);
                case "--hot-share" -> hotShare = number(option, value(args, ++i, option), 0, 1);
                case "--data-dir" -> dataDir = Paths.get(value(args, ++i, option));
                case "--rest-port" -> restPort = (int) number(option, value(args, ++i, option), 1, 65535);
                case "--flush-seconds" -> flush = Duration.ofMillis(
                        Math.round(1000 * number(option, value(args, ++i, option), 0.1, 3600)));
                case "--cdc-rate" -> cdcRate = number(option, value(args, ++i, option), 0, 1000);
                case "--archive" -> archive = existing(option, value(args, ++i, option));
                case "--examples" -> examples = existing(option, value(args, ++i, option));
                default -> throw new IllegalArgumentException("Unknown option '" + option + "' (see --help)");
            }
        }
        if (duration != null) {
            if (eventsGiven) {
                throw new IllegalArgumentException("Give --events or --duration, not both");
            }
            if (rate == 0) {
                throw new IllegalArgumentException("--duration needs a --rate above 0");
            }
            events = Math.max(1, Math.round(rate * duration.toMillis() / 1000.0));
        }
        return new QuickstartOptions(events, Optional.ofNullable(duration), rate, hotShare,
                dataDir.toAbsolutePath().normalize(), restPort, flush, cdcRate, Optional.ofNullable(archive),
                Optional.ofNullable(examples), exitWhenDone || duration != null);
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long unit = switch (t.charAt(t.length() - 1)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                default -> 0;
            };
            Duration d = unit == 0 ? Duration.ofSeconds(Long.parseLong(t))
                    : Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * unit);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("--duration must be positive, was '" + text + "'");
            }
            return d;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--duration: expected e.g. 90, 90s, 2m or 1h, was '" + text + "'");
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value (see --help)");
        }
        return args[index];
    }

    private static long positiveLong(String option, String text) {
        try {
            long value = Long.parseLong(text.replace("_", ""));
            if (value < 1) {
                throw new IllegalArgumentException(option + " must be at least 1, was " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected a whole number, was '" + text + "'");
        }
    }

    private static double number(String option, String text, double min, double max) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected a number, was '" + text + "'");
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(option + " must be in [" + min + ", " + max + "], was " + text);
        }
        return value;
    }

    private static Path existing(String option, String text) {
        Path path = Paths.get(text).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(option + ": " + path + " does not exist");
        }
        return path;
    }
}
