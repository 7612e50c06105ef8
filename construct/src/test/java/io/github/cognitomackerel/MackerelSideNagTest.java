package io.github.cognitomackerel;

import io.github.cognitomackerel.settings.Measure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.IConstruct;

/** cdk-nag 3 (AwsSolutions) finds nothing in the Mackerel side, and it needs no acknowledgment of its own. */
class MackerelSideNagTest {

    @Test
    void theMackerelSideHasNoFindingsAndNoAcknowledgments() {
        App app = new App();
        Stack stack = new Stack(app, Fixtures.STACK_NAME);
        CognitoMackerelMetrics metrics = new CognitoMackerelMetrics(stack, "Metrics",
                Fixtures.withMackerelSide(Fixtures.importedPool(stack))
                        .clients(Map.of("web", Fixtures.importedClient(stack, "Web", "client1")))
                        .mackerelApiKeyEncryptionKey(Key.fromKeyArn(stack, "Kms",
                                "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555"))
                        .mackerelMonitors(List.of(MackerelMonitor.exporterStopped(Duration.minutes(30)),
                                MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.THROTTLE)
                                        .critical(1).build()))
                        .build());
        List<String> findings = new AwsSolutionsChecks(app).validateScope(stack).getViolations().stream()
                .flatMap(v -> v.getViolatingResources().stream()
                        .map(r -> v.getRuleName() + " at " + r.getConstructPath()))
                .collect(Collectors.toList());
        assertEquals(List.of(), findings);

        IConstruct side = metrics.getNode().findChild("Mackerel");
        long acknowledged = side.getNode().findAll().stream()
                .flatMap(c -> c.getNode().getMetadata().stream())
                .filter(entry -> Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.getType()))
                .count();
        assertEquals(0, acknowledged);
    }
}
