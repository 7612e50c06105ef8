package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.Handler;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A warm Lambda instance reuses configuration, key and the pool's clients for COGNITO_MACKEREL_CACHE_TTL_SECONDS:
 * its runs read neither SSM nor ListMetrics; after the TTL it reads them again.
 */
class CacheWireTest extends WireTest {

    @Test
    void warmRunMakesNoSsmAndNoListMetricsCall() {
        Handler handler = fixture.handler();
        fixture.invoke(handler).assertOk();
        assertEquals(2, fixture.ssmCalls());
        assertEquals(1, fixture.cloudWatch.calls("ListMetrics"));

        WireFixture.Invocation warm = fixture.invoke(handler, WireFixture.eventBridgeEvent(T.plusSeconds(300)));

        warm.assertOk();
        assertEquals(2, fixture.ssmCalls(), "no SSM call on the warm run");
        assertEquals(1, fixture.cloudWatch.calls("ListMetrics"), "no ListMetrics call on the warm run");
        assertEquals(2, fixture.cloudWatch.calls("GetMetricData"));
        assertEquals(2, fixture.mackerelPosts());
        assertTrue(warm.summary().contains(" calls=getMetricData:1,listMetrics:0,ssm:0,mackerel:1 retries=0 "),
                warm.summary());

        // Another instance has its own cache (no static state)
        fixture.invoke(fixture.handler()).assertOk();
        assertEquals(4, fixture.ssmCalls());
        assertEquals(2, fixture.cloudWatch.calls("ListMetrics"));
        fixture.assertNoViolations();
    }

    @Test
    void readsAgainAfterTheCacheTtl() throws InterruptedException {
        Handler handler = fixture.handler(Map.of("COGNITO_MACKEREL_CACHE_TTL_SECONDS", "1"));
        fixture.invoke(handler).assertOk();
        fixture.invoke(handler).assertOk();
        assertEquals(2, fixture.ssmCalls(), "within the TTL");
        assertEquals(1, fixture.cloudWatch.calls("ListMetrics"), "within the TTL");

        Thread.sleep(1100);
        WireFixture.Invocation expired = fixture.invoke(handler);

        expired.assertOk();
        assertEquals(4, fixture.ssm.calls("GetParameter"), "configuration and key read again");
        assertEquals(2, fixture.cloudWatch.calls("ListMetrics"), "pool clients listed again");
        assertTrue(expired.summary().contains(" calls=getMetricData:1,listMetrics:1,ssm:2,mackerel:1 "),
                expired.summary());
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        fixture.assertNoViolations();
    }

    @Test
    void zeroTtlReadsEveryRun() {
        Handler handler = fixture.handler(Map.of("COGNITO_MACKEREL_CACHE_TTL_SECONDS", "0"));

        fixture.invoke(handler).assertOk();
        fixture.invoke(handler).assertOk();

        assertEquals(4, fixture.ssm.calls("GetParameter"));
        assertEquals(2, fixture.cloudWatch.calls("ListMetrics"));
        fixture.assertNoViolations();
    }

    @Test
    void malformedTtlIsNamed() {
        WireFixture.Invocation run = fixture.invoke(fixture.handler(
                Map.of("COGNITO_MACKEREL_CACHE_TTL_SECONDS", "15m")));

        String message = run.assertFailed();
        assertTrue(message.contains("COGNITO_MACKEREL_CACHE_TTL_SECONDS must be a whole number of seconds"),
                message);
        assertTrue(message.contains("'15m'"), message);
        assertEquals(0, fixture.ssmCalls());
    }
}
