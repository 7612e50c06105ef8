package io.github.cognitomackerel.runtime;

import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.settings.FunctionEnvironment;
import io.github.cognitomackerel.runtime.internal.AwsClients;
import io.github.cognitomackerel.runtime.internal.config.Env;
import io.github.cognitomackerel.runtime.internal.run.EventTime;
import io.github.cognitomackerel.runtime.internal.run.Exporter;
import io.github.cognitomackerel.runtime.internal.Json;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;
import io.github.cognitomackerel.runtime.internal.MetricValue;
import io.github.cognitomackerel.runtime.internal.run.RunRequest;
import io.github.cognitomackerel.runtime.internal.run.RunResult;
import io.github.cognitomackerel.runtime.internal.run.Summary;
import io.github.cognitomackerel.runtime.internal.run.Window;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line: runs the same export as the Lambda function once, from a shell.
 *
 * <pre>
 * java -jar cognito-mackerel-metrics-runtime.jar --config-parameter NAME [--at INSTANT | --from INSTANT --to INSTANT]
 *     [--dry-run] [--help]
 * </pre>
 *
 * Region and credentials come from the environment when it has them, else (like endpoints) from the AWS SDK's default
 * chains. Exit status 0 when every value was
 * posted (or printed with {@code --dry-run}), 1 when the run failed (one line on stderr says why), 2 on bad usage.
 */
public final class Cli {

    /** Exit status of a successful run (and of {@code --help}). */
    public static final int OK = 0;
    /** Exit status of a failed run. */
    public static final int FAILED = 1;
    /** Exit status of bad usage. */
    public static final int USAGE = 2;

    /** How long a command-line run may keep retrying Mackerel. */
    static final Duration DEADLINE = Duration.ofMinutes(5);
    /** How long a range backfill may take (24 hours of a large pool is many batches). */
    static final Duration RANGE_DEADLINE = Duration.ofHours(1);

    static final String USAGE_TEXT = String.join(System.lineSeparator(),
            "Usage: java -jar cognito-mackerel-metrics-runtime.jar --config-parameter NAME"
                    + " [--at INSTANT | --from INSTANT --to INSTANT] [--dry-run] [--help]",
            "",
            "Reads the Amazon Cognito metrics of one user pool from CloudWatch and posts them to Mackerel as service",
            "metrics, configured by the SSM String parameter NAME (the same export the Lambda function runs).",
            "",
            "  --config-parameter NAME  the configuration parameter: the stack output ConfigParameterName (required)",
            "  --at INSTANT             export the lookback before this time, e.g. 2026-11-23T12:05:00Z (default:",
            "                           now)",
            "  --from INSTANT           with --to: export every period from this time (its period included) ...",
            "  --to INSTANT             ... to this one (its period left out), in one process, printing a progress",
            "                           line per chunk on stderr; Mackerel keeps 24 hours, so older periods are left",
            "                           out, and a range that is older still is refused",
            "  --dry-run                print the values as a JSON array on stdout instead of posting them",
            "                           (reads SSM and CloudWatch, not the API key)",
            "  --help                   print this help",
            "",
            "AWS region, credentials and endpoints come from the AWS SDK's default chains (AWS_REGION, AWS_PROFILE,",
            "AWS_ENDPOINT_URL, ...). " + FunctionEnvironment.CLI_LOG_LEVEL + "=DEBUG prints details on stderr.",
            "Exit status: 0 ok, 1 the run failed (the reason is on stderr), 2 bad usage.");

    /** A source of exporters whose resources the command line closes after its one run. */
    interface ExporterSource {
        /** Builds an exporter. */
        Exporter open(Clock clock);

        /** Releases what {@link #open} built. */
        void close();
    }

    private Cli() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /**
     * Runs the command line without exiting the JVM.
     *
     * @param args the arguments
     * @param out receives the dry run's JSON array, or the summary line of a successful run
     * @param err receives usage errors, the summary line of a failed run (or of a dry run), and debug lines
     * @param environment read for {@code COGNITO_MACKEREL_LOG_LEVEL}; AWS settings come from the SDK's default
     *     chains (process environment, system properties such as {@code aws.region} and {@code aws.endpointUrl},
     *     profile files)
     * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        return run(args, out, err, environment, Clock.systemUTC(), new DefaultExporterSource(environment));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment, Clock clock,
            ExporterSource exporters) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.println(USAGE_TEXT);
            err.flush();
            return USAGE;
        }
        if (options.help) {
            out.println(USAGE_TEXT);
            out.flush();
            return OK;
        }
        Log log = Log.to(err, Log.debugLevel(environment.get(FunctionEnvironment.CLI_LOG_LEVEL)));
        Instant started = clock.instant();
        // The exporter refuses it too; here it is bad usage (exit 2) rather than a failed run.
        String endOption = options.to != null ? "--to" : "--at";
        Instant end = options.to != null ? options.to : options.at;
        if (end != null && end.isAfter(started.plus(Exporter.MAX_CLOCK_SKEW))) {
            err.println("error: " + endOption + " " + end + " is in the future (now is "
                    + started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "): give a past instant");
            err.println();
            err.println(USAGE_TEXT);
            err.flush();
            return USAGE;
        }
        RunRequest request = options.from != null ? RunRequest.range(options.from, options.to)
                : RunRequest.backfill(options.at == null ? started : options.at);
        request = request.withDryRun(options.dryRun);
        Exporter.ChunkListener progress = options.from == null ? Exporter.ChunkListener.NONE
                : (chunk, done, total, posted) -> {
                    err.println(progressLine(chunk, done, total, posted, options.dryRun));
                    err.flush();
                };
        Duration budget = options.from != null ? RANGE_DEADLINE : DEADLINE;
        RunResult result;
        try {
            Exporter exporter = exporters.open(clock);
            result = exporter.run(options.configParameter, request, started.plus(budget), log, progress);
        } catch (RuntimeException e) {
            result = RunResult.failedBeforeStart("could not start: " + e.getMessage(), e,
                    Math.max(0, Duration.between(started, clock.instant()).toMillis()));
        } finally {
            try {
                exporters.close();
            } catch (RuntimeException e) {
                log.debug(() -> "closing the AWS clients failed: " + e);
            }
        }
        if (!result.ok()) {
            err.println(Summary.line(result));
            err.flush();
            return FAILED;
        }
        if (options.dryRun) {
            out.print(valuesJson(result.values()));
            out.flush();
            err.println(Summary.line(result));
            err.flush();
        } else {
            out.println(Summary.line(result));
            out.flush();
        }
        return OK;
    }

    /** {@code progress: 288/288 periods (100%), 13824 values posted, chunk 2026-11-23T00:00:00Z/...}. */
    static String progressLine(Window chunk, long done, long total, int posted, boolean dryRun) {
        return "progress: " + done + "/" + total + " periods (" + (total == 0 ? 100 : done * 100 / total) + "%), "
                + (dryRun ? "dry run, nothing posted" : posted + " values posted") + ", chunk " + chunk;
    }

