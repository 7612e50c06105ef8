package io.github.cognitomackerel.runtime.internal.mackerel;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends one HTTP request and reads the whole answer, bounded end to end; {@link UrlConnectionTransport} in
 * production, a stub in unit tests. The runtime's only HTTP stack besides the AWS SDK's own.
 */
public interface HttpTransport {

    /**
     * Sends one request; the whole exchange (connect, headers, whole body) ends by {@code deadline} or throws.
     * Redirects are never followed: a 3xx is returned like any other status.
     *
     * @throws Timeout when a limit is hit; its message names the limit
     * @throws IOException when the server cannot be reached or the exchange breaks; the message never holds a header
     *     value
     */
    Response send(Request request, Instant deadline) throws IOException, InterruptedException;

    /**
     * One request.
     *
     * @param method e.g. {@code POST}
     * @param uri absolute {@code http} or {@code https} URI
     * @param headers header name to value (secrets such as {@code X-Api-Key} only here, never in the URI)
     * @param body the body as UTF-8 text; null: no body
     */
    record Request(String method, URI uri, Map<String, String> headers, String body) {

        /** Copies the headers. */
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            headers = Map.copyOf(headers);
        }

        /** Never shows header values (one may be the API key). */
        @Override
        public String toString() {
            return "Request[" + method + " " + uri + " headers=" + headers.keySet() + " body="
                    + (body == null ? "none" : body.length() + " chars") + "]";
        }
    }

    /**
     * A whole answer.
     *
     * @param status status code
     * @param headers response headers (names as received; no status-line entry)
     * @param body the body decoded as UTF-8 (empty when there is none)
     */
    record Response(int status, Map<String, List<String>> headers, String body) {

        /** Copies the headers. */
        public Response {
            headers = Map.copyOf(headers);
            body = body == null ? "" : body;
        }

        /** The first value of a header, by case-insensitive name. */
        public Optional<String> header(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                    return Optional.ofNullable(header.getValue().get(0));
                }
            }
            return Optional.empty();
        }
    }

    /** Which bound cut an exchange short. */
    enum Limit {
        /** The connect timeout: the server did not accept the connection in time. */
        CONNECT("connect timeout"),
        /** The per-attempt limit on one whole exchange (connect, headers and body). */
        ATTEMPT("per-attempt limit"),
        /** The run's deadline, nearer than the per-attempt limit. */
        DEADLINE("run's deadline");

        private final String description;

        Limit(String description) {
            this.description = description;
        }

        /** E.g. {@code per-attempt limit}. */
        public String description() {
            return description;
        }
    }

    /** An exchange that hit a bound; the message says which, after how long and in which phase. */
    final class Timeout extends IOException {
        private static final long serialVersionUID = 1L;

        private final Limit limit;

        /** A timeout of {@code limit} ({@code bound} long) hit while {@code phase} (e.g. "reading the body"). */
        public Timeout(Limit limit, Duration bound, String phase) {
            super("timed out while " + phase + ": hit the " + limit.description() + " (" + millis(bound)
                    + (limit == Limit.DEADLINE ? " after the attempt began)" : ")"));
            this.limit = limit;
        }

        public Limit limit() {
            return limit;
        }

        private static String millis(Duration d) {
            long ms = d.toMillis();
            return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%d ms", ms);
        }
    }
}
