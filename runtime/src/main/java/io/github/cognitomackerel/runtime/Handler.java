package io.github.cognitomackerel.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.github.cognitomackerel.runtime.internal.AwsClients;
import io.github.cognitomackerel.settings.FunctionEnvironment;
import io.github.cognitomackerel.runtime.internal.run.EventTime;
import io.github.cognitomackerel.runtime.internal.config.Env;
import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.run.Exporter;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;
import io.github.cognitomackerel.runtime.internal.run.Priming;
import io.github.cognitomackerel.runtime.internal.run.ProgressStore;
import io.github.cognitomackerel.runtime.internal.run.RunFailedException;
import io.github.cognitomackerel.runtime.internal.run.RunRequest;
import io.github.cognitomackerel.runtime.internal.run.RunResult;
import io.github.cognitomackerel.runtime.internal.run.Summary;
import io.github.cognitomackerel.settings.FunctionEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The Lambda function ({@code io.github.cognitomackerel.runtime.Handler::handleRequest}): exports the Cognito
 * metrics of the periods before the event's time to Mackerel.
 *
 * <p>The event may carry the time in {@code at} (manual backfill), {@code scheduled-time} (EventBridge Scheduler) or
 * {@code time} (EventBridge rule), checked in that order; otherwise the run is for now. The handler writes a JSON
 * summary such as {@code {"status":"ok","windowStart":"...","windowEnd":"...","values":192,"series":64}}, logs one
 * summary line, and throws when it could not post every value.
 *
 * <p>A run for {@code scheduled-time}, {@code time} or now is the exporter's own: with
 * {@code COGNITO_MACKEREL_PROGRESS_PARAMETER} set it also delivers what earlier runs could not (from the end recorded
 * in that parameter, within what Mackerel keeps) and records how far it got; it posts the heartbeat series. A run
 * for {@code at} is a manual backfill of the lookback before that time: it neither reads nor moves the progress.
 *
 * <p>It reads {@code COGNITO_MACKEREL_CONFIG_PARAMETER} (required), {@code COGNITO_MACKEREL_PROGRESS_PARAMETER},
 * {@code COGNITO_MACKEREL_CACHE_TTL_SECONDS}
 * (default 900), {@code AWS_LAMBDA_LOG_LEVEL}, and {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}, {@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_CLOUDWATCH}, {@code AWS_ENDPOINT_URL_SSM} from its environment. SDK clients are built
 * once per instance, and configuration, API key and the pool's clients are reused for the cache TTL.
 */
public final class Handler implements RequestStreamHandler {

    /** Time kept back from Lambda's remaining time to log and return after the last retry. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);
    /** The deadline when no Lambda context is given. */
    static final Duration NO_CONTEXT_BUDGET = Duration.ofSeconds(60);

    private final Map<String, String> environment;
    private final Clock clock;
    private final BiFunction<Map<String, String>, Clock, Exporter> exporterFactory;
    private Exporter exporter;
    private AwsClients clients;

    /**
     * The handler Lambda instantiates: reads {@link System#getenv()}, builds the SDK and HTTP clients and primes them
     * at once, during Lambda's init phase (which runs with a full CPU, and before the snapshot with SnapStart) rather
     * than in the first invocation. See {@link #initialized(Map)}.
     */
    public Handler() {
        this(System.getenv());
        initialize();
    }

    /**
     * A handler on {@code environment} that has done what Lambda's init phase does: built its clients and run one
     * dry pass through them ({@link Priming}: reads only, never posts to Mackerel, at most {@link Priming#BUDGET}).
     * Never throws for a problem the first invocation would report anyway.
     */
    public static Handler initialized(Map<String, String> environment) {
        return initialized(environment, Clock.systemUTC());
    }

    /**
     * {@link #initialized(Map)} with runs that take "now" from {@code clock} (e.g. a test replaying scheduled runs).
     *
     * @param environment the handler's environment
     * @param clock the clock of its runs
     * @return the handler, primed
     */
    public static Handler initialized(Map<String, String> environment, Clock clock) {
        Handler handler = new Handler(environment, clock);
        handler.initialize();
        return handler;
    }

