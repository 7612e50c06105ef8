package io.github.cognitomackerel.runtime.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Mackerel API that accepts service metrics: {@code POST /api/v0/services/<serviceName>/tsdb}.
 *
 * <p>Give {@link #endpoint()} to the client as the API base URL. What it checks, answering like Mackerel
 * ({@code {"error":{"message":...}}}) and recording each failure in {@link #violations()}:
 * <ul>
 *   <li>{@code POST} (else 405) to {@code /api/v0/services/<serviceName>/tsdb} (else 404);</li>
 *   <li>{@code X-Api-Key} equal to the expected key (else 401);</li>
 *   <li>a known service (else 404 {@code Service not found});</li>
 *   <li>{@code Content-Type: application/json} and a body that is a JSON array of objects with exactly {@code name}
 *       (a string of {@code [a-zA-Z0-9._-]+}), {@code time} (a positive integer, epoch seconds, at most
 *       {@link #MAX_FUTURE} ahead of the fake's clock) and {@code value} (a number) (else 400, nothing stored).</li>
 * </ul>
 * Like Mackerel, a value older than {@link #RETENTION} is accepted (200) but not recorded ({@link #droppedCount()}),
 * and a later value for the same name and time overwrites the earlier one.
 *
 * <p>Scripted responses ({@link #respondWith}, {@link #failAlways}) answer before anything is stored; the request is
 * still recorded and checked.
 */
public final class FakeMackerel implements AutoCloseable {

    /** How far ahead of the clock a {@code time} may be. */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    /** Values older than this (against the clock) are accepted and dropped, as Mackerel does. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private static final Pattern TSDB_PATH = Pattern.compile("^/api/v0/services/([^/?]+)/tsdb$");
    private static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z0-9._-]+$");
    private static final String AUTHENTICATION_FAILED = "Authentication failed. Please try again after logging in.";

    private final Object lock = new Object();
    private final String apiKey;
    private final Map<String, Map<String, TreeMap<Long, Double>>> services = new LinkedHashMap<>();
    private final Deque<HttpFake.Response> scripted = new ArrayDeque<>();
    private final Deque<HttpFake.Delivery> deliveries = new ArrayDeque<>();
    private HttpFake.Response always;
    private Clock clock = Clock.systemUTC();
    private Duration latency = Duration.ZERO;
    private int dropped;
    private final MackerelManagement management = new MackerelManagement();
    private String readOnlyKey;
    private final HttpFake http;

    private FakeMackerel(String apiKey, String... serviceNames) {
        if (apiKey == null || apiKey.isEmpty()) {
            throw new IllegalArgumentException("apiKey must not be empty");
        }
        this.apiKey = apiKey;
        for (String serviceName : serviceNames) {
            addService(serviceName);
        }
        this.http = HttpFake.start("FakeMackerel", this::handle);
    }

    /**
     * Starts a fake Mackerel on 127.0.0.1 and an ephemeral port.
     *
     * @param apiKey the only {@code X-Api-Key} it accepts
     * @param serviceNames the services that exist (more with {@link #addService})
     */
    public static FakeMackerel start(String apiKey, String... serviceNames) {
        return new FakeMackerel(apiKey, serviceNames);
    }

    /** The API base URL, with a trailing slash, e.g. {@code http://127.0.0.1:41234/}. */
    public URI endpoint() {
        return URI.create(http.endpoint() + "/");
    }

    /** Makes a service exist. */
    public void addService(String serviceName) {
        Objects.requireNonNull(serviceName, "serviceName");
        synchronized (lock) {
            services.putIfAbsent(serviceName, new HashMap<>());
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("name", serviceName);
            service.put("memo", "");
            service.put("roles", List.of());
            management.services.putIfAbsent(serviceName, service);
        }
    }

    /** Accepts a second key that may read but not write: the management API answers its writes with 403. */
    public void setReadOnlyKey(String key) {
        synchronized (lock) {
            this.readOnlyKey = key;
        }
    }

    /** The names of the services that exist. */
    public List<String> serviceNames() {
        synchronized (lock) {
            return List.copyOf(management.services.keySet());
        }
    }

    /** The monitors that exist, by id, as Mackerel would return them. */
    public Map<String, Map<String, Object>> monitors() {
        synchronized (lock) {
            return copy(management.monitors);
        }
    }

    /** The dashboards that exist, by id, as Mackerel would return them. */
    public Map<String, Map<String, Object>> dashboards() {
        synchronized (lock) {
            return copy(management.dashboards);
        }
    }

    private static Map<String, Map<String, Object>> copy(Map<String, Map<String, Object>> objects) {
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        objects.forEach((id, object) -> copy.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(object))));
        return Collections.unmodifiableMap(copy);
    }

    /** Sets the clock that decides which times are too new or too old (default: the system clock, UTC). */
    public void setClock(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        synchronized (lock) {
            this.clock = clock;
        }
    }

    /**
     * Answers the next {@code times} requests with this response instead of processing them, e.g.
     * {@code respondWith(429, Map.of("Retry-After", "1"), "{}", 1)}. Scripts queue in call order and take precedence
     * over {@link #failAlways}.
     *
     * @param body the response body, sent as {@code application/json} unless {@code headers} says otherwise
     */
    public void respondWith(int status, Map<String, String> headers, String body, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive, got " + times);
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        headers.forEach((name, value) -> {
            all.keySet().removeIf(name::equalsIgnoreCase);
            all.put(name, value);
        });
        HttpFake.Response response = new HttpFake.Response(status, Collections.unmodifiableMap(all),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        synchronized (lock) {
            for (int i = 0; i < times; i++) {
                scripted.add(response);
            }
        }
    }

    /**
     * Holds the next {@code times} answers (scripted or normal) for {@code wait} before their status line: a server
     * that accepts the connection and then says nothing.
     */
    public void stallBeforeHeaders(Duration wait, int times) {
        deliver(HttpFake.Delivery.stallBeforeHeaders(wait), times);
    }

    /** Sends the status line and headers of the next {@code times} answers, then holds the body for {@code wait}. */
    public void stallAfterHeaders(Duration wait, int times) {
        deliver(HttpFake.Delivery.stallAfterHeaders(wait), times);
    }

    /**
     * Sends the body of the next {@code times} answers one byte every {@code every}: each read gets a byte long
     * before any read timeout, yet the whole answer takes body length times {@code every}.
     */
    public void dripBody(Duration every, int times) {
        deliver(HttpFake.Delivery.drip(every), times);
    }

    private void deliver(HttpFake.Delivery delivery, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive, got " + times);
        }
        synchronized (lock) {
            for (int i = 0; i < times; i++) {
                deliveries.add(delivery);
            }
        }
    }

    /** Answers every request with {@code status} and an error body until {@link #reset()}. */
    public void failAlways(int status) {
        synchronized (lock) {
            always = error(status, "FakeMackerel.failAlways(" + status + ")");
        }
    }

    /**
     * Makes every later request wait this long before it is answered (a slow Mackerel), e.g. to let a run's
     * deadline pass part way through its batches.
     */
    public void setLatency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        synchronized (lock) {
            this.latency = latency;
        }
    }

    /** Drops every scripted response and {@link #failAlways}: requests are processed normally again. */
    public void reset() {
        synchronized (lock) {
            scripted.clear();
            deliveries.clear();
            always = null;
        }
    }

    /**
     * The values recorded for the only service: metric name to (epoch seconds to value), sorted by time.
     *
     * @throws IllegalStateException when the fake has more or fewer than one service
     */
    public Map<String, Map<Long, Double>> values() {
        synchronized (lock) {
            if (services.size() != 1) {
                throw new IllegalStateException("values() needs exactly one service, have " + services.keySet()
                        + "; use values(serviceName)");
            }
            return values(services.keySet().iterator().next());
        }
    }

    /** An immutable snapshot of one service's values: metric name to (epoch seconds to value). */
    public Map<String, Map<Long, Double>> values(String serviceName) {
        synchronized (lock) {
            Map<String, TreeMap<Long, Double>> service = services.get(serviceName);
            if (service == null) {
                throw new IllegalArgumentException("no service '" + serviceName + "'");
            }
            Map<String, Map<Long, Double>> copy = new TreeMap<>();
            service.forEach((name, points) -> copy.put(name, Collections.unmodifiableMap(new TreeMap<>(points))));
            return Collections.unmodifiableMap(copy);
        }
    }

    /** How many values were accepted but dropped for being older than {@link #RETENTION}. */
    public int droppedCount() {
        synchronized (lock) {
            return dropped;
        }
    }

    /**
     * Every request received, in arrival order, with headers and body (decoded JSON when it parsed); search them
     * with {@link RecordedRequest#contains} to prove a secret went nowhere else.
     */
    public List<RecordedRequest> requests() {
        return http.requests();
    }

    /** Every invalid request (bad method, path, key, service, content type or body), described. */
    public List<String> violations() {
        return http.violations();
    }

    /** Stops the server. */
    @Override
    public void close() {
        http.close();
    }

    // ---------------------------------------------------------------------------------------------- wire handling

    private HttpFake.Response handle(HttpFake.Incoming in) {
        HttpFake.Response response = answer(in);
        HttpFake.Delivery delivery;
        synchronized (lock) {
            delivery = deliveries.poll();
        }
        return delivery == null ? response : response.delivered(delivery);
    }

    private HttpFake.Response answer(HttpFake.Incoming in) {
        if (MackerelManagement.handles(in.path)) {
            return manage(in);
        }
        Matcher path = TSDB_PATH.matcher(in.path);
        if (path.matches()) {
            in.operation = "tsdb";
        }
        HttpFake.Response override;
        Duration wait;
        synchronized (lock) {
            override = scripted.isEmpty() ? always : scripted.poll();
            wait = latency;
        }
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        HttpFake.Response outcome;
        List<Accepted> accepted = new ArrayList<>();
        String service = null;
        try {
            if (!path.matches()) {
                throw new ServiceError(404, null, "Not found: " + in.path, true);
            }
            if (!"POST".equals(in.method)) {
                throw new ServiceError(405, null, "Method not allowed: " + in.method, true);
            }
            if (!apiKey.equals(in.header("X-Api-Key"))) {
                throw new ServiceError(401, null, AUTHENTICATION_FAILED, true);
            }
            service = path.group(1);
            synchronized (lock) {
                if (!services.containsKey(service)) {
                    throw new ServiceError(404, null, "Service not found.", true);
                }
            }
            String contentType = in.header("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT)
                    .matches("application/json\\s*(;\\s*charset=utf-8)?")) {
                throw ServiceError.invalid("Content-Type must be application/json, got " + contentType);
            }
            Object decoded;
            try {
                decoded = Json.decode(in.body);
            } catch (IOException e) {
                throw ServiceError.invalid("the body is not valid JSON: " + e.getMessage());
            }
            in.decoded = decoded;
            accepted = validate(decoded);
            outcome = new HttpFake.Response(200, Map.of("Content-Type", "application/json"),
                    "{\"success\":true}".getBytes(StandardCharsets.UTF_8));
        } catch (ServiceError e) {
            http.violation(in, e.getMessage());
            outcome = error(e.status, e.getMessage());
        }
        if (override != null) {
            return override;
        }
        if (outcome.status() == 200) {
            store(service, accepted);
        }
        return outcome;
    }

    /** The services, monitors and dashboards API (see {@link MackerelManagement}). */
    private HttpFake.Response manage(HttpFake.Incoming in) {
        in.operation = MackerelManagement.operation(in.method, in.path);
        HttpFake.Response override;
        synchronized (lock) {
            override = scripted.isEmpty() ? always : scripted.poll();
        }
        HttpFake.Response outcome;
        try {
            String key = in.header("X-Api-Key");
            boolean writable;
            synchronized (lock) {
                writable = apiKey.equals(key);
                if (!writable && (readOnlyKey == null || !readOnlyKey.equals(key))) {
                    throw new ServiceError(401, null, AUTHENTICATION_FAILED, key == null);
                }
            }
            Object body = null;
            if (MackerelManagement.hasBody(in.method)) {
                String contentType = in.header("Content-Type");
                if (contentType == null || !contentType.toLowerCase(Locale.ROOT)
                        .matches("application/json\\s*(;\\s*charset=utf-8)?")) {
                    throw ServiceError.invalid("Content-Type must be application/json, got " + contentType);
                }
                try {
                    body = Json.decode(in.body);
                } catch (IOException e) {
                    throw ServiceError.invalid("the body is not valid JSON: " + e.getMessage());
                }
                in.decoded = body;
            } else if (in.body.length > 0) {
                throw ServiceError.invalid("a " + in.method + " request has no body");
            }
            if (override != null) {
                return override;
            }
            synchronized (lock) {
                outcome = management.handle(in, body, writable);
                // The tsdb endpoint accepts values for exactly the services that exist.
                for (String name : management.services.keySet()) {
                    services.putIfAbsent(name, new HashMap<>());
                }
                services.keySet().retainAll(management.services.keySet());
            }
        } catch (ServiceError e) {
            if (e.violation) {
                http.violation(in, e.getMessage());
            }
            outcome = error(e.status, e.getMessage());
        }
        return override != null ? override : outcome;
    }

    /** Checks the body; returns its values, each marked with whether it is old enough to be dropped. */
    private List<Accepted> validate(Object decoded) {
        if (!(decoded instanceof List)) {
            throw ServiceError.invalid("the body must be a JSON array of metric values, got "
                    + Members.describe(decoded));
        }
        List<?> items = (List<?>) decoded;
        long now;
        synchronized (lock) {
            now = clock.instant().getEpochSecond();
        }
        List<Accepted> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String where = "[" + i + "]";
            Map<String, Object> item = Members.object(items.get(i), where);
            if (!item.keySet().equals(Set.of("name", "time", "value"))) {
                throw ServiceError.invalid(where + " must have exactly the keys name, time and value, got "
                        + item.keySet());
            }
            Object name = item.get("name");
            if (!(name instanceof String) || !METRIC_NAME.matcher((String) name).matches()) {
                throw ServiceError.invalid(where + ".name must be a string of [a-zA-Z0-9._-]+, got "
                        + Members.describe(name));
            }
            Object time = item.get("time");
            if (!(time instanceof Long) || (Long) time <= 0) {
                throw ServiceError.invalid(where + ".time must be a positive integer (epoch seconds), got "
                        + Members.describe(time));
            }
            long seconds = (Long) time;
            if (seconds > now + MAX_FUTURE.getSeconds()) {
                throw ServiceError.invalid(where + ".time " + seconds + " is more than " + MAX_FUTURE
                        + " in the future of " + now);
            }
            Object value = item.get("value");
            if (!(value instanceof Long || value instanceof Double || value instanceof BigInteger)) {
                throw ServiceError.invalid(where + ".value must be a number, got " + Members.describe(value));
            }
            boolean tooOld = seconds < now - RETENTION.getSeconds();
            values.add(new Accepted((String) name, seconds, ((Number) value).doubleValue(), tooOld));
        }
        return values;
    }

    private void store(String service, List<Accepted> accepted) {
        synchronized (lock) {
            Map<String, TreeMap<Long, Double>> target = services.get(service);
            for (Accepted value : accepted) {
                if (value.tooOld) {
                    dropped++;
                } else {
                    target.computeIfAbsent(value.name, n -> new TreeMap<>()).put(value.time, value.value);
                }
            }
        }
    }

    private static HttpFake.Response error(int status, String message) {
        return new HttpFake.Response(status, Map.of("Content-Type", "application/json"),
                Json.encode(Map.of("error", Map.of("message", message))));
    }

    private record Accepted(String name, long time, double value, boolean tooOld) {
    }
}
