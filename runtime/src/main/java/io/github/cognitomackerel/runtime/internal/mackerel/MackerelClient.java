package io.github.cognitomackerel.runtime.internal.mackerel;

import io.github.cognitomackerel.runtime.internal.Chunks;
import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.Json;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.MetricValue;
import io.github.cognitomackerel.runtime.internal.config.ApiKey;
import io.github.cognitomackerel.runtime.internal.run.RunStats;

import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.settings.ExporterConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
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
    /** The setting (and construct prop) that holds the API's address. */
    static final String BASE_URL_SETTING = ExporterSettings.BASE_URL + " (construct prop mackerelApiBaseUrl)";
    /** The setting (and construct prop) that holds the batch size. */
    static final String BATCH_SIZE_SETTING = ExporterSettings.BATCH_SIZE + " (construct prop mackerelBatchSize)";
    static final String DEFAULT_BASE_URL = ExporterSettings.DEFAULT_BASE_URL;

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
        return Json.write(batch.stream().map(MetricValue::toMap).toList());
    }

    /**
     * Posts every value in batches of {@code config.batchSize()}, counting calls, retries and posted values in
     * {@code stats}. A batch Mackerel refuses as too large (413) is posted again in two halves, with a warning.
     *
     * @throws ExportException when a batch fails for good; says how many values were posted and what to fix
     */
    public void post(ExporterConfig config, ApiKey key, List<MetricValue> values, Instant deadline, RunStats stats,
            Log log) {
        Optional<String> failure = deliver(config, key, Chunks.of(values, config.batchSize()), deadline, stats, log,
                stats::countPosted);
        if (failure.isPresent()) {
            throw new ExportException("Posted " + stats.posted() + " of " + values.size() + " values to Mackerel: "
                    + failure.get());
        }
    }

    /**
     * Sends one batch (retrying, and splitting it if Mackerel refuses it as too large, like {@link #post}) without
     * counting its values as posted: for a caller that chooses its own batches, e.g. oldest first with a look at the
     * clock between them.
     *
     * @return why the batch failed for good (never containing the key); empty when Mackerel accepted all of it
     */
    public Optional<String> send(ExporterConfig config, ApiKey key, List<MetricValue> batch, Instant deadline,
            RunStats stats, Log log) {
        return deliver(config, key, List.of(batch), deadline, stats, log, posted -> { });
    }

    /** Posts the batches in order, halving one that Mackerel refuses as too large (413), with a warning. */
    private Optional<String> deliver(ExporterConfig config, ApiKey key, List<List<MetricValue>> batches,
            Instant deadline, RunStats stats, Log log, java.util.function.IntConsumer accepted) {
        URI uri = endpoint(config.mackerelBaseUrl(), config.serviceName());
        Deque<List<MetricValue>> pending = new ArrayDeque<>(batches);
        int number = 0;
        while (!pending.isEmpty()) {
            List<MetricValue> batch = pending.poll();
            int n = ++number;
            int of = n + pending.size();
            log.debug(() -> "mackerel batch " + n + "/" + of + " values=" + batch.size() + " to " + uri);
            Outcome outcome = postBatch(uri, config, key, batch, deadline, stats, log);
            if (outcome.tooLarge() && batch.size() > 1) {
                int half = batch.size() / 2;
                pending.addFirst(batch.subList(half, batch.size()));
                pending.addFirst(batch.subList(0, half));
                log.warn("Mackerel refused a batch of " + batch.size() + " values as too large (HTTP 413): posting"
                        + " it in two halves; set " + BATCH_SIZE_SETTING + " to " + half + " or less to save the"
                        + " extra requests");
                continue;
            }
            if (outcome.failure() != null) {
                return Optional.of(key.redact(outcome.failure()));
            }
            accepted.accept(batch.size());
        }
        return Optional.empty();
    }

    /**
     * How one batch ended: posted (both null/false), failed for good, or refused as too large.
     *
     * @param failure why it failed; null when posted or too large
     * @param tooLarge whether Mackerel answered 413
     */
    private record Outcome(String failure, boolean tooLarge) {
        static final Outcome POSTED = new Outcome(null, false);
    }

    /** Sends one batch until it succeeds or fails for good. */
    private Outcome postBatch(URI uri, ExporterConfig config, ApiKey key, List<MetricValue> batch, Instant deadline,
            RunStats stats, Log log) {
        String body = body(batch);
        int attempts = 0;
        String lastProblem = null;
        while (true) {
            Duration timeLeft = Duration.between(clock.instant(), deadline);
            if (timeLeft.isNegative() || timeLeft.isZero()) {
                // Keep why the earlier attempts failed: "no time left" alone tells an operator nothing.
                return failed(lastProblem == null ? "no time left before the run's deadline"
                        : lastProblem + " (stopped after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                                + ": no time left before the run's deadline)");
            }
            attempts++;
            stats.countMackerelCall(attempts > 1);
            String problem;
            Optional<String> retryAfter = Optional.empty();
            try {
                HttpTransport.Response response = transport.send(request(uri, key, body), deadline);
                int status = response.status();
                String detail = detail(response.body(), key);
                if (status == 200 && saysSuccess(response.body())) {
                    return Outcome.POSTED;
                }
                if (status == 413) {
                    if (batch.size() > 1) {
                        return new Outcome(null, true);
                    }
                    return failed("Mackerel refused a single value as too large (HTTP 413" + detail + ")");
                }
                if (!RetryPolicy.isRetryable(status)) {
                    return failed(explain(status, detail, response, uri, config));
                }
                problem = "Mackerel answered HTTP " + status + detail;
                retryAfter = response.header("Retry-After");
            } catch (HttpTransport.Timeout e) {
                problem = "Mackerel at " + uri.getHost() + " " + e.getMessage();
            } catch (IOException e) {
                problem = "could not reach Mackerel at " + uri.getHost() + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed("interrupted while posting");
            } catch (RuntimeException e) {
                // The JDK's messages may quote a header, i.e. the key: keep the type only, never the exception.
                return failed("could not build the request to Mackerel (" + e.getClass().getSimpleName() + ")");
            }
            lastProblem = problem;
            RetryPolicy.Decision decision = retryPolicy.next(attempts, retryAfter, clock.instant(), deadline);
            if (!decision.shouldRetry()) {
                return failed(problem + " (" + decision.reason() + ")");
            }
            String why = problem;
            log.debug(() -> "mackerel retry in " + decision.delay().toMillis() + " ms after: " + why);
            try {
                sleeper.sleep(decision.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(problem + " (interrupted while waiting to retry)");
            }
        }
    }

    private static Outcome failed(String failure) {
        return new Outcome(failure, false);
    }

    /** Whether a body is what Mackerel documents for a post that worked: a JSON object with {@code success: true}. */
    public static boolean saysSuccess(String body) {
        try {
            Object json = Json.parse(body.strip());
            return json instanceof Map && Boolean.TRUE.equals(((Map<?, ?>) json).get("success"));
        } catch (Json.JsonException e) {
            return false;
        }
    }

    /** The POST of one batch; the key travels only in the {@code X-Api-Key} header. */
    public static HttpTransport.Request request(URI uri, ApiKey key, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Api-Key", key.reveal());
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("User-Agent", USER_AGENT);
        return new HttpTransport.Request("POST", uri, headers, body);
    }

    /** What a status that is neither success nor worth retrying means, and how to fix it. */
    static String explain(int status, String detail, HttpTransport.Response response, URI uri,
            ExporterConfig config) {
        String keyParameter = config.apiKeyParameter();
        URI base = config.mackerelBaseUrl();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (status >= 200 && status <= 299) {
            return "Mackerel answered HTTP " + status + " without the {\"success\":true} its API documents" + detail
                    + ": the values may not have been stored; check that " + BASE_URL_SETTING + " (now " + base
                    + ") is Mackerel's API, e.g. " + DEFAULT_BASE_URL;
        }
        if (status >= 300 && status <= 399) {
            String location = response.header("Location").map(l -> " to " + l).orElse(" without a Location");
            return "Mackerel answered HTTP " + status + ", a redirect" + location + ", which is not followed (the API"
                    + " key would go with it): set " + BASE_URL_SETTING + " (now " + base + ") to the API's address,"
                    + " e.g. " + DEFAULT_BASE_URL;
        }
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
                if (!basePath.isEmpty() && !basePath.equals("/")) {
                    return "Mackerel answered HTTP 404" + detail + " for " + uri + ": the base URL " + base
                            + " has a path (" + basePath + "), so it is probably wrong: set " + BASE_URL_SETTING
                            + " to the API's address, e.g. " + DEFAULT_BASE_URL + " (if the path is right, check that"
                            + " service '" + config.serviceName() + "' exists)";
                }
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
