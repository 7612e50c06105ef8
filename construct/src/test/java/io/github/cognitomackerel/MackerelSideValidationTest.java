package io.github.cognitomackerel;

import io.github.cognitomackerel.settings.Measure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;

/** The Mackerel side's props fail early, naming the culprit and the fix, on what Mackerel or the exporter refuses. */
class MackerelSideValidationTest {

    @Test
    void failsWhenAMonitorWatchesAnActivityThatIsNotExported() {
        Stack stack = Fixtures.stack();
        assertFails("'mackerelMonitors[1]' watches activity 'token_refresh', which 'activities' does not export "
                + "(sign_in, sign_up): add it to 'activities' or remove the monitor", () -> Fixtures.minimal(stack)
                .activities(CognitoActivity.SIGN_IN, CognitoActivity.SIGN_UP)
                .mackerelMonitors(List.of(MackerelMonitor.exporterStopped(Duration.minutes(30)),
                        MackerelMonitor.above(CognitoActivity.TOKEN_REFRESH, Measure.THROTTLE).critical(1)
                                .build()))
                .build());
    }

    @Test
    void failsWhenAMonitorWatchesAClientThatIsNotConfigured() {
        Stack stack = Fixtures.stack();
        assertFails("'mackerelMonitors[0]' watches client 'mobile', which is not a key of 'clients' nor 'total' "
                + "(series exist for [total, web]): use one of them", () -> Fixtures.minimal(stack)
                .clients(Map.of("web", Fixtures.importedClient(stack, "Web", "client1")))
                .mackerelMonitors(List.of(MackerelMonitor.below(CognitoActivity.SIGN_IN, Measure.SUCCESS)
                        .client("mobile").warning(1).build()))
                .build());
    }

    @Test
    void failsWhenTheHeartbeatMonitorWatchesASeriesThatIsNotPosted() {
        Stack stack = Fixtures.stack();
        assertFails("'mackerelMonitors[0]' (MackerelMonitor.exporterStopped) watches cognito.exporter.heartbeat, "
                + "which is not posted with 'heartbeat' false: set 'heartbeat' to true or remove the monitor",
                () -> Fixtures.minimal(stack).heartbeat(false)
                        .mackerelMonitors(List.of(MackerelMonitor.exporterStopped(Duration.minutes(30))))
                        .build());
        // Without the heartbeat, the default is no monitor at all.
        assertEquals(List.of(), Fixtures.withMackerelSide(Fixtures.importedPool(Fixtures.stack())).heartbeat(false)
                .build().getMackerelMonitors());
    }

    @Test
    void failsWhenAThresholdMonitorHasNoThreshold() {
        assertFails("MackerelMonitor > on sign_in failure needs a threshold: set 'warning', 'critical' or both",
                () -> MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE).build());
    }

    @Test
    void failsWhenAThresholdIsNotFinite() {
        assertFails("'critical' must be a finite number, got NaN",
                () -> MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE).critical(Double.NaN));
        assertFails("'warning' must be a finite number, got Infinity", () -> MackerelMonitor
                .above(CognitoActivity.SIGN_IN, Measure.FAILURE).warning(Double.POSITIVE_INFINITY));
    }

    @Test
    void failsWhenPointsOrCheckAttemptsAreOutsideMackerelsRange() {
        assertFails("'points' must be a whole number from 1 to 10 (Mackerel's range), got 11",
                () -> MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE).points(11));
        assertFails("'points' must be a whole number from 1 to 10 (Mackerel's range), got 0",
                () -> MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE).points(0));
        assertFails("'points' must be a whole number from 1 to 10 (Mackerel's range), got 2.5",
                () -> MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE).points(2.5));
        assertFails("'maxCheckAttempts' must be a whole number from 1 to 10 (Mackerel's range), got 11",
                () -> MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE).maxCheckAttempts(11));
    }

    @Test
    void failsWhenAMissingDataDurationIsOneMackerelDoesNotAllow() {
        assertFails("'after' of MackerelMonitor.exporterStopped must be a multiple of 10 minutes from 10 minutes to "
                + "7 days (Mackerel's rule for missing-data monitoring), got 15 minutes; e.g. Duration.minutes(30)",
                () -> MackerelMonitor.exporterStopped(Duration.minutes(15)));
        assertFails("'after' of MackerelMonitor.exporterStopped must be a multiple of 10 minutes from 10 minutes to "
                + "7 days (Mackerel's rule for missing-data monitoring), got 8 days; e.g. Duration.minutes(30)",
                () -> MackerelMonitor.exporterStopped(Duration.days(8)));
    }

    @Test
    void failsWhenTheNotificationIntervalIsShorterThanMackerelAllows() {
        assertFails("'notificationInterval' must be whole minutes, at least 10 (Mackerel's rule), got 5 minutes",
                () -> MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE)
                        .notificationInterval(Duration.minutes(5)));
    }

    @Test
    void failsWhenTheMemoIsLongerThanMackerelAllows() {
        assertFails("'memo' must be at most 2048 characters (Mackerel's limit), got 2049",
                () -> MackerelMonitor.above(CognitoActivity.SIGN_IN, Measure.FAILURE).memo("x".repeat(2049)));
    }

    @Test
    void failsWhenTheServiceRemovalPolicyIsASnapshot() {
        Stack stack = Fixtures.stack();
        assertFails("'mackerelServiceRemovalPolicy' must be RETAIN or DESTROY, got SNAPSHOT: Mackerel has no "
                + "snapshot of a service", () -> Fixtures.minimal(stack)
                .mackerelServiceRemovalPolicy(RemovalPolicy.SNAPSHOT).build());
    }

    private static void assertFails(String message, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertEquals(message, e.getMessage());
    }
}
