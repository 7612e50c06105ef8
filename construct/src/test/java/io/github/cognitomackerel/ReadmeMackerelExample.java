package io.github.cognitomackerel;

import io.github.cognitomackerel.settings.Measure;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;

/**
 * The README's monitors example, compiled and synthesized ({@link ReadmeMackerelExampleTest}); the lines between the
 * markers appear verbatim (de-indented) in the README.
 */
final class ReadmeMackerelExample extends Stack {

    ReadmeMackerelExample(App app) {
        super(app, "ReadmeExample");
        UserPool pool = UserPool.Builder.create(this, "Pool").build();
        UserPoolClient web = pool.addClient("Web");
        // readme:mackerel-monitors:begin
        CognitoMackerelMetrics.Builder.create(this, "CognitoMetrics")
                .userPool(pool)
                .clients(Map.of("web", web))
                .mackerelServiceName("my-service")                 // created in Mackerel when missing
                .mackerelApiKeyParameterName("/mackerel/api-key")  // the key needs Read and Write permission
                .mackerelMonitors(List.of(
                        // the exporter stopped: no heartbeat for 30 minutes (the default monitor)
                        MackerelMonitor.exporterStopped(Duration.minutes(30)),
                        // failed sign-ins of the web client: the average of the latest 3 values
                        MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE)
                                .client("web")
                                .warning(20)
                                .critical(100)
                                .points(3)
                                .notificationInterval(Duration.hours(1))
                                .memo("A broken login page, or credential stuffing: see the WAF logs")
                                .build(),
                        // sign-ins stopped altogether (zeroFill posts 0 for a quiet period)
                        MackerelMonitor.below(CognitoActivity.SIGN_IN, Measure.SUCCESS)
                                .critical(1)
                                .points(6)
                                .build()))
                .mackerelDashboard(true)                           // the default
                .mackerelServiceRemovalPolicy(RemovalPolicy.RETAIN) // the default: keep the service and metrics
                .build();
        // readme:mackerel-monitors:end
    }
}
