package io.github.cognitomackerel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cognitomackerel.internal.AwsCdkLibFloor;
import org.junit.jupiter.api.Test;

/**
 * The floor the construct declares is the one the build tests, and older releases are refused by name. Runs in the
 * construct module (aws-cdk-lib as built with) and in construct-floor-test (aws-cdk-lib at the floor); there
 * BelowFloorTest also runs the check against the real release below the floor.
 */
class AwsCdkLibFloorTest {

    @Test
    void theFloorIsThePomsFloor() {
        assertEquals(System.getProperty("aws-cdk-lib.floor.version"), AwsCdkLibFloor.MINIMUM_VERSION,
                "AwsCdkLibFloor.MINIMUM_VERSION and the parent POM's aws-cdk-lib.floor.version must agree");
    }

    @Test
    void runsOnTheAwsCdkLibThisBuildMeansToTest() {
        String expected = System.getProperty("expected.aws-cdk-lib.version");
        assertNotNull(expected, "surefire sets expected.aws-cdk-lib.version");
        assertEquals(expected, AwsCdkLibFloor.installedVersion(), "the aws-cdk-lib on the test class path");
        assertDoesNotThrow(() -> AwsCdkLibFloor.check());
    }

    @Test
    void theFloorAndNewerReleasesAreAccepted() {
        for (String version : new String[] {AwsCdkLibFloor.MINIMUM_VERSION, "2.235.1", "2.272.0", "2.1000.0",
                "3.0.0"}) {
            assertDoesNotThrow(() -> AwsCdkLibFloor.check(version), version);
        }
    }

    @Test
    void olderReleasesAreRefusedWithTheFloorAndTheFixNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AwsCdkLibFloor.check("2.234.0"));
        assertEquals("cognito-mackerel-metrics needs aws-cdk-lib 2.235.0 or newer, but aws-cdk-lib 2.234.0 is on the "
                + "class path: declare software.amazon.awscdk:aws-cdk-lib 2.235.0 or newer in your build (Maven keeps "
                + "the version your project declares over the one this library asks for)", e.getMessage());
        for (String version : new String[] {"2.200.1", "2.99.0", "1.204.0", "2.234.9-rc.1"}) {
            assertThrows(IllegalStateException.class, () -> AwsCdkLibFloor.check(version), version);
        }
    }

    @Test
    void aVersionThatCannotBeReadIsNotHeldAgainstTheUser() {
        for (String version : new String[] {null, "", "2.x", "2.272", "unknown"}) {
            assertDoesNotThrow(() -> AwsCdkLibFloor.check(version), String.valueOf(version));
        }
    }
}
