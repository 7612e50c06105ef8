package io.github.cognitomackerel.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cognitomackerel.CognitoMackerelMetrics;
import io.github.cognitomackerel.CognitoMackerelMetricsProps;
import io.github.cognitomackerel.internal.AwsCdkLibFloor;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.UserPool;

/**
 * Runs only in the "below-floor" execution of this module, with the aws-cdk-lib release just below the floor on the
 * class path: a user who pinned it gets an error naming the floor, not a NoSuchMethodError from inside the construct.
 */
class BelowFloorTest {

    @Test
    void runsOnTheReleaseBelowTheFloor() {
        assertEquals(System.getProperty("expected.aws-cdk-lib.version"), AwsCdkLibFloor.installedVersion());
    }

    @Test
    void theBuilderRefusesItByName() {
        Stack stack = new Stack(new App(), "BelowFloor");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CognitoMackerelMetrics.Builder.create(stack, "Metrics")
                        .userPool(UserPool.fromUserPoolId(stack, "Pool", "ap-northeast-1_AbCdEf123"))
                        .mackerelServiceName("my-service")
                        .mackerelApiKeyParameterName("/mackerel/api-key")
                        .build());
        assertEquals(expectedMessage(), e.getMessage());
    }

    @Test
    void theConstructorRefusesItByName() {
        Stack stack = new Stack(new App(), "BelowFloor");
        CognitoMackerelMetricsProps props = CognitoMackerelMetricsProps.builder()
                .userPool(UserPool.fromUserPoolId(stack, "Pool", "ap-northeast-1_AbCdEf123"))
                .mackerelServiceName("my-service")
                .mackerelApiKeyParameterName("/mackerel/api-key")
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CognitoMackerelMetrics(stack, "Metrics", props));
        assertEquals(expectedMessage(), e.getMessage());
    }

    private static String expectedMessage() {
        return "cognito-mackerel-metrics needs aws-cdk-lib " + AwsCdkLibFloor.MINIMUM_VERSION + " or newer, but "
                + "aws-cdk-lib " + System.getProperty("expected.aws-cdk-lib.version") + " is on the class path: "
                + "declare software.amazon.awscdk:aws-cdk-lib " + AwsCdkLibFloor.MINIMUM_VERSION + " or newer in "
                + "your build (Maven keeps the version your project declares over the one this library asks for)";
    }
}
