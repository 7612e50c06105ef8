package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.settings.ExporterConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts service-metric values to Mackerel ({@code POST <base>api/v0/services/<service>/tsdb}) in batches, retrying
 * per {@link RetryPolicy} and never past the deadline. Reused by every run of an exporter.
 */
public final class MackerelClient {

    /** The longest a single request may take, connect, headers and whole body included. */
    public static final Duration REQUEST_TIMEOUT = UrlConnectionTransport.DEFAULT_ATTEMPT_LIMIT;
    static final String USER_AGENT = "cognito-mackerel-metrics";

    private static final int MAX_DETAIL = 200;

    private final HttpTransport transport;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final Clock clock;

    /** A client; tests inject a stub transport, a seeded policy, a recording sleeper and a fake clock. */
    public MackerelClient(HttpTransport transport, RetryPolicy retryPolicy, Sleeper sleeper, Clock clock) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The production client: HTTP transport, standard retry policy, real sleeps. */
    public static MackerelClient create(Clock clock) {
        return new MackerelClient(new UrlConnectionTransport(clock), RetryPolicy.standard(), Sleeper.system(), clock);
    }

    /** The endpoint for a service: {@code <base>api/v0/services/<service>/tsdb}. */
    public static URI endpoint(URI baseUrl, String serviceName) {
        return baseUrl.resolve("api/v0/services/" + serviceName + "/tsdb");
    }

    /** The request body of one batch: a JSON array of values. */
    public static String body(List<MetricValue> batch) {
        StringBuilder out = new StringBuilder(batch.size() * 72 + 2);
        out.append('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            batch.get(i).appendJson(out);
        }
        return out.append(']').toString();
    }

    /**
     * Posts every value in batches of {@code config.batchSize()}, counting calls, retries and posted values in
     * {@code stats}.
     *
     * @throws ExportException when a batch fails for good; says how many values were posted and what to fix
     */
    public void post(ExporterConfig config, ApiKey key, List<MetricValue> values, Instant deadline, RunStats stats, Log log) {
        URI uri = endpoint(config.mackerelBaseUrl(), config.serviceName());
        List<List<MetricValue>> batches = Chunks.of(values, config.batchSize());
        for (int i = 0; i < batches.size(); i++) {
            List<MetricValue> batch = batches.get(i);
            int number = i + 1;
            log.debug(() -> "mackerel batch " + number + "/" + batches.size() + " values=" + batch.size() + " to "
                    + uri);
            Optional<String> failure = postBatch(uri, config, key, batch, deadline, stats, log);
            if (failure.isPresent()) {
                throw new ExportException("Posted " + stats.posted + " of " + values.size() + " values to Mackerel: "
                        + key.redact(failure.get()));
            }
            stats.posted += batch.size();
        }
    }

    /**
     * Sends one batch (retrying like {@link #post}) without counting its values as posted: for a caller that
     * chooses its own batches, e.g. oldest first with a look at the clock between them.
     *
     * @return why the batch failed for good (never containing the key); empty when Mackerel accepted it
     */
    public Optional<String> send(ExporterConfig config, ApiKey key, List<MetricValue> batch, Instant deadline, RunStats stats,
            Log log) {
        URI uri = endpoint(config.mackerelBaseUrl(), config.serviceName());
        return postBatch(uri, config, key, batch, deadline, stats, log).map(key::redact);
    }

