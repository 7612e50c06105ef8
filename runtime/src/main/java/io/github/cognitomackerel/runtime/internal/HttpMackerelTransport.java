package io.github.cognitomackerel.runtime.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@link MackerelTransport} over {@code java.net.http.HttpClient}, built once and reused by every run. */
public final class HttpMackerelTransport implements MackerelTransport {

    static final String USER_AGENT = "cognito-mackerel-metrics";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;

    /** A transport with its own HTTP client (HTTP/1.1, 5 s connect timeout, no redirects). */
    public HttpMackerelTransport() {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Response post(URI uri, ApiKey key, String body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("X-Api-Key", key.reveal())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
    }
}
