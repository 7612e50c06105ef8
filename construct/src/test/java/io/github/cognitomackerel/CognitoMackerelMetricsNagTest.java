package io.github.cognitomackerel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.PolicyViolation;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.ssm.SecureStringParameterAttributes;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.IConstruct;

/** cdk-nag 3 (AwsSolutions) finds nothing unacknowledged in the construct, whatever its configuration. */
class CognitoMackerelMetricsNagTest {

    @Test
    void minimalConfigurationHasNoFindings() {
        assertNoFindings(stack -> new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(stack).build()));
    }

    @Test
    void clientsKeyParameterAndCustomerManagedKeyHaveNoFindings() {
        assertNoFindings(stack -> new CognitoMackerelMetrics(stack, "Metrics", CognitoMackerelMetricsProps.builder()
                .userPool(Fixtures.importedPool(stack))
                .clients(Map.of("web", Fixtures.importedClient(stack, "Web", "client1"),
                        "mobile", Fixtures.importedClient(stack, "Mobile", "client2")))
                .legacyMetricNamesClient("total")
                .mackerelServiceName(Fixtures.SERVICE_NAME)
                .mackerelApiKeyParameter(StringParameter.fromSecureStringParameterAttributes(stack, "ApiKey",
                        SecureStringParameterAttributes.builder().parameterName("/mackerel/api-key").build()))
                .mackerelApiKeyEncryptionKey(Key.fromKeyArn(stack, "Kms",
                        "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"))
                .build()));
    }

    @Test
    void snapStartHasNoFindings() {
        assertNoFindings(stack -> new CognitoMackerelMetrics(stack, "Metrics",
                Fixtures.minimal(stack).snapStart(true).build()));
    }

    @Test
    void poolAndClientsCreatedInTheStackAddNoFindingsToTheConstruct() {
        App app = new App();
        Stack stack = new Stack(app, Fixtures.STACK_NAME);
        UserPool pool = UserPool.Builder.create(stack, "Pool").build();
        CognitoMackerelMetrics metrics = new CognitoMackerelMetrics(stack, "Metrics", CognitoMackerelMetricsProps
                .builder()
                .userPool(pool)
                .clients(Map.of("web", pool.addClient("Web")))
                .mackerelServiceName(Fixtures.SERVICE_NAME)
                .mackerelApiKeyParameterName("/mackerel/api-key")
                .build());
        String prefix = metrics.getNode().getPath() + "/";
        List<String> ours = findings(app, stack).stream()
                .filter(finding -> finding.contains(" at " + prefix))
                .collect(Collectors.toList());
        assertEquals(List.of(), ours);
    }

    @Test
    void onlyTheUnavoidableFindingsAreAcknowledged() {
        Stack stack = Fixtures.stack();
        CognitoMackerelMetrics metrics = new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(stack).build());
        Set<String> acknowledged = new TreeSet<>();
        for (IConstruct construct : metrics.getNode().findAll()) {
            construct.getNode().getMetadata().stream()
                    .filter(entry -> Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.getType()))
                    .forEach(entry -> acknowledged.add(construct.getNode().getPath() + " " + entry.getData()));
        }
        assertEquals(2, acknowledged.size(), acknowledged.toString());
        String all = String.join("\n", acknowledged);
        assertContains(all, "TestStack/Metrics/CloudWatchPolicy ");
        assertContains(all, "AwsSolutions-IAM5[Resource::*]");
        assertContains(all, "TestStack/Metrics/DeadLetterQueue ");
        assertContains(all, "AwsSolutions-SQS3");
    }

    private static void assertContains(String text, String part) {
        if (!text.contains(part)) {
            throw new AssertionError("expected '" + part + "' in:\n" + text);
        }
    }

    private static void assertNoFindings(Function<Stack, CognitoMackerelMetrics> create) {
        App app = new App();
        Stack stack = new Stack(app, Fixtures.STACK_NAME);
        create.apply(stack);
        assertEquals(List.of(), findings(app, stack));
    }

    private static List<String> findings(App app, Stack stack) {
        List<PolicyViolation> violations = new AwsSolutionsChecks(app).validateScope(stack).getViolations();
        return violations.stream()
                .flatMap(v -> v.getViolatingResources().stream()
                        .map(r -> v.getRuleName() + " at " + r.getConstructPath()))
                .collect(Collectors.toList());
    }
}
