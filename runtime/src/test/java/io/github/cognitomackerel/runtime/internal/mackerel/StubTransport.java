package io.github.cognitomackerel.runtime.internal.mackerel;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** An HTTP transport for unit tests: records requests and answers from a script (then 200 {"success":true}). */
public final class StubTransport implements HttpTransport {

    /** One recorded request. */
    public record Sent(String method, URI uri, Map<String, String> headers, String body, Instant deadline) {
        public String apiKey() {
            return headers.get("X-Api-Key");
        }
    }

    public final List<Sent> requests = new ArrayList<>();
    private final Deque<Object> script = new ArrayDeque<>();

    /** Answers the next request with this status, optional {@code Retry-After} and body. */
    public StubTransport then(int status, String retryAfter, String body) {
        return thenWithHeaders(status, retryAfter == null ? Map.of() : Map.of("Retry-After", List.of(retryAfter)), body);
    }

    /** Answers the next request with this status, headers and body. */
    public StubTransport thenWithHeaders(int status, Map<String, List<String>> headers, String body) {
        script.add(new Response(status, headers, body));
        return this;
    }

    public StubTransport then(int status) {
        return then(status, (String) null, status == 200 ? "{\"success\":true}" : "");
    }

    /** Fails the next request with this exception. */
    public StubTransport thenThrow(IOException e) {
        script.add(e);
        return this;
    }

    @Override
    public Response send(Request request, Instant deadline) throws IOException {
        requests.add(new Sent(request.method(), request.uri(), request.headers(), request.body(), deadline));
        Object next = script.isEmpty() ? new Response(200, Map.of("Content-Type", List.of("application/json")),
                "{\"success\":true}") : script.poll();
        if (next instanceof IOException) {
            throw (IOException) next;
        }
        return (Response) next;
    }
}
