package io.github.cognitomackerel;

import io.github.cognitomackerel.settings.Measure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;

/** The Mackerel side in the synthesized template: the function, its permissions and the custom resources. */
class MackerelSideTemplateTest {

    private static final String KMS_KEY_ARN =
            "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    @Test
    void defaultsManageTheServiceWatchTheHeartbeatAndDrawADashboard() {
        Stack stack = Fixtures.stack();
        CognitoMackerelMetrics metrics = new CognitoMackerelMetrics(stack, "Metrics",
                Fixtures.withMackerelSide(Fixtures.importedPool(stack)).build());
        Template template = Template.fromStack(stack);
        String function = Fixtures.logicalId(template, "AWS::Lambda::Function", Map.of("Handler",
                "io.github.cognitomackerel.runtime.MackerelResourceHandler::handleRequest"));
        Map<String, Object> token = Map.of("Fn::GetAtt", List.of(function, "Arn"));
        Map<String, Object> common = Map.of("ServiceToken", token, "ApiKeyParameter", Fixtures.KEY_PARAMETER_NAME,
                "MackerelApiBaseUrl", "https://api.mackerelio.com/");

        template.resourceCountIs("Custom::MackerelService", 1);
        String service = Fixtures.logicalId(template, "Custom::MackerelService", Match.objectLike(common));
        template.hasResourceProperties("Custom::MackerelService", Match.objectEquals(merge(common, Map.of(
                "ServiceName", Fixtures.SERVICE_NAME,
                "Memo", "Amazon Cognito metrics, exported by CognitoMackerelMetrics",
                "DeleteServiceOnRemoval", false))));
        Map<String, Object> serviceName = Map.of("Fn::GetAtt", List.of(service, "ServiceName"));

        template.resourceCountIs("Custom::MackerelMonitor", 1);
        template.hasResourceProperties("Custom::MackerelMonitor", Match.objectEquals(merge(common, Map.of(
                "ServiceName", serviceName,
                "Monitor", Map.of(
                        "name", "my-service: Cognito exporter stopped",
                        "metric", "cognito.exporter.heartbeat",
                        "operator", "<",
                        "duration", 1,
                        "maxCheckAttempts", 1,
                        "missingDurationCritical", 30,
                        "memo", "No run of the Cognito exporter has reached Mackerel for 30 minutes: see the "
                                + "exporter function's log group and its ErrorsAlarm.")))));

        template.resourceCountIs("Custom::MackerelDashboard", 1);
        template.hasResourceProperties("Custom::MackerelDashboard", Match.objectLike(merge(common, Map.of(
                "ServiceName", serviceName,
                "Title", "Amazon Cognito: my-service",
                "UrlPath", Match.stringLikeRegexp("cognito-mackerel-[0-9a-f]{12}"),
                "Graphs", List.of(
                        Map.of("Title", "sign_up: total", "Name", "cognito.sign_up.total"),
                        Map.of("Title", "sign_in: total", "Name", "cognito.sign_in.total"),
                        Map.of("Title", "token_refresh: total", "Name", "cognito.token_refresh.total"),
                        Map.of("Title", "federation: total", "Name", "cognito.federation.total"))))));

        // Every custom resource waits for the function (with its role and policy).
        for (String type : List.of("Custom::MackerelService", "Custom::MackerelMonitor", "Custom::MackerelDashboard")) {
            Map<String, Map<String, Object>> found = template.findResources(type);
            @SuppressWarnings("unchecked")
            List<String> dependsOn = (List<String>) found.values().iterator().next().get("DependsOn");
            assertTrue(dependsOn.contains(function), type + " depends on " + dependsOn);
        }
        // The schedule starts once the service exists, so the first run does not meet a 404.
        @SuppressWarnings("unchecked")
        List<String> ruleDependsOn = (List<String>) template.findResources("AWS::Events::Rule").values().iterator()
                .next().get("DependsOn");
        assertEquals(List.of(service), ruleDependsOn);
        @SuppressWarnings("unchecked")
        List<String> functionDependsOn = (List<String>) template.findResources("AWS::Lambda::Function")
                .get(function).get("DependsOn");
        assertTrue(functionDependsOn.stream().anyMatch(id -> id.startsWith("MetricsMackerelRoleDefaultPolicy")),
                "the function depends on " + functionDependsOn);
        assertEquals(function, stack.resolve(((software.amazon.awscdk.services.lambda.CfnFunction) metrics
                .getMackerelFunction().getNode().getDefaultChild()).getLogicalId()));
    }