    /** A JSON array with one value per line. */
    static String valuesJson(List<MetricValue> values) {
        if (values.isEmpty()) {
            return "[]" + System.lineSeparator();
        }
        StringBuilder json = new StringBuilder("[").append(System.lineSeparator());
        for (int i = 0; i < values.size(); i++) {
            Json.write(values.get(i).toMap(), json);
            json.append(i + 1 < values.size() ? "," : "").append(System.lineSeparator());
        }
        return json.append(']').append(System.lineSeparator()).toString();
    }

    /** The parsed arguments. */
    static final class Options {
        String configParameter;
        Instant at;
        Instant from;
        Instant to;
        boolean dryRun;
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            for (String arg : args) {
                if (arg.equals("--help") || arg.equals("-h")) {
                    options.help = true;
                    return options;
                }
            }
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value = null;
                int equals = arg.indexOf('=');
                if (arg.startsWith("--") && equals > 0) {
                    name = arg.substring(0, equals);
                    value = arg.substring(equals + 1);
                }
                switch (name) {
                    case "--config-parameter":
                        if (value == null) {
                            value = valueAfter(args, i++, name);
                        }
                        if (options.configParameter != null) {
                            throw new IllegalArgumentException(name + " is given twice");
                        }
                        Optional<String> problem = ExporterSettings.checkParameterName(name, value);
                        if (problem.isPresent()) {
                            throw new IllegalArgumentException(problem.get());
                        }
                        options.configParameter = value;
                        break;
                    case "--at":
                        if (value == null) {
                            value = valueAfter(args, i++, name);
                        }
                        if (options.at != null) {
                            throw new IllegalArgumentException(name + " is given twice");
                        }
                        String text = value;
                        options.at = EventTime.parseInstant(text).orElseThrow(() -> new IllegalArgumentException(
                                "--at must be an ISO-8601 instant like 2026-11-23T12:05:00Z, got '" + text + "'"));
                        break;
                    case "--from":
                    case "--to":
                        if (value == null) {
                            value = valueAfter(args, i++, name);
                        }
                        if ((name.equals("--from") ? options.from : options.to) != null) {
                            throw new IllegalArgumentException(name + " is given twice");
                        }
                        String instant = value;
                        String option = name;
                        Instant parsed = EventTime.parseInstant(instant).orElseThrow(() -> new IllegalArgumentException(
                                option + " must be an ISO-8601 instant like 2026-11-23T12:05:00Z, got '" + instant
                                        + "'"));
                        if (name.equals("--from")) {
                            options.from = parsed;
                        } else {
                            options.to = parsed;
                        }
                        break;
                    case "--dry-run":
                        if (value != null) {
                            throw new IllegalArgumentException("--dry-run takes no value");
                        }
                        options.dryRun = true;
                        break;
                    default:
                        throw new IllegalArgumentException(arg.startsWith("-") ? "unknown option '" + arg + "'"
                                : "unexpected argument '" + arg + "'");
                }
            }
            if (options.configParameter == null) {
                throw new IllegalArgumentException("--config-parameter is required: the name of the configuration "
                        + "parameter, shown by the stack output ConfigParameterName");
            }
            if (options.at != null && (options.from != null || options.to != null)) {
                throw new IllegalArgumentException("--at exports the lookback before one time, --from and --to a "
                        + "range: give one or the other");
            }
            if ((options.from == null) != (options.to == null)) {
                throw new IllegalArgumentException(options.from == null ? "--to needs --from (the range's start)"
                        : "--from needs --to (the range's end, e.g. now: " + Instant.now().truncatedTo(
                                java.time.temporal.ChronoUnit.MINUTES) + ")");
            }
            if (options.from != null && !options.from.isBefore(options.to)) {
                throw new IllegalArgumentException("--from " + options.from + " must be before --to " + options.to);
            }
            return options;
        }

        private static String valueAfter(String[] args, int i, String name) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i + 1];
        }
    }

    /** Builds the AWS clients (environment first, then the SDK's default chains) and closes them after the run. */
    private static final class DefaultExporterSource implements ExporterSource {
        private final Map<String, String> environment;
        private AwsClients clients;

        DefaultExporterSource(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public Exporter open(Clock clock) {
            clients = AwsClients.forCommandLine(environment);
            return new Exporter(clients.ssm(), clients.cloudWatch(), MackerelClient.create(clock), clock,
                    Duration.ZERO);
        }

        @Override
        public void close() {
            if (clients != null) {
                clients.close();
            }
        }
    }
}
