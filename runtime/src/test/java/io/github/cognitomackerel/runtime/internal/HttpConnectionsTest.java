package io.github.cognitomackerel.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cognitomackerel.runtime.testing.FakeSsm;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK's HTTP client built around {@link HttpConnections}: it keeps the proxy rule the SDK's own builder applies
 * (proxy host, non-proxy hosts, Basic credentials), with a real SSM client over HTTP to the local SSM fake, which
 * plays the proxy (an HTTP proxy receives the absolute URL and forwards it; the fake answers it itself).
 */
class HttpConnectionsTest {

    /** A host nothing resolves: reached only through a proxy. */
    private static final URI BEHIND_PROXY = URI.create("http://ssm.behind-proxy.invalid:8080");

    private static SsmClient ssm(SdkHttpClient http, URI endpoint) {
        return SsmClient.builder().httpClient(http).endpointOverride(endpoint).region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPROXYTEST0000001",
                        "proxy-test-secret")))
                .build();
    }

    private static ProxyConfiguration.Builder explicit(URI proxy) {
        return ProxyConfiguration.builder().endpoint(proxy).useSystemPropertyValues(false)
                .useEnvironmentVariablesValues(false);
    }

    @Test
    void awsCallsGoThroughTheConfiguredProxyWithItsCredentials() {
        try (FakeSsm proxy = FakeSsm.start();
                SdkHttpClient http = HttpConnections.forAwsSdk(explicit(proxy.endpoint()).username("proxyuser")
                        .password("proxy-pass").build());
                SsmClient ssm = ssm(http, BEHIND_PROXY)) {
            proxy.putParameter("via-proxy", "reached");

            assertEquals("reached", ssm.getParameter(r -> r.name("via-proxy")).parameter().value());

            RecordedRequest request = proxy.requests().get(0);
            assertEquals("Basic " + Base64.getEncoder().encodeToString("proxyuser:proxy-pass"
                    .getBytes(StandardCharsets.UTF_8)), request.header("Proxy-Authorization"));
            assertEquals(java.util.List.of(), proxy.violations());
        }
    }

    @Test
    void aNonProxyHostIsReachedDirectly() {
        try (FakeSsm ssmFake = FakeSsm.start();
                SdkHttpClient http = HttpConnections.forAwsSdk(explicit(URI.create("http://127.0.0.1:9"))
                        .nonProxyHosts(Set.of("127\\.0\\.0\\.1")).build());
                SsmClient ssm = ssm(http, ssmFake.endpoint())) {
            ssmFake.putParameter("direct", "reached");

            assertEquals("reached", ssm.getParameter(r -> r.name("direct")).parameter().value());
            assertNull(ssmFake.requests().get(0).header("Proxy-Authorization"));
        }
    }

    @Test
    void withoutAProxyAHostOnlyTheProxyKnowsIsNotReached() {
        // Without a proxy in the SDK's configuration the connection follows the JVM's own proxy selection, as the
        // SDK's client does: only meaningful where the test JVM has none.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("http.proxyHost") == null
                && !Boolean.getBoolean("java.net.useSystemProxies"), "the test JVM has a proxy of its own");
        try (SdkHttpClient http = HttpConnections.forAwsSdk(ProxyConfiguration.builder()
                        .useSystemPropertyValues(false).useEnvironmentVariablesValues(false).build());
                SsmClient ssm = ssm(http, BEHIND_PROXY)) {
            assertThrows(SdkClientException.class, () -> ssm.getParameter(r -> r.name("anything")
                    .overrideConfiguration(o -> o.apiCallTimeout(java.time.Duration.ofSeconds(5)))));
        }
    }

    @Test
    void proxyCredentialsGoWithHttpTargetsOnlyNeverIntoAnHttpsTunnel() {
        ProxyConfiguration proxy = explicit(URI.create("http://127.0.0.1:9")).username("proxyuser")
                .password("proxy-pass").build();

        // over https the JDK would send request headers to the service inside the tunnel, not to the proxy
        assertNull(HttpConnections.proxyAuthorization(URI.create("https://ssm.ap-northeast-1.amazonaws.com/"),
                proxy));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("proxyuser:proxy-pass"
                .getBytes(StandardCharsets.UTF_8)), HttpConnections.proxyAuthorization(URI.create("http://ssm.example/"),
                proxy));
        assertNull(HttpConnections.proxyAuthorization(URI.create("http://ssm.example/"),
                explicit(URI.create("http://127.0.0.1:9")).username("proxyuser").password("").build()));
    }
}