    @Test
    void theFunctionRunsTheSameJarAssetAsTheExporterWithItsOwnLeastPrivilegeRole() {
        Stack stack = Fixtures.stack();
        new CognitoMackerelMetrics(stack, "Metrics", Fixtures.withMackerelSide(Fixtures.importedPool(stack))
                .mackerelApiKeyEncryptionKey(Key.fromKeyArn(stack, "Kms", KMS_KEY_ARN)).build());
        Template template = Template.fromStack(stack);
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function");
        assertEquals(2, functions.size());
        assertEquals(1, functions.values().stream().map(f -> ((Map<?, ?>) f.get("Properties")).get("Code"))
                .distinct().count(), "one asset for both functions");
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "io.github.cognitomackerel.runtime.MackerelResourceHandler::handleRequest",
                "Timeout", 120,
                "MemorySize", 512,
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "LoggingConfig", Map.of("LogFormat", "JSON", "LogGroup", Match.anyValue()),
                "Environment", Match.absent())));

        String role = Fixtures.logicalId(template, "AWS::IAM::Role", Map.of("Description",
                "Provisions the Mackerel service, monitors and dashboard of CognitoMackerelMetrics"));
        Map<String, Object> keyArn = Map.of("Fn::Join", List.of("", List.of(
                "arn:", Map.of("Ref", "AWS::Partition"), ":ssm:", Map.of("Ref", "AWS::Region"), ":",
                Map.of("Ref", "AWS::AccountId"), ":parameter" + Fixtures.KEY_PARAMETER_NAME)));
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Roles", List.of(Map.of("Ref", role)),
                "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
                        Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", Match.anyValue()),
                        Map.of("Sid", "ReadMackerelApiKey", "Effect", "Allow", "Action", "ssm:GetParameter",
                                "Resource", keyArn),
                        Map.of("Sid", "DecryptMackerelApiKey", "Effect", "Allow", "Action", "kms:Decrypt",
                                "Resource", KMS_KEY_ARN,
                                "Condition", Map.of("StringEquals", Map.of(
                                        "kms:EncryptionContext:PARAMETER_ARN", keyArn,
                                        "kms:ViaService", Map.of("Fn::Join", List.of("", List.of("ssm.",
                                                Map.of("Ref", "AWS::Region"), ".",
                                                Map.of("Ref", "AWS::URLSuffix"))))))))))));
        assertEquals(1, template.findResources("AWS::IAM::Policy", Map.of("Properties", Map.of(
                "Roles", List.of(Map.of("Ref", role))))).size(), "one policy for the Mackerel role");
    }

    @Test
    void monitorsClientsAndRemovalPolicyReachTheCustomResources() {
        Stack stack = Fixtures.stack();
        new CognitoMackerelMetrics(stack, "Metrics", Fixtures.withMackerelSide(Fixtures.importedPool(stack))
                .clients(Map.of("web", Fixtures.importedClient(stack, "Web", "client1"),
                        "mobile", Fixtures.importedClient(stack, "Mobile", "client2")))
                .activities(CognitoActivity.SIGN_IN)
                .metricNamePrefix("auth")
                .mackerelServiceRemovalPolicy(RemovalPolicy.DESTROY)
                .mackerelMonitors(List.of(
                        MackerelMonitor.exporterStopped(Duration.hours(1)),
                        MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE).client("web")
                                .warning(20).critical(100.5).points(3).maxCheckAttempts(2)
                                .notificationInterval(Duration.hours(1)).name("web sign-in failures")
                                .memo("Check the login page").build()))
                .build());
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("Custom::MackerelService", Match.objectLike(Map.of(
                "DeleteServiceOnRemoval", true)));
        template.resourceCountIs("Custom::MackerelMonitor", 2);
        template.hasResourceProperties("Custom::MackerelMonitor", Match.objectLike(Map.of("Monitor", Map.of(
                "name", "my-service: Cognito exporter stopped",
                "metric", "auth.exporter.heartbeat",
                "operator", "<", "duration", 1, "maxCheckAttempts", 1, "missingDurationCritical", 60,
                "memo", Match.anyValue()))));
        template.hasResourceProperties("Custom::MackerelMonitor", Match.objectLike(Map.of("Monitor", Map.of(
                "name", "web sign-in failures",
                "metric", "auth.sign_in.web.failure",
                "operator", ">", "warning", 20, "critical", 100.5, "duration", 3, "maxCheckAttempts", 2,
                "notificationInterval", 60, "memo", "Check the login page"))));
        template.hasResourceProperties("Custom::MackerelDashboard", Match.objectLike(Map.of("Graphs", List.of(
                Map.of("Title", "sign_in: total", "Name", "auth.sign_in.total"),
                Map.of("Title", "sign_in: mobile", "Name", "auth.sign_in.mobile"),
                Map.of("Title", "sign_in: web", "Name", "auth.sign_in.web")))));
        // The construct ids of the custom resources are part of the contract (a change would replace them).
        assertEquals(List.of("Dashboard", "Function", "LogGroup", "Monitor0", "Monitor1", "Role", "Service"),
                Stack.of(stack).getNode().findChild("Metrics").getNode().findChild("Mackerel").getNode()
                        .getChildren().stream().map(c -> c.getNode().getId()).sorted().toList());
    }

    @Test
    void anUnmanagedServiceIsNamedDirectlyAndNothingIsCreatedWhenEverythingIsOff() {
        Stack stack = Fixtures.stack();
        new CognitoMackerelMetrics(stack, "Metrics", Fixtures.withMackerelSide(Fixtures.importedPool(stack))
                .manageMackerelService(false).mackerelDashboard(false).build());
        Template template = Template.fromStack(stack);
        template.resourceCountIs("Custom::MackerelService", 0);
        template.resourceCountIs("Custom::MackerelDashboard", 0);
        template.hasResourceProperties("Custom::MackerelMonitor", Match.objectLike(Map.of(
                "ServiceName", Fixtures.SERVICE_NAME)));

        stack = Fixtures.stack();
        CognitoMackerelMetrics off = new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(stack).build());
        Template.fromStack(stack).resourceCountIs("AWS::Lambda::Function", 1);
        assertNull(off.getMackerelFunction());
    }

    @Test
    void theDefaultHeartbeatAlarmFollowsALongSchedule() {
        Stack stack = Fixtures.stack();
        new CognitoMackerelMetrics(stack, "Metrics", Fixtures.withMackerelSide(Fixtures.importedPool(stack))
                .schedule(Duration.minutes(25)).lookback(Duration.minutes(75)).build());
        Template.fromStack(stack).hasResourceProperties("Custom::MackerelMonitor", Match.objectLike(Map.of(
                "Monitor", Match.objectLike(Map.of("missingDurationCritical", 80)))));
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(a);
        all.putAll(b);
        return all;
    }
}
