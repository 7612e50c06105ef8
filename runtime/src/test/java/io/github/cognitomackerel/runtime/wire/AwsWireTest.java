package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.CONFIG_PARAMETER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler's AWS side: endpoints and credentials from its environment, and failures of SSM and CloudWatch. */
class AwsWireTest extends WireTest {

    @Test
    void serviceEndpointsWinOverTheGeneralOneAndCredentialsNeedNoSessionToken() {
        Map<String, String> changes = new HashMap<>();
        changes.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9"); // nothing listens there
        changes.put("AWS_SESSION_TOKEN", null);

        fixture.invoke(fixture.handler(changes)).assertOk();

        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        for (RecordedRequest request : fixture.cloudWatch.requests()) {
            assertTrue(request.header("Authorization").contains("/" + WireFixture.REGION + "/monitoring/aws4_request"),
                    request::toString);
            assertNull(request.header("X-Amz-Security-Token"), request::toString);
        }
        fixture.assertNoViolations();
    }

    @Test
    void malformedEndpointIsNamed() {
        String message = fixture.invoke(fixture.handler(Map.of("AWS_ENDPOINT_URL_SSM", "localhost:4566")))
                .assertFailed();

        assertTrue(message.contains("AWS_ENDPOINT_URL_SSM must be a URL"), message);
        assertTrue(message.contains("'localhost:4566'"), message);
        assertEquals(0, fixture.ssmCalls());
    }

    @Test
    void refusedSsmReadNamesTheConfigurationParameter() {
        fixture.ssm.failNext("GetParameter", 400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/fn is not authorized to perform: ssm:GetParameter");

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.startsWith("Could not read the configuration parameter " + CONFIG_PARAMETER + ": "), message);
        assertTrue(message.contains("not authorized to perform: ssm:GetParameter"), message);
        assertEquals(0, fixture.cloudWatch.requests().size());
        assertEquals(0, fixture.mackerel.requests().size());
        fixture.assertNoViolations();
    }

    @Test
    void refusedGetMetricDataIsNamedAndNothingIsPosted() {
        fixture.cloudWatch.failNext("GetMetricData", 400, "InvalidParameterValueException", "The parameter is bad");

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.startsWith("Could not read Cognito metrics from CloudWatch (GetMetricData): "), message);
        assertTrue(message.contains("The parameter is bad"), message);
        assertEquals(1, fixture.cloudWatch.calls("GetMetricData"), "a 400 is not retried");
        assertEquals(0, fixture.mackerel.requests().size());
        fixture.assertNoViolations();
    }

    @Test
    void transientAwsErrorsAreRetriedBySdk() {
        fixture.ssm.failNext("GetParameter", 400, "ThrottlingException", "Rate exceeded");
        fixture.cloudWatch.failNext("ListMetrics", 500, "InternalServiceFault", "try again");
        fixture.cloudWatch.failNext("GetMetricData", 500, "InternalServiceFault", "try again");

        fixture.invoke(fixture.handler()).assertOk();

        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        assertEquals(3, fixture.ssm.calls("GetParameter"), "the configuration twice, then the key");
        assertEquals(2, fixture.cloudWatch.calls("ListMetrics"));
        assertEquals(2, fixture.cloudWatch.calls("GetMetricData"));
        fixture.assertNoViolations();
    }
}
