package io.github.cognitomackerel.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The runtime's one HTTP stack: every connection, to CloudWatch, SSM and Mackerel alike, is a JDK
 * {@link HttpURLConnection} opened here. So there is one TLS context (the JDK's default, built at the first
 * {@code https} connection and shared by the three services), one keep-alive cache, and no HTTP client thread to wait
 * for at exit. The SDK's URL-connection client is built around {@link #open(URI, ProxyConfiguration)}, so it builds
 * no TLS context of its own, and keeps the proxy rule its builder would have applied: {@link ProxyConfiguration}'s
 * defaults ({@code http.proxyHost}/{@code http.proxyPort}/{@code http.nonProxyHosts}, else {@code HTTP_PROXY} and
 * {@code NO_PROXY}), with Basic credentials when it has them (for {@code http} targets only: over {@code https} the
 * JDK would carry them to the service, not the proxy). Mackerel's connections follow the JVM's own proxy
 * selection, as before.
 */
public final class HttpConnections {

    /** How long the SDK's calls wait for a connection (the SDK's own default). */
    public static final Duration AWS_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** How long one read of an SDK call may block (the SDK's own default); {@link Bounded} bounds the whole call. */
    public static final Duration AWS_READ_TIMEOUT = Duration.ofSeconds(30);

    /** Opens a connection to a URI (the runtime's is {@link #open(URI)}). */
    @FunctionalInterface
    public interface Opener {
        HttpURLConnection open(URI uri) throws IOException;
    }

    private HttpConnections() {
    }

    /**
     * A new, unconnected connection to {@code uri}.
     *
     * @throws IOException when {@code uri} is not an {@code http} or {@code https} URL
     */
    public static HttpURLConnection open(URI uri) throws IOException {
        return open(uri, null);
    }

    /**
     * A new, unconnected connection to {@code uri}, through {@code proxy}'s host unless it is null, has no host or
     * excludes {@code uri}'s host, as the SDK's URL-connection client does.
     *
     * @throws IOException when {@code uri} is not an {@code http} or {@code https} URL
     */
    static HttpURLConnection open(URI uri, ProxyConfiguration proxy) throws IOException {
        String scheme = uri.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IOException("not an http(s) URL: " + uri);
        }
        if (proxy == null || proxy.host() == null || excluded(uri, proxy)) {
            return (HttpURLConnection) uri.toURL().openConnection();
        }
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(
                new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
        String authorization = proxyAuthorization(uri, proxy);
        if (authorization != null) {
            connection.addRequestProperty("proxy-authorization", authorization);
        }
        return connection;
    }

    /**
     * The {@code Proxy-Authorization} value for a request to {@code uri} through {@code proxy}: Basic credentials when
     * it has a user name and a password, for {@code http} targets only (over {@code https} the JDK opens the tunnel
     * with headers of its own and sends these to the service inside it, where the proxy never sees them); else null.
     */
    static String proxyAuthorization(URI uri, ProxyConfiguration proxy) {
        if (!"http".equalsIgnoreCase(uri.getScheme()) || proxy.username() == null || proxy.username().isEmpty()
                || proxy.password() == null || proxy.password().isEmpty()) {
            return null;
        }
        String credentials = proxy.username() + ":" + proxy.password();
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether one of the proxy's non-proxy host patterns (regular expressions) matches the host. */
    private static boolean excluded(URI uri, ProxyConfiguration proxy) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return proxy.nonProxyHosts().stream().anyMatch(host::matches);
    }

    /**
     * An SDK HTTP client whose connections come from {@link #open(URI, ProxyConfiguration)} with the SDK's default
     * proxy settings, and the SDK's default connect and read timeouts. Whoever builds it closes it: SDK service
     * clients given it through {@code httpClient(...)} leave it open.
     */
    public static SdkHttpClient forAwsSdk() {
        return forAwsSdk(ProxyConfiguration.builder().build());
    }

    /** {@link #forAwsSdk()} with this proxy configuration (tests give one explicitly). */
    static SdkHttpClient forAwsSdk(ProxyConfiguration proxy) {
        return UrlConnectionHttpClient.create(uri -> {
            try {
                HttpURLConnection connection = open(uri, proxy);
                connection.setConnectTimeout((int) AWS_CONNECT_TIMEOUT.toMillis());
                connection.setReadTimeout((int) AWS_READ_TIMEOUT.toMillis());
                return connection;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
