package io.github.cognitomackerel.sample;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The sample CDK app that {@code cdk.json} runs: the construct used exactly as a user would use it.
 *
 * <p>Context (all optional, {@code -c key=value} or {@code cdk.json}):
 * <ul>
 *   <li>{@code mackerelServiceName}: the Mackerel service to post to; default {@value #DEFAULT_SERVICE_NAME}.</li>
 *   <li>{@code mackerelApiKeyParameterName}: the existing SecureString parameter holding the Mackerel API key;
 *       default {@value #DEFAULT_API_KEY_PARAMETER_NAME}.</li>
 *   <li>{@code existingUserPoolId}: when set, a second stack, {@value #EXISTING_POOL_STACK}, shows the construct
 *       on that existing pool, imported by id.</li>
 * </ul>
 */
public final class SampleApp {

    /** Default for the {@code mackerelServiceName} context value. */
    public static final String DEFAULT_SERVICE_NAME = "cognito-sample";
    /** Default for the {@code mackerelApiKeyParameterName} context value. */
    public static final String DEFAULT_API_KEY_PARAMETER_NAME = "/mackerel/api-key";
    /** The stack with a new user pool, two app clients and the construct. */
    public static final String SAMPLE_STACK = "CognitoMackerelMetricsSample";
    /** The stack that uses an existing user pool, created only when {@code existingUserPoolId} is given. */
    public static final String EXISTING_POOL_STACK = "CognitoMackerelMetricsExistingPool";

    private SampleApp() {
    }

    public static void main(final String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** Adds the sample stacks to {@code app}; tests call this with their own context. */
    public static void build(final App app) {
        String serviceName = context(app, "mackerelServiceName", DEFAULT_SERVICE_NAME);
        String apiKeyParameterName = context(app, "mackerelApiKeyParameterName", DEFAULT_API_KEY_PARAMETER_NAME);
        StackProps stackProps = StackProps.builder()
                .description("Amazon Cognito metrics in Mackerel (cognito-mackerel-metrics sample)")
                .build();

        new SampleStack(app, SAMPLE_STACK, stackProps, serviceName, apiKeyParameterName);

        String existingUserPoolId = context(app, "existingUserPoolId", null);
        if (existingUserPoolId != null) {
            new ExistingPoolStack(app, EXISTING_POOL_STACK, stackProps, existingUserPoolId, serviceName,
                    apiKeyParameterName);
        }
    }

    private static String context(final App app, final String key, final String defaultValue) {
        Object value = app.getNode().tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        return value.toString().trim();
    }
}
