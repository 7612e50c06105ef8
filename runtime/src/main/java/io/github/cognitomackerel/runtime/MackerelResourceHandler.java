package io.github.cognitomackerel.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.github.cognitomackerel.runtime.internal.config.ApiKey;
import io.github.cognitomackerel.runtime.internal.AwsClients;
import io.github.cognitomackerel.runtime.internal.config.ConfigLoader;
import io.github.cognitomackerel.runtime.internal.mackerel.CustomResourceEvent;
import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.mackerel.HttpTransport;
import io.github.cognitomackerel.runtime.internal.mackerel.UrlConnectionTransport;
import io.github.cognitomackerel.runtime.internal.Json;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelApi;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelApiException;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelResources;
import io.github.cognitomackerel.runtime.internal.run.RunStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The custom-resource function ({@code io.github.cognitomackerel.runtime.MackerelResourceHandler::handleRequest}):
 * creates, updates and deletes the Mackerel service, monitors and dashboard of a stack (see
 * {@link MackerelResources}), then answers CloudFormation by {@code PUT}ting the result to the request's pre-signed
 * {@code ResponseURL}, as CloudFormation's custom-resource protocol asks.
 *
 * <p>Every request is answered: SUCCESS with the Mackerel ids (physical id and {@code Data}), or FAILED with a reason
 * that says what to fix and never holds the API key. Mackerel calls end {@link #ANSWER_RESERVE} before Lambda's
 * timeout, so the answer goes out even when Mackerel hangs. The key is read at each event, with decryption, from the
 * SecureString named by the {@code ApiKeyParameter} property. The function writes one JSON line per event to its log
 * and returns that line.
 *
 * <p>It reads {@code AWS_REGION}, the {@code AWS_*} credential variables and {@code AWS_ENDPOINT_URL(_SSM)} from its
 * environment, as the exporter's {@link Handler} does.
 */
public final class MackerelResourceHandler implements RequestStreamHandler {

    /** Time kept back from Lambda's remaining time for answering CloudFormation. */
    static final Duration ANSWER_RESERVE = Duration.ofSeconds(10);
    /** The budget when no Lambda context is given. */
    static final Duration NO_CONTEXT_BUDGET = Duration.ofSeconds(60);
    /** CloudFormation refuses answers above 4096 bytes; reasons are cut to fit. */
    static final int MAX_REASON = 2048;

    private final Clock clock;
    private final HttpTransport transport;
    private final Function<Map<String, String>, SsmClient> ssmFactory;
    private final Map<String, String> environment;
    private final Duration answerReserve;
    private SsmClient ssm;

    /** The handler Lambda instantiates (process environment, real clock, the runtime's HTTP transport). */
    public MackerelResourceHandler() {
        this(System.getenv());
    }

    /** A handler reading its AWS settings from {@code environment} (e.g. endpoints of local fakes). */
    public MackerelResourceHandler(Map<String, String> environment) {
        this(environment, Clock.systemUTC(), new UrlConnectionTransport(Clock.systemUTC()), ANSWER_RESERVE);
    }

    /** For tests: a transport and a shorter reserve, to prove the answer beats a short Lambda timeout. */
    MackerelResourceHandler(Map<String, String> environment, Clock clock, HttpTransport transport,
            Duration answerReserve) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.answerReserve = Objects.requireNonNull(answerReserve, "answerReserve");
        this.ssmFactory = env -> AwsClients.fromEnvironment(env).ssm();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant started = clock.instant();
        Instant end = started.plus(context == null ? NO_CONTEXT_BUDGET
                : Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis())));
        Instant workDeadline = end.minus(answerReserve).isBefore(started) ? started : end.minus(answerReserve);
        String text = input == null ? "" : new String(input.readAllBytes(), StandardCharsets.UTF_8);
        CustomResourceEvent event;
        try {
            event = CustomResourceEvent.parse(text);
        } catch (RuntimeException e) {
            // Without a ResponseURL there is no one to answer; CloudFormation never sends such an event.
            String line = Json.write(Map.of("status", "FAILED", "reason", "not a CloudFormation custom-resource "
                    + "request: " + e.getMessage()));
            log(context, line, true);
            throw new IllegalArgumentException(line, e);
        }
        ApiKey[] key = new ApiKey[1];
        Map<String, Object> answer;
        String status;
        try {
            MackerelResources.Outcome outcome = process(event, workDeadline, key);
            answer = answer(event, "SUCCESS", outcome.physicalResourceId(), null, outcome.data());
            status = "SUCCESS";
        } catch (MackerelApiException | ExportException | IllegalArgumentException e) {
            answer = failure(event, e.getMessage(), key[0]);
            status = "FAILED";
        } catch (RuntimeException e) {
            answer = failure(event, "unexpected error in " + getClass().getSimpleName() + ": " + e, key[0]);
            status = "FAILED";
        }
        String delivery = deliver(event.responseUrl(), answer, end.minus(Duration.ofMillis(500)));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("status", status);
        line.put("requestType", event.requestType());
        line.put("resourceType", event.resourceType());
        line.put("logicalResourceId", event.logicalResourceId());
        line.put("physicalResourceId", answer.get("PhysicalResourceId"));
        if (answer.containsKey("Reason")) {
            line.put("reason", answer.get("Reason"));
        }
        line.put("answered", delivery);
        line.put("millis", Math.max(0, Duration.between(started, clock.instant()).toMillis()));
        String written = Json.write(line);
        log(context, written, !status.equals("SUCCESS") || !delivery.equals("ok"));
        output.write(written.getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    private MackerelResources.Outcome process(CustomResourceEvent event, Instant deadline, ApiKey[] key) {
        if (MackerelResources.nothingToDelete(event)) {
            return new MackerelResources.Outcome(event.physicalResourceId(), Map.of());
        }
        CustomResourceEvent.Props properties = event.properties();
        String parameter = properties.string("ApiKeyParameter");
        URI baseUrl = baseUrl(properties.string("MackerelApiBaseUrl"));
        key[0] = new ConfigLoader(ssm()).apiKey(parameter, "the ApiKeyParameter of " + event.logicalResourceId(),
                new RunStats());
        return MackerelResources.apply(event, new MackerelApi(transport, baseUrl, key[0], parameter, deadline));
    }

    private static URI baseUrl(String value) {
        String withSlash = value.endsWith("/") ? value : value + "/";
        try {
            URI uri = URI.create(withSlash);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("MackerelApiBaseUrl must be a URL like https://api.mackerelio.com/, got '"
                + value + "'");
    }

    private synchronized SsmClient ssm() {
        if (ssm == null) {
            ssm = ssmFactory.apply(environment);
        }
        return ssm;
    }

    private static Map<String, Object> failure(CustomResourceEvent event, String reason, ApiKey key) {
        String safe = key == null ? reason : key.redact(reason);
        if (safe == null || safe.isBlank()) {
            safe = "failed without a message";
        }
        if (safe.length() > MAX_REASON) {
            safe = safe.substring(0, MAX_REASON) + "...";
        }
        // A failed Create has created nothing: the rollback's Delete sees this id and does nothing.
        String physicalId = event.is(CustomResourceEvent.CREATE)
                ? MackerelResources.NOT_CREATED + event.requestId() : event.physicalResourceId();
        return answer(event, "FAILED", physicalId, safe, Map.of());
    }

    private static Map<String, Object> answer(CustomResourceEvent event, String status, String physicalId,
            String reason, Map<String, String> data) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Status", status);
        if (reason != null) {
            answer.put("Reason", reason);
        }
        answer.put("PhysicalResourceId", physicalId);
        answer.put("StackId", event.stackId());
        answer.put("RequestId", event.requestId());
        answer.put("LogicalResourceId", event.logicalResourceId());
        answer.put("NoEcho", false);
        answer.put("Data", data);
        return answer;
    }

    /** PUTs the answer to the pre-signed URL; returns {@code ok} or what went wrong (never throws). */
    private String deliver(URI responseUrl, Map<String, Object> answer, Instant deadline) {
        Map<String, String> headers = new LinkedHashMap<>();
        // The URL is pre-signed for a PUT without a content type; CloudFormation's own helpers send it empty.
        headers.put("Content-Type", "");
        try {
            HttpTransport.Response response = transport.send(
                    new HttpTransport.Request("PUT", responseUrl, headers, Json.write(answer)), deadline);
            return response.status() >= 200 && response.status() < 300 ? "ok"
                    : "the response URL answered " + response.status();
        } catch (IOException e) {
            return "could not reach the response URL: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while answering";
        }
    }

    private static void log(Context context, String line, boolean error) {
        LambdaLogger logger = context == null ? null : context.getLogger();
        if (logger == null) {
            System.out.println(line);
        } else {
            logger.log(line, error ? LogLevel.ERROR : LogLevel.INFO);
        }
    }
}