    private void initialize() {
        try {
            exporter();
            if (clients != null) {
                String primed = Priming.run(clients, Env.get(environment, FunctionEnvironment.CONFIG_PARAMETER),
                        Env.get(environment, FunctionEnvironment.PROGRESS_PARAMETER), clock, Priming.BUDGET);
                if (Log.debugLevel(environment.get(Env.LAMBDA_LOG_LEVEL))) {
                    System.out.println(primed);
                }
            }
        } catch (RuntimeException | LinkageError | StackOverflowError | AssertionError e) {
            // Not fatal here: the first invocation tries again and reports the problem in its summary line.
        }
    }

    /**
     * A handler reading its settings from {@code environment} instead of the process environment (e.g. for a test
     * that points the SDK clients at local fakes with {@code AWS_ENDPOINT_URL}).
     */
    public Handler(Map<String, String> environment) {
        this(environment, Clock.systemUTC());
    }

    /**
     * A handler on {@code environment} whose runs take "now", deadlines and progress times from {@code clock} (e.g. a
     * test that replays a day of scheduled runs).
     */
    public Handler(Map<String, String> environment, Clock clock) {
        this(environment, clock, null);
    }

    /** For unit tests: a clock and a factory of the exporter (called once, on the first run). */
    Handler(Map<String, String> environment, Clock clock,
            BiFunction<Map<String, String>, Clock, Exporter> exporterFactory) {
        Map<String, String> copy = new HashMap<>();
        Objects.requireNonNull(environment, "environment").forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        this.environment = Map.copyOf(copy);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.exporterFactory = exporterFactory == null ? this::defaultExporter : exporterFactory;
    }

    private Exporter defaultExporter(Map<String, String> environment, Clock clock) {
        Duration ttl = Env.cacheTtl(environment);
        AwsClients built = AwsClients.fromEnvironment(environment);
        clients = built;
        String progressParameter = Env.get(environment, FunctionEnvironment.PROGRESS_PARAMETER);
        return new Exporter(built.ssm(), built.cloudWatch(), MackerelClient.create(clock), clock, ttl,
                progressParameter == null ? null : new ProgressStore(built.ssm(), progressParameter));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log log = log(context);
        Instant started = clock.instant();
        Instant deadline = deadline(context, started);
        String event = input == null ? "" : new String(input.readAllBytes(), StandardCharsets.UTF_8);
        RunResult result = run(event, started, deadline, log);
        if (!result.ok()) {
            log.error(Summary.line(result));
            throw new RunFailedException(result.failure(), result.cause());
        }
        log.info(Summary.line(result));
        output.write(Summary.json(result).getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    private RunResult run(String event, Instant started, Instant deadline, Log log) {
        String configParameter;
        RunRequest request;
        Exporter exporter;
        try {
            configParameter = Env.configParameter(environment);
            request = EventTime.request(event, clock);
            exporter = exporter();
        } catch (ExportException e) {
            return RunResult.failedBeforeStart(e.getMessage(), e,
                    Math.max(0, Duration.between(started, clock.instant()).toMillis()));
        } catch (RuntimeException e) {
            return RunResult.failedBeforeStart("could not start: " + e, e,
                    Math.max(0, Duration.between(started, clock.instant()).toMillis()));
        }
        return exporter.run(configParameter, request, deadline, log, Exporter.ChunkListener.NONE);
    }

    private synchronized Exporter exporter() {
        if (exporter == null) {
            exporter = exporterFactory.apply(environment, clock);
        }
        return exporter;
    }

    /** Lambda's remaining time (read now) minus {@link #SAFETY_MARGIN}, from {@code now}. */
    private static Instant deadline(Context context, Instant now) {
        if (context == null) {
            return now.plus(NO_CONTEXT_BUDGET);
        }
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
        return now.plus(remaining.isNegative() ? Duration.ZERO : remaining);
    }

    private Log log(Context context) {
        LambdaLogger logger = context == null ? null : context.getLogger();
        boolean debug = Log.debugLevel(environment.get(Env.LAMBDA_LOG_LEVEL));
        if (logger == null) {
            return Log.to(System.out, debug);
        }
        return new Log() {
            @Override
            public void info(String message) {
                logger.log(message, LogLevel.INFO);
            }

            @Override
            public void error(String message) {
                logger.log(message, LogLevel.ERROR);
            }

            @Override
            public void warn(String message) {
                logger.log(message, LogLevel.WARN);
            }

            @Override
            public void debug(Supplier<String> message) {
                if (debug) {
                    logger.log(message.get(), LogLevel.DEBUG);
                }
            }
        };
    }
}
