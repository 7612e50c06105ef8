package io.github.cognitomackerel.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The runtime's one HTTP stack: every connection, to CloudWatch, SSM and Mackerel alike, is a JDK
 * {@link HttpURLConnection} opened here. So there is one TLS context (the JDK's default, built at the first
 * {@code https} connection and shared by the three services), one keep-alive cache and one proxy rule (the JVM's
 * {@code https.proxyHost}/{@code http.proxyHost} system properties), and no HTTP client thread to wait for at exit.
 * The SDK's URL-connection client is built around {@link #open}, so it builds no TLS context of its own.
 */
public final class HttpConnections {

    /** How long the SDK's calls wait for a connection (the SDK's own default). */
    public static final Duration AWS_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** How long one read of an SDK call may block (the SDK's own default); {@link Bounded} bounds the whole call. */
    public static final Duration AWS_READ_TIMEOUT = Duration.ofSeconds(30);

    private HttpConnections() {
    }

    /**
     * A new, unconnected connection to {@code uri}.
     *
     * @throws IOException when {@code uri} is not an {@code http} or {@code https} URL
     */
    public static HttpURLConnection open(URI uri) throws IOException {
        String scheme = uri.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IOException("not an http(s) URL: " + uri);
        }
        return (HttpURLConnection) uri.toURL().openConnection();
    }

    /**
     * An SDK HTTP client whose connections come from {@link #open}, with the SDK's default connect and read timeouts.
     * Whoever builds it closes it: SDK service clients given it through {@code httpClient(...)} leave it open.
     */
    public static SdkHttpClient forAwsSdk() {
        return UrlConnectionHttpClient.create(uri -> {
            try {
                HttpURLConnection connection = open(uri);
                connection.setConnectTimeout((int) AWS_CONNECT_TIMEOUT.toMillis());
                connection.setReadTimeout((int) AWS_READ_TIMEOUT.toMillis());
                return connection;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
