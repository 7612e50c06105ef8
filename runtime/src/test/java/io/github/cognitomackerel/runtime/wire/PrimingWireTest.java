package io.github.cognitomackerel.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.Handler;
import io.github.cognitomackerel.runtime.internal.AwsClients;
import io.github.cognitomackerel.runtime.internal.run.Priming;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lambda's init phase: the handler builds its clients and makes one dry pass through them, which reads only (one SSM
 * read of the configuration parameter, an empty ListMetrics), rehearses whole exports in memory, never posts to
 * Mackerel, never fails, and ends within its budget even when nothing answers.
 */
class PrimingWireTest extends WireTest {

    @Test
    void primingReadsOnceThroughEachClientAndNeverPostsToMackerel() {
        Handler handler = Handler.initialized(fixture.environment(), fixture.clock());

        assertEquals(0, fixture.mackerel.requests().size(), "priming never talks to Mackerel");
        List<RecordedRequest> ssm = fixture.ssm.requests();
        assertEquals(1, ssm.size());
        assertEquals("GetParameter", ssm.get(0).operation());
        assertEquals(WireFixture.CONFIG_PARAMETER, ssm.get(0).decodedObject().get("Name"));
        assertEquals(List.of("ListMetrics"), fixture.cloudWatch.requests().stream().map(RecordedRequest::operation)
                .toList());
        assertTrue(fixture.cloudWatch.requests().get(0).bodyText().contains("priming_NoSuchPool")
                || fixture.cloudWatch.requests().get(0).decodedObject().toString().contains("priming_NoSuchPool"));

        fixture.invoke(handler).assertOk();
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        fixture.assertNoViolations();
    }

    @Test
    void withAProgressParameterPrimingReadsItWithTheConfigurationAsTheFirstInvocationDoes() {
        String progress = "CFN-ProgressParameter-Prime1Test2";
        fixture.ssm.putParameter(progress, "none");
        Map<String, String> environment = fixture.environment();
        environment.put("COGNITO_MACKEREL_PROGRESS_PARAMETER", progress);
        Map<String, Object> both = Map.of("Names", List.of(WireFixture.CONFIG_PARAMETER, progress),
                "WithDecryption", false);

        Handler handler = Handler.initialized(environment, fixture.clock());

        List<RecordedRequest> ssm = fixture.ssm.requests();
        assertEquals(List.of("GetParameters"), ssm.stream().map(RecordedRequest::operation).toList());
        assertEquals(both, ssm.get(0).decodedObject());
        fixture.invoke(handler).assertOk();
        ssm = fixture.ssm.requests();
        assertEquals(List.of("GetParameters", "GetParameters", "GetParameter", "PutParameter"),
                ssm.stream().map(RecordedRequest::operation).toList());
        assertEquals(both, ssm.get(1).decodedObject());
        fixture.assertNoViolations();
    }

    @Test
    void primingRehearsesWholeExportsInMemoryWithoutAnyFurtherRequest() {
        String line;
        try (AwsClients clients = AwsClients.fromEnvironment(fixture.environment())) {
            line = Priming.run(clients, WireFixture.CONFIG_PARAMETER, null, fixture.clock(), Priming.BUDGET);
        }

        // all the rounds, or as many as a busy machine runs within the budget (RehearsalTest counts them)
        assertTrue(line.matches("priming: ssm=ok cloudwatch=ok rehearsals=[0-9]+/(ok|cut at the budget)"
                + " rehearsal=ok in [0-9]+ ms"), line);
        // the rehearsals' SSM, CloudWatch and Mackerel are in memory: the services saw the two reads only
        assertEquals(List.of("GetParameter"), fixture.ssm.requests().stream().map(RecordedRequest::operation)
                .toList());
        assertEquals(List.of("ListMetrics"), fixture.cloudWatch.requests().stream().map(RecordedRequest::operation)
                .toList());
        assertEquals(0, fixture.mackerel.requests().size());
        fixture.assertNoViolations();
    }

    @Test
    void primingAgainstServicesThatAreDownNeitherThrowsNorOverrunsItsBudget() {
        Map<String, String> down = new HashMap<>(fixture.environment());
        fixture.cloudWatch.close();
        fixture.ssm.close();
        long started = System.nanoTime();

        Handler handler = Handler.initialized(down, fixture.clock());

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < Priming.BUDGET.toMillis() + 3000, "took " + millis + " ms");
        assertEquals(0, fixture.mackerel.requests().size());
        // the first invocation meets the problem again and reports it
        String message = fixture.invoke(handler).assertFailed();
        assertTrue(message.startsWith("Could not read the configuration parameter " + WireFixture.CONFIG_PARAMETER),
                message);
    }
}