    /** Sends one batch until it succeeds or fails for good; returns the failure. */
    private Optional<String> postBatch(URI uri, ExporterConfig config, ApiKey key, List<MetricValue> batch, Instant deadline,
            RunStats stats, Log log) {
        String body = body(batch);
        int attempts = 0;
        String lastProblem = null;
        while (true) {
            Duration timeLeft = Duration.between(clock.instant(), deadline);
            if (timeLeft.isNegative() || timeLeft.isZero()) {
                // Keep why the earlier attempts failed: "no time left" alone tells an operator nothing.
                return Optional.of(lastProblem == null ? "no time left before the run's deadline"
                        : lastProblem + " (stopped after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                                + ": no time left before the run's deadline)");
            }
            attempts++;
            stats.mackerelCalls++;
            if (attempts > 1) {
                stats.retries++;
            }
            String problem;
            Optional<String> retryAfter = Optional.empty();
            try {
                HttpTransport.Response response = transport.send(request(uri, key, body), deadline);
                int status = response.status();
                if (status >= 200 && status <= 299) {
                    return Optional.empty();
                }
                String detail = detail(response.body(), key);
                if (!RetryPolicy.isRetryable(status)) {
                    return Optional.of(explain(status, detail, config));
                }
                problem = "Mackerel answered HTTP " + status + detail;
                retryAfter = response.header("Retry-After");
            } catch (IOException e) {
                problem = "could not reach Mackerel at " + uri.getHost() + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while posting");
            } catch (RuntimeException e) {
                // The JDK's messages may quote a header, i.e. the key: keep the type only, never the exception.
                return Optional.of("could not build the request to Mackerel (" + e.getClass().getSimpleName() + ")");
            }
            lastProblem = problem;
            RetryPolicy.Decision decision = retryPolicy.next(attempts, retryAfter, clock.instant(), deadline);
            if (!decision.shouldRetry()) {
                return Optional.of(problem + " (" + decision.reason() + ")");
            }
            String why = problem;
            log.debug(() -> "mackerel retry in " + decision.delay().toMillis() + " ms after: " + why);
            try {
                sleeper.sleep(decision.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(problem + " (interrupted while waiting to retry)");
            }
        }
    }

    /** The POST of one batch; the key travels only in the {@code X-Api-Key} header. */
    static HttpTransport.Request request(URI uri, ApiKey key, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Api-Key", key.reveal());
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("User-Agent", USER_AGENT);
        return new HttpTransport.Request("POST", uri, headers, body);
    }

    /** What a non-retryable status means and how to fix it. */
    static String explain(int status, String detail, ExporterConfig config) {
        String keyParameter = config.apiKeyParameter();
        switch (status) {
            case 400:
                return "Mackerel rejected the values as invalid (HTTP 400" + detail + "): check the settings " + ExporterSettings.PREFIX + " and "
                        + ExporterSettings.CLIENT_PREFIX + "<alias> (props metricNamePrefix and clients)";
            case 401:
                return "Mackerel rejected the API key (HTTP 401" + detail + "): put a valid API key in "
                        + keyParameter;
            case 403:
                return "Mackerel refused the request (HTTP 403" + detail + "): the API key lacks Write permission or "
                        + "your IP is not allowed: put a key with Write permission in " + keyParameter
                        + " or allow this IP address for the key";
            case 404:
                return "service '" + config.serviceName() + "' does not exist in Mackerel (HTTP 404" + detail
                        + "): create it in Mackerel or fix the setting " + ExporterSettings.SERVICE_NAME + " (prop mackerelServiceName)";
            default:
                return "Mackerel answered HTTP " + status + detail;
        }
    }

    /** {@code ": <message>"} from an error body ({@code {"error":{"message":...}}} or text), short, one line. */
    static String detail(String body, ApiKey key) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        try {
            Object json = Json.parse(text);
            if (json instanceof Map) {
                Object error = ((Map<?, ?>) json).get("error");
                if (error instanceof Map && ((Map<?, ?>) error).get("message") instanceof String) {
                    text = (String) ((Map<?, ?>) error).get("message");
                } else if (error instanceof String) {
                    text = (String) error;
                }
            }
        } catch (Json.JsonException e) {
            // not JSON: use the text
        }
        text = key.redact(text).replaceAll("\\s+", " ").strip();
        if (text.length() > MAX_DETAIL) {
            text = text.substring(0, MAX_DETAIL) + "...";
        }
        return text.isEmpty() ? "" : ": " + text;
    }
}
