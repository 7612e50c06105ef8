package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.runtime.internal.config.Env;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/**
 * The CloudWatch and SSM clients of one handler instance or command-line run, built once, over one HTTP client of
 * {@link HttpConnections} (the stack Mackerel's calls use too).
 */
public final class AwsClients implements AutoCloseable {

    /** The longest one SDK call may take, its own retries included. */
    static final Duration API_CALL_TIMEOUT = Bounded.MAX_AWS_CALL;

    private final SdkHttpClient http;
    private final CloudWatchClient cloudWatch;
    private final SsmClient ssm;

    private AwsClients(SdkHttpClient http, CloudWatchClientBuilder cloudWatch, SsmClientBuilder ssm) {
        this.http = http;
        this.cloudWatch = cloudWatch.httpClient(http).build();
        this.ssm = ssm.httpClient(http).build();
    }

    /**
     * Clients for the Lambda handler, configured only from {@code environment}: region {@code AWS_REGION} (else the
     * SDK's chain), static credentials from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
     * (/{@code AWS_SESSION_TOKEN}) when present (else the default chain), and an endpoint override from
     * {@code AWS_ENDPOINT_URL_CLOUDWATCH}/{@code AWS_ENDPOINT_URL_SSM}, else {@code AWS_ENDPOINT_URL}, when present.
     *
     * @throws ExportException when an endpoint variable is not a URL
     */
    public static AwsClients fromEnvironment(Map<String, String> environment) {
        String region = Env.get(environment, Env.AWS_REGION);
        AwsCredentialsProvider credentials = credentials(environment);
        URI cloudWatchEndpoint = endpoint(environment, Env.AWS_ENDPOINT_URL_CLOUDWATCH);
        URI ssmEndpoint = endpoint(environment, Env.AWS_ENDPOINT_URL_SSM);

        CloudWatchClientBuilder cloudWatch = CloudWatchClient.builder()
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides());
        SsmClientBuilder ssm = SsmClient.builder()
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides());
        if (region != null) {
            cloudWatch.region(Region.of(region));
            ssm.region(Region.of(region));
        }
        if (cloudWatchEndpoint != null) {
            cloudWatch.endpointOverride(cloudWatchEndpoint);
        }
        if (ssmEndpoint != null) {
            ssm.endpointOverride(ssmEndpoint);
        }
        return new AwsClients(HttpConnections.forAwsSdk(), cloudWatch, ssm);
    }

    /**
     * Clients for the command line: what start-up needs and nothing the SDK would have to look for. Region
     * {@code AWS_REGION} and static credentials from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} when the
     * environment has them; otherwise the SDK's default chains (so {@code AWS_PROFILE} and the shared config file
     * work as usual). Endpoints ({@code AWS_ENDPOINT_URL}, {@code -Daws.endpointUrl}) come from the SDK's own lookup.
     */
    public static AwsClients forCommandLine(Map<String, String> environment) {
        String region = Env.get(environment, Env.AWS_REGION);
        boolean keys = Env.get(environment, Env.AWS_ACCESS_KEY_ID) != null
                && Env.get(environment, Env.AWS_SECRET_ACCESS_KEY) != null;
        CloudWatchClientBuilder cloudWatch = CloudWatchClient.builder().overrideConfiguration(overrides());
        SsmClientBuilder ssm = SsmClient.builder().overrideConfiguration(overrides());
        if (region != null) {
            cloudWatch.region(Region.of(region));
            ssm.region(Region.of(region));
        }
        if (keys) {
            AwsCredentialsProvider credentials = credentials(environment);
            cloudWatch.credentialsProvider(credentials);
            ssm.credentialsProvider(credentials);
        }
        return new AwsClients(HttpConnections.forAwsSdk(), cloudWatch, ssm);
    }

    private static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder().apiCallTimeout(API_CALL_TIMEOUT).build();
    }

    private static AwsCredentialsProvider credentials(Map<String, String> environment) {
        String accessKeyId = Env.get(environment, Env.AWS_ACCESS_KEY_ID);
        String secretAccessKey = Env.get(environment, Env.AWS_SECRET_ACCESS_KEY);
        if (accessKeyId == null || secretAccessKey == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String sessionToken = Env.get(environment, Env.AWS_SESSION_TOKEN);
        AwsCredentials credentials = sessionToken == null
                ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken);
        return StaticCredentialsProvider.create(credentials);
    }

    /** The service-specific endpoint variable, else {@code AWS_ENDPOINT_URL}, else null. */
    static URI endpoint(Map<String, String> environment, String serviceVariable) {
        String variable = Env.get(environment, serviceVariable) != null ? serviceVariable : Env.AWS_ENDPOINT_URL;
        String value = Env.get(environment, variable);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ExportException(variable + " must be a URL like http://127.0.0.1:4566, got '" + value + "'");
    }

    public CloudWatchClient cloudWatch() {
        return cloudWatch;
    }

    public SsmClient ssm() {
        return ssm;
    }

    @Override
    public void close() {
        cloudWatch.close();
        ssm.close();
        http.close();
    }
}
