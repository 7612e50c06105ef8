package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.runtime.internal.Json;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;
import io.github.cognitomackerel.runtime.internal.mackerel.RetryPolicy;
import io.github.cognitomackerel.runtime.internal.mackerel.Sleeper;
import io.github.cognitomackerel.runtime.internal.mackerel.UrlConnectionTransport;
import io.github.cognitomackerel.settings.Catalog;
import io.github.cognitomackerel.settings.ConfigDocument;
import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.settings.FunctionEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;

/**
 * Scheduled exports rehearsed in this process, for {@link Priming}: a real {@link Exporter} with real SDK clients and
 * a real {@link MackerelClient}, whose HTTP answers are written here, in memory. Each rehearsal runs what a scheduled
 * invocation runs (marshalling, signing, the SDK's pipeline, unmarshalling, series assembly, the Mackerel body, the
 * progress record), so the JIT compiles it during init instead of during the first invocations. Nothing leaves the
 * process: the clients point at {@code priming.invalid} and their HTTP client never opens a connection; the API key
 * and credentials are made-up values.
 */
final class Rehearsal implements AutoCloseable {

    static final String CONFIG_PARAMETER = "priming-config";
    static final String KEY_PARAMETER = "priming-api-key";
    static final String PROGRESS_PARAMETER = "priming-progress";
    static final String USER_POOL = "us-east-1_Priming00";
    private static final URI NOWHERE = URI.create("https://priming.invalid");
    private static final List<String> CLIENTS = List.of("primingclientweb00000000a", "primingclientmobile00000b");
    private static final List<String> IDENTITY_PROVIDERS = List.of("Google", "SignInWithApple");
    private static final String CONFIG_DOCUMENT = ConfigDocument.render(configSettings());
    private static final int POINTS_PER_QUERY = 3;
    private static final int PERIOD = ExporterSettings.DEFAULT_PERIOD_SECONDS;
    private static final Duration ROUND_DEADLINE = Duration.ofMinutes(1);

    /** The request the SDK is sending now (set by the interceptor before transmission, read by the HTTP client). */
    private final AtomicReference<SdkRequest> sending = new AtomicReference<>();
    private final SdkHttpClient http = UrlConnectionHttpClient.create(
            uri -> new InMemoryConnection(uri, () -> answer(sending.getAndSet(null))));
    private final SsmClient ssm;
    private final CloudWatchClient cloudWatch;
    private final Exporter exporter;
    /** The rehearsals' own time: the real time plus one period per round, as a five-minute schedule sees it. */
    private final Later clock;
    private String progress = ProgressStore.NONE;
    /** What the rehearsals asked for, by request (e.g. {@code GetMetricDataRequest}, {@code MackerelPOST}). */
    private final Map<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();

