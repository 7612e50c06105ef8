package io.github.cognitomackerel.runtime.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request a fake received, exactly as it arrived, plus the fake's reading of it.
 *
 * <p>Instances are immutable. Header names are matched case-insensitively.
 */
public final class RecordedRequest {

    /** Headers {@link #toString()} never shows, so a failing assertion does not print a credential. */
    private static final List<String> REDACTED = List.of("Authorization", "X-Api-Key", "X-Amz-Security-Token");

    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final String operation;
    private final Object decodedBody;

    RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body, String operation,
            Object decodedBody) {
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body.clone();
        this.operation = operation;
        this.decodedBody = decodedBody;
    }

    /** The HTTP method, e.g. {@code POST}. */
    public String method() {
        return method;
    }

    /** The request path including any query string, e.g. {@code /api/v0/services/web/tsdb}. */
    public String path() {
        return path;
    }

    /** All headers; the map's keys are case-insensitive. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (case-insensitive name), or {@code null} when the request did not carry it. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A copy of the raw body bytes. */
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8 (meaningful for JSON bodies; CBOR is binary). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The operation the fake understood, e.g. {@code GetMetricData}, {@code AmazonSSM.GetParameter} without the
     * prefix ({@code GetParameter}), or {@code tsdb} for Mackerel; {@code null} when the request did not name one.
     */
    public String operation() {
        return operation;
    }

    /**
     * The decoded body as plain Java values: {@code Map<String, Object>} (in wire order), {@code List<Object>},
     * {@code String}, {@code Long}/{@code BigInteger}, {@code Double}, {@code Boolean}, {@code byte[]} and, for
     * timestamps, {@code java.time.Instant} (CBOR tag 1; in a CloudWatch AWS JSON body, the epoch-second numbers of
     * {@code StartTime} and {@code EndTime}); {@code null} when the body could not be decoded.
     */
    public Object decodedBody() {
        return decodedBody;
    }

    /**
     * The decoded body as an object (a map from member name to value).
     *
     * @throws IllegalStateException when the body was not an object
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> decodedObject() {
        if (decodedBody instanceof Map) {
            return (Map<String, Object>) decodedBody;
        }
        throw new IllegalStateException("the body of " + method + " " + path + " is not an object: " + decodedBody);
    }

    /**
     * Whether {@code text} appears anywhere in this request: path, a header name or value, or the body bytes (as
     * UTF-8). Use it to check that a secret never reached a service it must not reach.
     */
    public boolean contains(String text) {
        if (path.contains(text)) {
            return true;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().contains(text) || header.getValue().stream().anyMatch(v -> v.contains(text))) {
                return true;
            }
        }
        return indexOf(body, text.getBytes(StandardCharsets.UTF_8)) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        if (needle.length == 0) {
            return 0;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A one-line description for assertion messages; credential headers are redacted. */
    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        headers.forEach((name, values) -> shown.add(name + "="
                + (REDACTED.stream().anyMatch(name::equalsIgnoreCase) ? "<redacted>" : values)));
        return method + " " + path + (operation == null ? "" : " (" + operation + ")") + " headers=" + shown
                + " body=" + (decodedBody != null ? decodedBody : Arrays.toString(body));
    }
}
