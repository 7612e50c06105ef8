package io.github.cognitomackerel.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.github.cognitomackerel.runtime.Handler;
import io.github.cognitomackerel.runtime.testing.FakeCloudWatch;
import io.github.cognitomackerel.runtime.testing.FakeMackerel;
import io.github.cognitomackerel.runtime.testing.FakeSsm;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import io.github.cognitomackerel.settings.ConfigDocument;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The three local fakes plus a standard configuration, for driving the real {@link Handler} (its real SDK clients
 * and its real Mackerel HTTP client) over HTTP on 127.0.0.1.
 *
 * <p>{@link #start()} writes the configuration document to {@link #CONFIG_PARAMETER}, as the construct would:
 * {@code user-pool-id}, {@code clients.web}, {@code clients.mobile}, {@code mackerel-service-name},
 * {@code mackerel-api-key-parameter} (naming {@link #KEY_PARAMETER}, a SecureString holding {@link #API_KEY}) and
 * {@code mackerel-api-base-url} (the fake Mackerel). Everything else keeps the defaults: period 300 s, lookback
 * 900 s, zero-fill on, prefix {@code cognito}, all four activities.
 *
 * <p>Runs are for the fixed time {@link #T}, so the window is {@link #P0}, {@link #P1}, {@link #P2}. The fake
 * Mackerel's clock is pinned one minute after {@code T} (so its "too old / too new" checks do not depend on today).
 *
 * <p>Every invocation is remembered, so {@link #assertKeyNeverLeaked()} can check every output, log line and
 * exception of a test, together with every request the fakes received.
 */
public final class WireFixture implements AutoCloseable {

    /** The String parameter holding the configuration document (a name CloudFormation could have generated). */
    public static final String CONFIG_PARAMETER = "CFN-CognitoMetricsConfig-Wire0Fixture1";
    public static final String USER_POOL_ID = "ap-northeast-1_AbCdEf123";
    public static final String SERVICE = "cognito-service";
    /** The SecureString parameter holding the key; outside P, as the construct creates it. */
    public static final String KEY_PARAMETER = "/mackerel/api-key";
    /** A distinctive key, easy to spot anywhere it must not be. */
    public static final String API_KEY = "mkrKEYd41b8e6f0c5d2a9b7e4f1c8d3SECRET";
    /** App client ids as Cognito makes them (26 characters). */
    public static final String WEB = "3n4b5urk1ft4fl3mg5e62d9ado";
    public static final String MOBILE = "7f1s6vn0kq2m8hpt4c9jxa3dbe";

    /** The time every standard run is for (an EventBridge rule's {@code time}). */
    public static final Instant T = Instant.parse("2026-11-23T12:05:00Z");
    /** The three periods of the default window [T - 900 s, T): 11:50, 11:55 and 12:00. */
    public static final long P0 = T.getEpochSecond() - 900;
    public static final long P1 = T.getEpochSecond() - 600;
    public static final long P2 = T.getEpochSecond() - 300;

    public static final String REGION = "ap-northeast-1";
    public static final String ACCESS_KEY_ID = "AKIDWIREFIXTURE00001";
    public static final String SECRET_ACCESS_KEY = "wire-fixture-secret-access-key";
    public static final String SESSION_TOKEN = "wire-fixture-session-token";

    /** The activities, clients and measures of metric names, spelled out here, not taken from the runtime. */
    public static final List<String> ACTIVITIES = List.of("sign_up", "sign_in", "token_refresh", "federation");
    public static final List<String> MEASURES = List.of("success", "attempt", "failure", "throttle");

    public final FakeCloudWatch cloudWatch;
    public final FakeSsm ssm;
    public final FakeMackerel mackerel;
    private final List<Invocation> invocations = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> secrets = Collections.synchronizedSet(new LinkedHashSet<>());
    /** Seconds added to every sample's time while {@link #seedStandardActivityAt} seeds. */
    private long shift;
    private final Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), T.plusSeconds(60)));
    private final Map<String, String> settings = Collections.synchronizedMap(new LinkedHashMap<>());

    private WireFixture() {
        cloudWatch = FakeCloudWatch.start();
        ssm = FakeSsm.start();
        mackerel = FakeMackerel.start(API_KEY, SERVICE);
        mackerel.setClock(Clock.fixed(T.plusSeconds(60), ZoneOffset.UTC));
        secrets.add(API_KEY);
    }

    /** Starts the fakes and seeds the standard configuration. */
    public static WireFixture start() {
        WireFixture fixture = new WireFixture();
        fixture.put("user-pool-id", USER_POOL_ID);
        fixture.put("clients.web", WEB);
        fixture.put("clients.mobile", MOBILE);
        fixture.put("mackerel-service-name", SERVICE);
        fixture.put("mackerel-api-key-parameter", KEY_PARAMETER);
        fixture.put("mackerel-api-base-url", fixture.mackerel.endpoint().toString());
        fixture.storeApiKey(API_KEY, ParameterType.SECURE_STRING);
        return fixture;
    }

    // ------------------------------------------------------------------------------------------- configuration

    /** Sets one setting and rewrites the configuration document, as an operator or a deployment would. */
    public void put(String key, String value) {
        settings.put(key, value);
        ssm.putParameter(CONFIG_PARAMETER, ConfigDocument.render(settings));
    }

    /** Removes one setting and rewrites the configuration document. */
    public void remove(String key) {
        settings.remove(key);
        ssm.putParameter(CONFIG_PARAMETER, ConfigDocument.render(settings));
    }

    /** Replaces the configuration document with this text. */
    public void putDocument(String document) {
        ssm.putParameter(CONFIG_PARAMETER, document);
    }

    /** Stores a key in {@link #KEY_PARAMETER} (remembered as a secret that must never leak). */
    public void storeApiKey(String value, ParameterType type) {
        secrets.add(value);
        ssm.putParameter(KEY_PARAMETER, value, type);
    }

    /** The handler's environment: region, static credentials, both endpoints, the configuration parameter and debug logging. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("COGNITO_MACKEREL_CONFIG_PARAMETER", CONFIG_PARAMETER);
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        env.put("AWS_SESSION_TOKEN", SESSION_TOKEN);
        env.put("AWS_ENDPOINT_URL_SSM", ssm.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.endpoint().toString());
        // Debug lines on: the key must not leak through them either.
        env.put("AWS_LAMBDA_LOG_LEVEL", "DEBUG");
        return env;
    }

    /**
     * A clock that runs at real speed from one minute after {@link #T} (so runs for {@code T} are recent, as a
     * scheduled run's time is, whatever today's date).
     */
    public Clock clock() {
        return clock;
    }

    /** A handler on {@link #environment()} and {@link #clock()}. */
    public Handler handler() {
        return new Handler(environment(), clock);
    }

    /** A handler on {@link #environment()} with some variables changed ({@code null} removes one). */
    public Handler handler(Map<String, String> changes) {
        Map<String, String> env = environment();
        changes.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        return new Handler(env, clock);
    }

    // --------------------------------------------------------------------------------------------------- events

    /** An EventBridge rule's scheduled event, as Lambda receives it. */
    public static String eventBridgeEvent(Instant time) {
        return "{\"version\":\"0\",\"id\":\"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"aws.events\",\"account\":\"123456789012\",\"time\":\"" + time + "\","
                + "\"region\":\"" + REGION + "\",\"resources\":[\"arn:aws:events:" + REGION
                + ":123456789012:rule/cognito-mackerel\"],\"detail\":{}}";
    }

    /** A manual backfill event. */
    public static String atEvent(Instant time) {
        return "{\"at\":\"" + time + "\"}";
    }

    // --------------------------------------------------------------------------------------------- invocations

    /** Invokes with a standard EventBridge event for {@link #T} and 60 s of Lambda time. */
    public Invocation invoke(Handler handler) {
        return invoke(handler, eventBridgeEvent(T));
    }

    /** Invokes with this event and 60 s of Lambda time. */
    public Invocation invoke(Handler handler, String event) {
        return invoke(handler, event, 60_000);
    }

    /** Invokes the handler as Lambda would; never throws (the handler's exception is in the result). */
    public Invocation invoke(Handler handler, String event, int remainingMillis) {
        TestContext context = new TestContext(remainingMillis);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        long started = System.nanoTime();
        Throwable failure = null;
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, context);
        } catch (Throwable t) {
            failure = t;
        }
        Invocation invocation = new Invocation(output.toString(StandardCharsets.UTF_8), context.lines(), failure,
                (System.nanoTime() - started) / 1_000_000);
        invocations.add(invocation);
        return invocation;
    }

    /** What one invocation produced. */
    public record Invocation(String output, List<LogLine> logs, Throwable failure, long millis) {

        /** Asserts it succeeded; returns its output. */
        public String assertOk() {
            if (failure != null) {
                throw new AssertionError("the handler failed: " + failure + "\nlogs: " + logs, failure);
            }
            return output;
        }

        /** Asserts it threw; returns the exception's message. */
        public String assertFailed() {
            assertNotNull(failure, () -> "the handler should have thrown; output " + output + ", logs " + logs);
            return failure.getMessage();
        }

        /** The summary lines (INFO or ERROR lines starting with the summary prefix). */
        public List<String> summaries() {
            return logs.stream().filter(l -> l.level() != LogLevel.DEBUG)
                    .map(LogLine::message).filter(m -> m.startsWith("cognito-mackerel-metrics run ")).toList();
        }

        /** The one summary line, asserting there is exactly one non-debug line and it is a summary. */
        public String summary() {
            List<LogLine> normal = logs.stream().filter(l -> l.level() != LogLevel.DEBUG).toList();
            assertEquals(1, normal.size(), () -> "expected exactly one non-debug log line, got " + normal);
            assertEquals(1, summaries().size(), () -> "expected one summary line, got " + normal);
            return normal.get(0).message();
        }
    }

    /** One line the handler logged through {@link LambdaLogger}. */
    public record LogLine(LogLevel level, String message) {
    }

    /** A Lambda {@link Context} with a capturing logger and a remaining time that counts down. */
    public static final class TestContext implements Context {
        private final long deadlineNanos;
        private final List<LogLine> lines = Collections.synchronizedList(new ArrayList<>());
        private final LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                lines.add(new LogLine(LogLevel.UNDEFINED, message));
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public void log(String message, LogLevel level) {
                lines.add(new LogLine(level, message));
            }

            @Override
            public void log(byte[] message, LogLevel level) {
                log(new String(message, StandardCharsets.UTF_8), level);
            }
        };

        public TestContext(int remainingMillis) {
            this.deadlineNanos = System.nanoTime() + remainingMillis * 1_000_000L;
        }

        public List<LogLine> lines() {
            return List.copyOf(lines);
        }

        @Override
        public String getAwsRequestId() {
            return "8f5f3c1e-5b8e-4a55-9a35-4b1f0c8e1d2a";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/cognito-mackerel";
        }

        @Override
        public String getLogStreamName() {
            return "2026/11/23/[$LATEST]0123456789abcdef";
        }

        @Override
        public String getFunctionName() {
            return "cognito-mackerel";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:" + REGION + ":123456789012:function:cognito-mackerel";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return logger;
        }
    }

    // ----------------------------------------------------------------------------------------- CloudWatch data

    /** The dimensions of a client's per-client Cognito metrics in the standard pool. */
    public static Map<String, String> clientDimensions(String clientId) {
        return Map.of("UserPool", USER_POOL_ID, "UserPoolClient", clientId);
    }

    /**
     * Records attempts of an activity as Cognito publishes them: one {@code <stem>Successes} sample per attempt, 1 for
     * a success and 0 for a failure (so Sum is the successes and SampleCount the attempts), in the minute of
     * {@code epochSecond}.
     *
     * @param stem the CloudWatch stem: {@code SignUp}, {@code SignIn}, {@code TokenRefresh}
     */
    public void attempts(String stem, String clientId, long epochSecond, int successes, int failures) {
        attempts(stem, clientDimensions(clientId), epochSecond, successes, failures);
    }

    /** Like {@link #attempts(String, String, long, int, int)} with explicit dimensions. */
    public void attempts(String stem, Map<String, String> dimensions, long epochSecond, int successes, int failures) {
        cloudWatch.putSample(stem + "Successes", dimensions, Instant.ofEpochSecond(epochSecond + shift), successes,
                successes + failures);
    }

    /** Records {@code count} throttled requests ({@code <stem>Throttles}, one sample of 1 each). */
    public void throttles(String stem, String clientId, long epochSecond, int count) {
        throttles(stem, clientDimensions(clientId), epochSecond, count);
    }

    /** Like {@link #throttles(String, String, long, int)} with explicit dimensions. */
    public void throttles(String stem, Map<String, String> dimensions, long epochSecond, int count) {
        cloudWatch.putSample(stem + "Throttles", dimensions, Instant.ofEpochSecond(epochSecond + shift), count,
                count);
    }

    /** Records federation attempts through one identity provider. */
    public void federation(String clientId, String identityProvider, long epochSecond, int successes,
            int failures) {
        attempts("Federation", federationDimensions(clientId, identityProvider), epochSecond, successes, failures);
    }

    /** The dimensions of a client's federation metrics for one identity provider. */
    public static Map<String, String> federationDimensions(String clientId, String identityProvider) {
        return Map.of("UserPool", USER_POOL_ID, "UserPoolClient", clientId, "IdentityProvider", identityProvider);
    }

    /**
     * The standard activity: several activities of both clients in the window, federation through two identity
     * providers, throttles, and samples just outside the window (before P0 and in the still-open period at T) that
     * must not be exported. {@link #standardExpected()} is what Mackerel must receive for it.
     */
    public void seedStandardActivity() {
        // web
        attempts("SignIn", WEB, P0 + 60, 3, 1);
        attempts("SignIn", WEB, P0 + 120, 1, 0);
        attempts("SignIn", WEB, P2 + 240, 2, 2);
        throttles("SignIn", WEB, P2, 3);
        attempts("SignUp", WEB, P1 + 30, 1, 2);
        throttles("SignUp", WEB, P1 + 299, 2);
        federation(WEB, "Google", P1 + 60, 2, 0);
        federation(WEB, "SAML-Corp", P1 + 120, 1, 1);
        throttles("Federation", federationDimensions(WEB, "Google"), P2 + 60, 1);
        // mobile
        attempts("SignIn", MOBILE, P2 + 60, 2, 0);
        attempts("TokenRefresh", MOBILE, P0, 10, 0);
        attempts("TokenRefresh", MOBILE, P2 + 180, 5, 1);
        // outside the window: the period before it, and the period of T itself (still filling up)
        attempts("SignIn", WEB, P0 - 1, 7, 7);
        attempts("SignIn", WEB, T.getEpochSecond() + 10, 9, 0);
        attempts("TokenRefresh", MOBILE, T.getEpochSecond(), 4, 0);
    }

    /**
     * {@link #seedStandardActivity()} moved from {@link #T} to {@code t} (a multiple of 5 minutes), e.g. to a recent
     * time for a command line in a child JVM, which runs on the real clock.
     */
    public void seedStandardActivityAt(Instant t) {
        shift = t.getEpochSecond() - T.getEpochSecond();
        try {
            seedStandardActivity();
        } finally {
            shift = 0;
        }
    }

    /** {@link #standardExpected()} for a run at {@code t} over {@link #seedStandardActivityAt(Instant)}. */
    public static Map<String, Map<Long, Double>> standardExpectedAt(Instant t) {
        long by = t.getEpochSecond() - T.getEpochSecond();
        Map<String, Map<Long, Double>> moved = new TreeMap<>();
        standardExpected().forEach((name, points) -> {
            Map<Long, Double> copy = new TreeMap<>();
            points.forEach((time, value) -> copy.put(time + by, value));
            moved.put(name, copy);
        });
        return moved;
    }

    /** What Mackerel must hold after one run at {@link #T} over {@link #seedStandardActivity()}: 144 values. */
    public static Map<String, Map<Long, Double>> standardExpected() {
        Map<String, Map<Long, Double>> expected = standardZeros();
        //                                              success attempt failure throttle
        set(expected, "cognito.sign_in.web", P0, 4, 5, 1, 0);
        set(expected, "cognito.sign_in.web", P2, 2, 4, 2, 3);
        set(expected, "cognito.sign_up.web", P1, 1, 3, 2, 2);
        set(expected, "cognito.federation.web", P1, 3, 4, 1, 0);
        set(expected, "cognito.federation.web", P2, 0, 0, 0, 1);
        set(expected, "cognito.sign_in.mobile", P2, 2, 2, 0, 0);
        set(expected, "cognito.token_refresh.mobile", P0, 10, 10, 0, 0);
        set(expected, "cognito.token_refresh.mobile", P2, 5, 6, 1, 0);
        set(expected, "cognito.sign_in.total", P0, 4, 5, 1, 0);
        set(expected, "cognito.sign_in.total", P2, 4, 6, 2, 3);
        set(expected, "cognito.sign_up.total", P1, 1, 3, 2, 2);
        set(expected, "cognito.federation.total", P1, 3, 4, 1, 0);
        set(expected, "cognito.federation.total", P2, 0, 0, 0, 1);
        set(expected, "cognito.token_refresh.total", P0, 10, 10, 0, 0);
        set(expected, "cognito.token_refresh.total", P2, 5, 6, 1, 0);
        return expected;
    }

    // ------------------------------------------------------------------------------------------ expected values

    /**
     * Expected Mackerel values: every {@code <prefix>.<activity>.<client>.<measure>} for these activities and
     * clients ({@code total} included by the caller), 0 at each period (zero-fill).
     */
    public static Map<String, Map<Long, Double>> zeros(String prefix, List<String> activities, List<String> clients,
            List<Long> periods) {
        Map<String, Map<Long, Double>> expected = new TreeMap<>();
        for (String activity : activities) {
            for (String client : clients) {
                for (String measure : MEASURES) {
                    Map<Long, Double> points = new TreeMap<>();
                    for (long period : periods) {
                        points.put(period, 0.0);
                    }
                    expected.put(prefix + "." + activity + "." + client + "." + measure, points);
                }
            }
        }
        return expected;
    }

    /** The standard expectation: all four activities, {@code web}, {@code mobile}, {@code total}, zeros. */
    public static Map<String, Map<Long, Double>> standardZeros() {
        return zeros("cognito", ACTIVITIES, List.of("web", "mobile", "total"), List.of(P0, P1, P2));
    }

    /**
     * Sets the four measures of one series family at one period, e.g.
     * {@code set(expected, "cognito.sign_in.web", P0, 4, 5, 1, 0)}.
     */
    public static void set(Map<String, Map<Long, Double>> expected, String family, long period, double success,
            double attempt, double failure, double throttle) {
        double[] values = {success, attempt, failure, throttle};
        for (int i = 0; i < MEASURES.size(); i++) {
            String name = family + "." + MEASURES.get(i);
            expected.computeIfAbsent(name, n -> new TreeMap<>()).put(period, values[i]);
        }
    }

    // ---------------------------------------------------------------------------------------------- assertions

    /** Asserts no fake saw an invalid request. */
    public void assertNoViolations() {
        assertEquals(List.of(), cloudWatch.violations(), "CloudWatch violations");
        assertEquals(List.of(), ssm.violations(), "SSM violations");
        assertEquals(List.of(), mackerel.violations(), "Mackerel violations");
    }

    /** The Cognito values Mackerel holds: {@link FakeMackerel#values()} without the exporter's own series. */
    public Map<String, Map<Long, Double>> dataValues() {
        Map<String, Map<Long, Double>> values = new TreeMap<>(mackerel.values());
        values.keySet().removeIf(WireFixture::isExporterSeries);
        return values;
    }

    /** The exporter's own series Mackerel holds ({@code <prefix>.exporter.*}). */
    public Map<String, Map<Long, Double>> exporterValues() {
        Map<String, Map<Long, Double>> values = new TreeMap<>(mackerel.values());
        values.keySet().removeIf(name -> !isExporterSeries(name));
        return values;
    }

    /** Whether a name is one of the exporter's own series, {@code <prefix>.exporter.<name>}. */
    public static boolean isExporterSeries(String name) {
        return name.matches(".*\\.exporter\\.(heartbeat|posted|lag_seconds)");
    }

    /** Mackerel {@code tsdb} POSTs received. */
    public int mackerelPosts() {
        return (int) mackerel.requests().stream().filter(r -> "tsdb".equals(r.operation())).count();
    }

    /** SSM calls of every operation. */
    public int ssmCalls() {
        return ssm.requests().size();
    }

    /**
     * Asserts no key ever stored appears in any handler output, log line or exception (message, causes, stack trace)
     * of this fixture's invocations, nor in any request to SSM or CloudWatch, and that Mackerel received it only as
     * the {@code X-Api-Key} header.
     */
    public void assertKeyNeverLeaked() {
        List<Invocation> all;
        synchronized (invocations) {
            all = List.copyOf(invocations);
        }
        for (String secret : List.copyOf(secrets)) {
            for (Invocation invocation : all) {
                assertNoSecret(secret, invocation.output(), "handler output");
                for (LogLine line : invocation.logs()) {
                    assertNoSecret(secret, line.message(), "log line");
                }
                if (invocation.failure() != null) {
                    assertNoSecret(secret, stackTrace(invocation.failure()), "exception");
                }
            }
            for (RecordedRequest request : ssm.requests()) {
                assertFalse(request.contains(secret), () -> "the key was sent to SSM: " + request);
            }
            for (RecordedRequest request : cloudWatch.requests()) {
                assertFalse(request.contains(secret), () -> "the key was sent to CloudWatch: " + request);
            }
            for (RecordedRequest request : mackerel.requests()) {
                assertKeyOnlyInHeader(secret, request);
            }
        }
    }

    /** Asserts the secret appears in a Mackerel request only as the whole {@code X-Api-Key} header. */
    private static void assertKeyOnlyInHeader(String secret, RecordedRequest request) {
        assertFalse(request.path().contains(secret), () -> "the key is in the path of " + request);
        assertFalse(request.bodyText().contains(secret), () -> "the key is in the body of " + request);
        request.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("X-Api-Key")) {
                assertFalse(name.contains(secret) || values.stream().anyMatch(v -> v.contains(secret)),
                        () -> "the key is in header " + name + " of " + request);
            }
        });
    }

    /** Asserts the text does not contain the secret (the message never quotes the text, which may hold it). */
    public static void assertNoSecret(String secret, String text, String where) {
        if (text != null && text.contains(secret)) {
            throw new AssertionError("the API key appears in a " + where + " (text withheld)");
        }
    }

    /** An exception's full stack trace, causes and suppressed included. */
    public static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** Stops the fakes. */
    @Override
    public void close() {
        cloudWatch.close();
        ssm.close();
        mackerel.close();
    }
}
