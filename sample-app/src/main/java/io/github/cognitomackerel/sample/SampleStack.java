package io.github.cognitomackerel.sample;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.CognitoMackerelMetrics;
import io.github.cognitomackerel.settings.Measure;
import io.github.cognitomackerel.MackerelMonitor;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.constructs.Construct;

/**
 * A user pool with a web and a mobile app client, watched in Mackerel: the construct's defaults (service managed,
 * dashboard) plus two monitors, the exporter's heartbeat and sign-in failures.
 */
public final class SampleStack extends Stack {

    private final CognitoMackerelMetrics metrics;

    public SampleStack(final Construct scope, final String id, final StackProps props, final String serviceName,
            final String apiKeyParameterName) {
        super(scope, id, props);

        UserPool pool = UserPool.Builder.create(this, "UserPool")
                .selfSignUpEnabled(true)
                .signInAliases(SignInAliases.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder().minLength(12).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        UserPoolClient web = pool.addClient("WebClient", UserPoolClientOptions.builder()
                .authFlows(AuthFlow.builder().userSrp(true).build())
                .build());
        UserPoolClient mobile = pool.addClient("MobileClient", UserPoolClientOptions.builder()
                .authFlows(AuthFlow.builder().userSrp(true).build())
                .build());

        metrics = CognitoMackerelMetrics.Builder.create(this, "CognitoMackerelMetrics")
                .userPool(pool)
                .clients(Map.of("web", web, "mobile", mobile))
                .mackerelServiceName(serviceName)
                .mackerelApiKeyParameterName(apiKeyParameterName)
                // The service is created (or adopted) and a dashboard drawn by default; these are the alerts.
                .mackerelMonitors(List.of(
                        MackerelMonitor.exporterStopped(Duration.minutes(30)),
                        MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE)
                                .warning(20)
                                .critical(100)
                                .points(3)
                                .memo("Many failed sign-ins: a broken login page, or credential stuffing.")
                                .build()))
                .build();

        CfnOutput.Builder.create(this, "FunctionName")
                .description("The exporter Lambda; invoke it by hand with {} to export now")
                .value(metrics.getFunction().getFunctionName())
                .build();
    }

    /** The construct, for tests. */
    public CognitoMackerelMetrics getMetrics() {
        return metrics;
    }
}