    Rehearsal(Clock clock) {
        this.clock = new Later(clock);
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sending.set(context.request());
            }
        };
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDPRIMING000000000", "priming-secret-access-key"));
        this.ssm = SsmClient.builder().httpClient(http).region(Region.US_EAST_1).endpointOverride(NOWHERE)
                .credentialsProvider(credentials).overrideConfiguration(o -> o.addExecutionInterceptor(capture))
                .build();
        this.cloudWatch = CloudWatchClient.builder().httpClient(http).region(Region.US_EAST_1)
                .endpointOverride(NOWHERE).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.addExecutionInterceptor(capture)).build();
        UrlConnectionTransport transport = new UrlConnectionTransport(UrlConnectionTransport.DEFAULT_CONNECT_TIMEOUT,
                UrlConnectionTransport.DEFAULT_ATTEMPT_LIMIT, this.clock,
                uri -> new InMemoryConnection(uri, this::mackerelAnswer));
        MackerelClient mackerel = new MackerelClient(transport, RetryPolicy.standard(), Sleeper.system(), this.clock);
        this.exporter = new Exporter(ssm, cloudWatch, mackerel, this.clock,
                Duration.ofSeconds(FunctionEnvironment.DEFAULT_CACHE_TTL_SECONDS),
                new ProgressStore(ssm, PROGRESS_PARAMETER));
    }

    /**
     * Rehearses scheduled exports until {@code rounds} have run or {@link System#nanoTime()} has reached
     * {@code endNanos}. A round runs in memory and never waits (every answer is a success), so the budget is checked
     * between rounds and overrun by one round at most; each round has a minute on its own clock, so that the
     * exporter's own time reserves never cut it.
     *
     * @return how many rounds ran and how the rehearsal ended: {@code 150/ok}, {@code 61/cut at the budget} or
     *     {@code 1/failed: <why>}
     */
    String run(int rounds, long endNanos) {
        RunResult last = null;
        int done = 0;
        while (done < rounds && endNanos - System.nanoTime() > 0) {
            Instant now = clock.instant();
            Instant time = Instant.ofEpochSecond(now.getEpochSecond() / PERIOD * PERIOD);
            last = exporter.run(CONFIG_PARAMETER, RunRequest.scheduled(time), now.plus(ROUND_DEADLINE), Log.none(),
                    Exporter.ChunkListener.NONE);
            clock.advance(PERIOD);
            done++;
            if (!last.ok()) {
                return done + "/failed: " + last.failure();
            }
        }
        return done + (done < rounds ? "/cut at the budget" : "/ok");
    }

    /** Closes the rehearsal's SDK clients (and their timeout threads). */
    @Override
    public void close() {
        cloudWatch.close();
        ssm.close();
    }

    /** A clock {@code shift} seconds after another. */
    private static final class Later extends Clock {
        private final Clock base;
        private volatile long shift;

        Later(Clock base) {
            this.base = base;
        }

        void advance(long seconds) {
            shift += seconds;
        }

        @Override
        public Instant instant() {
            return base.instant().plusSeconds(shift);
        }

        @Override
        public java.time.ZoneId getZone() {
            return base.getZone();
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("not needed");
        }
    }

    private static Map<String, String> configSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ExporterSettings.USER_POOL_ID, USER_POOL);
        for (int i = 0; i < CLIENTS.size(); i++) {
            settings.put(ExporterSettings.CLIENT_PREFIX + "client" + i, CLIENTS.get(i));
        }
        settings.put(ExporterSettings.SERVICE_NAME, "priming");
        settings.put(ExporterSettings.API_KEY_PARAMETER, KEY_PARAMETER);
        return settings;
    }

    // ------------------------------------------------------------------------------------------- the answers

    /** How many requests of each kind the rehearsals made, e.g. {@code GetMetricDataRequest=3}. */
    Map<String, Integer> calls() {
        return new java.util.TreeMap<>(calls);
    }

    private Answer answer(SdkRequest request) {
        calls.merge(request == null ? "unknown" : request.getClass().getSimpleName(), 1, Integer::sum);
        if (request instanceof GetParameterRequest get) {
            return json(Json.write(Map.of("Parameter", parameter(get.name()))));
        }
        if (request instanceof GetParametersRequest get) {
            List<Object> parameters = new ArrayList<>();
            for (String name : get.names()) {
                parameters.add(parameter(name));
            }
            return json(Json.write(Map.of("Parameters", parameters, "InvalidParameters", List.of())));
        }
        if (request instanceof PutParameterRequest put) {
            progress = put.value();
            return json("{\"Version\":2,\"Tier\":\"Standard\"}");
        }
        if (request instanceof ListMetricsRequest) {
            return cbor(listing());
        }
        if (request instanceof GetMetricDataRequest data) {
            return cbor(data(data));
        }
        throw new IllegalStateException("the rehearsal has no answer for "
                + (request == null ? "a request it did not see" : request.getClass().getSimpleName()));
    }

    /** A parameter of the rehearsal as SSM answers it: the configuration, the key or the progress. */
    private Map<String, Object> parameter(String name) {
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("Name", name);
        parameter.put("Type", name.equals(KEY_PARAMETER) ? "SecureString" : "String");
        parameter.put("Value", name.equals(CONFIG_PARAMETER) ? CONFIG_DOCUMENT
                : name.equals(KEY_PARAMETER) ? "priming-api-key-value" : progress);
        parameter.put("Version", 1);
        return parameter;
    }

    /** Every client's {@code ...Successes} series, per identity provider for federation. */
    private static Map<String, Object> listing() {
        List<Object> metrics = new ArrayList<>();
        for (String client : CLIENTS) {
            for (CognitoActivity activity : CognitoActivity.values()) {
                for (String idp : activity.perIdentityProvider() ? IDENTITY_PROVIDERS : List.of("")) {
                    List<Object> dimensions = new ArrayList<>();
                    dimensions.add(Map.of("Name", Catalog.DIMENSION_USER_POOL, "Value", USER_POOL));
                    dimensions.add(Map.of("Name", Catalog.DIMENSION_CLIENT, "Value", client));
                    if (!idp.isEmpty()) {
                        dimensions.add(Map.of("Name", Catalog.DIMENSION_IDENTITY_PROVIDER, "Value", idp));
                    }
                    metrics.add(Map.of("Namespace", Catalog.NAMESPACE, "MetricName",
                            activity.cloudWatchStem() + "Successes", "Dimensions", dimensions));
                }
            }
        }
        return Map.of("Metrics", metrics);
    }

    /** A value in each of the last periods of the window, for every query. */
    private static Map<String, Object> data(GetMetricDataRequest request) {
        List<Object> results = new ArrayList<>();
        for (MetricDataQuery query : request.metricDataQueries()) {
            int period = query.metricStat().period();
            List<Object> times = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            long end = request.endTime().getEpochSecond() / period * period;
            for (int i = 1; i <= POINTS_PER_QUERY && end - (long) i * period >= request.startTime().getEpochSecond();
                    i++) {
                times.add(Instant.ofEpochSecond(end - (long) i * period));
                values.add((double) i);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("Id", query.id());
            result.put("Label", query.id());
            result.put("Timestamps", times);
            result.put("Values", values);
            result.put("StatusCode", "Complete");
            results.add(result);
        }
        return Map.of("MetricDataResults", results, "Messages", List.of());
    }

    private static Answer json(String body) {
        return new Answer(200, Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-RequestId", "priming"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer cbor(Map<String, Object> body) {
        return new Answer(200, Map.of("Content-Type", "application/cbor", "smithy-protocol", "rpc-v2-cbor",
                "x-amzn-RequestId", "priming"), Cbor.encode(body));
    }


    /** Mackerel's answer to every post: success, as its API documents. */
    private Answer mackerelAnswer() {
        calls.merge("MackerelPOST", 1, Integer::sum);
        return new Answer(200, Map.of("Content-Type", "application/json"),
                "{\"success\":true}".getBytes(StandardCharsets.UTF_8));
    }

    /** An HTTP answer written in memory. */
    private record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * An {@link HttpURLConnection} that never opens a socket: what is written to it is dropped, and its answer comes
     * from {@code answering} when first asked for. The SDK's URL-connection client and the Mackerel transport drive
     * it as they drive a real one.
     */
    private static final class InMemoryConnection extends HttpURLConnection {
        private final Supplier<Answer> answering;
        private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        private Answer answer;

        InMemoryConnection(URI uri, Supplier<Answer> answering) {
            super(url(uri));
            this.answering = answering;
        }

        private static java.net.URL url(URI uri) {
            try {
                return uri.toURL();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public void connect() {
            connected = true;
        }

        @Override
        public void disconnect() {
        }

        @Override
        public boolean usingProxy() {
            return false;
        }

        @Override
        public OutputStream getOutputStream() {
            connect();
            return sent;
        }

        private Answer answer() {
            connect();
            if (answer == null) {
                answer = answering.get();
                responseCode = answer.status();
                responseMessage = answer.status() < 400 ? "OK" : "Bad Request";
            }
            return answer;
        }

        @Override
        public int getResponseCode() {
            return answer().status();
        }

        @Override
        public String getResponseMessage() {
            answer();
            return responseMessage;
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            answer().headers().forEach((name, value) -> fields.put(name, List.of(value)));
            fields.put("Content-Length", List.of(String.valueOf(answer().body().length)));
            return fields;
        }

        @Override
        public String getHeaderField(String name) {
            for (Map.Entry<String, List<String>> field : getHeaderFields().entrySet()) {
                if (field.getKey().equalsIgnoreCase(name)) {
                    return field.getValue().get(0);
                }
            }
            return null;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            if (answer().status() >= 400) {
                throw new IOException("HTTP " + answer().status());
            }
            return new ByteArrayInputStream(answer().body());
        }

        @Override
        public InputStream getErrorStream() {
            return answer().status() >= 400 ? new ByteArrayInputStream(answer().body()) : null;
        }
    }

    /** The little of CBOR (RFC 8949) the answers need: maps, arrays, text, doubles, epoch-second timestamps. */
    static final class Cbor {
        private Cbor() {
        }

        static byte[] encode(Object value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out, value);
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, Object value) {
            if (value instanceof Map<?, ?> map) {
                head(out, 5, map.size());
                map.forEach((k, v) -> {
                    write(out, k);
                    write(out, v);
                });
            } else if (value instanceof List<?> list) {
                head(out, 4, list.size());
                list.forEach(item -> write(out, item));
            } else if (value instanceof String text) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                head(out, 3, bytes.length);
                out.write(bytes, 0, bytes.length);
            } else if (value instanceof Double number) {
                out.write(0xfb);
                long bits = Double.doubleToLongBits(number);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (bits >>> shift) & 0xff);
                }
            } else if (value instanceof Instant time) {
                head(out, 6, 1);
                head(out, 0, time.getEpochSecond());
            } else {
                throw new IllegalArgumentException("not encodable here: " + value);
            }
        }

        /** A head of major type {@code major} with argument {@code n} (non-negative). */
        private static void head(ByteArrayOutputStream out, int major, long n) {
            int type = major << 5;
            if (n < 24) {
                out.write(type | (int) n);
            } else if (n < 0x100) {
                out.write(type | 24);
                out.write((int) n);
            } else if (n < 0x10000) {
                out.write(type | 25);
                out.write((int) (n >>> 8));
                out.write((int) n & 0xff);
            } else if (n < 0x1_0000_0000L) {
                out.write(type | 26);
                for (int shift = 24; shift >= 0; shift -= 8) {
                    out.write((int) (n >>> shift) & 0xff);
                }
            } else {
                out.write(type | 27);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (n >>> shift) & 0xff);
                }
            }
        }
    }
}
