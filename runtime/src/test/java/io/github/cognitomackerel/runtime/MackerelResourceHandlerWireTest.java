package io.github.cognitomackerel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.internal.mackerel.UrlConnectionTransport;
import io.github.cognitomackerel.runtime.internal.Json;
import io.github.cognitomackerel.runtime.testing.FakeMackerel;
import io.github.cognitomackerel.runtime.testing.FakeResponseUrl;
import io.github.cognitomackerel.runtime.testing.FakeSsm;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import io.github.cognitomackerel.runtime.wire.WireFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@link MackerelResourceHandler} through CloudFormation's custom-resource protocol: real events in, the real SSM
 * client against {@link FakeSsm}, the Mackerel API against {@link FakeMackerel} (which validates services, monitors
 * and dashboards requests as Mackerel documents them) and the answer PUT to {@link FakeResponseUrl}. After each test:
 * exactly one valid answer per event, no request the fakes call invalid, and the key in no answer, output or log line.
 */
class MackerelResourceHandlerWireTest {

    private static final String KEY = "mkrRESOURCEd41b8e6f0c5d2a9b7e4f1c8SECRET";
    private static final String READ_ONLY_KEY = "mkrREADONLY0c5d2a9b7e4f1c8d3a4b5c6SECRET";
    private static final String KEY_PARAMETER = "/mackerel/api-key";
    private static final String SERVICE = "cognito-prod";

    private FakeSsm ssm;
    private FakeMackerel mackerel;
    private FakeResponseUrl cfn;
    private final List<String> seen = new ArrayList<>();
    private int events;
    private int requestNumber;

    @BeforeEach
    void start() {
        ssm = FakeSsm.start();
        mackerel = FakeMackerel.start(KEY);
        mackerel.setReadOnlyKey(READ_ONLY_KEY);
        cfn = FakeResponseUrl.start();
        ssm.putParameter(KEY_PARAMETER, KEY, ParameterType.SECURE_STRING);
    }

    @AfterEach
    void checkAndStop() {
        try {
            assertEquals(events, cfn.answers().size(), "one answer per event");
            assertEquals(List.of(), cfn.violations());
            assertEquals(List.of(), mackerel.violations());
            for (RecordedRequest answer : cfn.requests()) {
                seen.add(answer.bodyText());
            }
            for (String text : seen) {
                assertFalse(text.contains(KEY) || text.contains(READ_ONLY_KEY), () -> "key leaked: " + text);
            }
        } finally {
            cfn.close();
            mackerel.close();
            ssm.close();
        }
    }

    // ------------------------------------------------------------------------------------------------- service

    @Test
    void createCreatesAMissingServiceAndAdoptsAnExistingOne() {
        Map<String, Object> answer = invoke(event("Create", "Custom::MackerelService", null, service(SERVICE, false),
                null));
        assertEquals("SUCCESS", answer.get("Status"), answer::toString);
        assertEquals("service:" + SERVICE + ":created", answer.get("PhysicalResourceId"));
        assertEquals(Map.of("ServiceName", SERVICE, "Adopted", "false"), answer.get("Data"));
        assertEquals(List.of(SERVICE), mackerel.serviceNames());

        mackerel.addService("existing");
        answer = invoke(event("Create", "Custom::MackerelService", null, service("existing", true), null));
        assertEquals("service:existing:adopted", answer.get("PhysicalResourceId"));
        assertEquals(1, mackerel.requests().stream().filter(r -> "services.POST".equals(r.operation())).count());
    }

    @Test
    void deleteKeepsTheServiceUnlessTheRemovalPolicySaysDestroyAndTheStackCreatedIt() {
        mackerel.addService("adopted");
        invoke(event("Create", "Custom::MackerelService", null, service(SERVICE, false), null));

        assertEquals("SUCCESS", invoke(event("Delete", "Custom::MackerelService", "service:" + SERVICE + ":created",
                service(SERVICE, false), null)).get("Status"));
        assertTrue(mackerel.serviceNames().contains(SERVICE), "retained");

        assertEquals("SUCCESS", invoke(event("Delete", "Custom::MackerelService", "service:adopted:adopted",
                service("adopted", true), null)).get("Status"));
        assertTrue(mackerel.serviceNames().contains("adopted"), "an adopted service is never deleted");

        assertEquals("SUCCESS", invoke(event("Delete", "Custom::MackerelService", "service:" + SERVICE + ":created",
                service(SERVICE, true), null)).get("Status"));
        assertFalse(mackerel.serviceNames().contains(SERVICE), "destroyed");

        // Deleting it again (already gone) succeeds.
        assertEquals("SUCCESS", invoke(event("Delete", "Custom::MackerelService", "service:" + SERVICE + ":created",
                service(SERVICE, true), null)).get("Status"));
    }

    @Test
    void aNewServiceNameIsAReplacementThatKeepsTheOldService() {
        invoke(event("Create", "Custom::MackerelService", null, service(SERVICE, false), null));

        Map<String, Object> answer = invoke(event("Update", "Custom::MackerelService",
                "service:" + SERVICE + ":created", service("cognito-next", false), service(SERVICE, false)));
        assertEquals("service:cognito-next:created", answer.get("PhysicalResourceId"), "new id: a replacement");

        // CloudFormation's cleanup then deletes the old physical id with the old properties.
        invoke(event("Delete", "Custom::MackerelService", "service:" + SERVICE + ":created",
                service(SERVICE, false), null));
        assertEquals(List.of(SERVICE, "cognito-next"), mackerel.serviceNames());

        // An update that keeps the name keeps the id and calls nothing.
        int calls = mackerel.requests().size();
        answer = invoke(event("Update", "Custom::MackerelService", "service:cognito-next:created",
                service("cognito-next", true), service("cognito-next", false)));
        assertEquals("service:cognito-next:created", answer.get("PhysicalResourceId"));
        assertEquals(calls, mackerel.requests().size());
    }

    // ------------------------------------------------------------------------------------------------ monitors

    @Test
    void monitorIsCreatedUpdatedInPlaceAndDeleted() {
        mackerel.addService(SERVICE);
        Map<String, Object> answer = invoke(event("Create", "Custom::MackerelMonitor", null,
                monitor("5", "10", "3"), null));
        assertEquals("SUCCESS", answer.get("Status"), answer::toString);
        String id = (String) answer.get("PhysicalResourceId");
        assertEquals(Map.of("MonitorId", id), answer.get("Data"));
        Map<String, Object> stored = mackerel.monitors().get(id);
        assertEquals("service", stored.get("type"));
        assertEquals(SERVICE, stored.get("service"));
        assertEquals("cognito.sign_in.total.failure", stored.get("metric"));
        assertEquals(5L, stored.get("warning"));
        assertEquals(3L, stored.get("duration"));

        answer = invoke(event("Update", "Custom::MackerelMonitor", id, monitor("7.5", "20", "3"),
                monitor("5", "10", "3")));
        assertEquals(id, answer.get("PhysicalResourceId"), "updated in place");
        assertEquals(7.5, mackerel.monitors().get(id).get("warning"));
        assertEquals(1, mackerel.monitors().size());
        assertEquals(1, mackerel.requests().stream().filter(r -> "monitors.PUT".equals(r.operation())).count());

        assertEquals("SUCCESS", invoke(event("Delete", "Custom::MackerelMonitor", id, monitor("7.5", "20", "3"),
                null)).get("Status"));
        assertEquals(Map.of(), mackerel.monitors());
        // Already gone: still a success.
        assertEquals("SUCCESS", invoke(event("Delete", "Custom::MackerelMonitor", id, monitor("7.5", "20", "3"),
                null)).get("Status"));
    }

    @Test
    void aMonitorDeletedInMackerelIsCreatedAgainOnUpdate() {
        mackerel.addService(SERVICE);
        String id = (String) invoke(event("Create", "Custom::MackerelMonitor", null, monitor("5", "10", "1"), null))
                .get("PhysicalResourceId");
        invoke(event("Delete", "Custom::MackerelMonitor", id, monitor("5", "10", "1"), null));

        Map<String, Object> answer = invoke(event("Update", "Custom::MackerelMonitor", id, monitor("6", "10", "1"),
                monitor("5", "10", "1")));
        assertEquals("SUCCESS", answer.get("Status"));
        assertTrue(mackerel.monitors().containsKey((String) answer.get("PhysicalResourceId")));
        assertFalse(id.equals(answer.get("PhysicalResourceId")));
    }

    @Test
    void aMonitorMackerelRefusesFailsTheCreateWithTheFixAndTheRollbackDeleteSucceeds() {
        mackerel.addService(SERVICE);
        Map<String, Object> answer = invoke(event("Create", "Custom::MackerelMonitor", null,
                monitor("5", "10", "11"), null));

        assertEquals("FAILED", answer.get("Status"));
        String reason = (String) answer.get("Reason");
        assertTrue(reason.contains("Could not create the monitor 'sign-in failures'"), reason);
        assertTrue(reason.contains("400 (duration must be between 1 and 10, got 11)"), reason);
        assertTrue(reason.contains("change it in the construct's props"), reason);
        String physicalId = (String) answer.get("PhysicalResourceId");
        assertTrue(physicalId.startsWith("not-created:"), physicalId);

        int calls = mackerel.requests().size();
        assertEquals("SUCCESS", invoke(event("Delete", "Custom::MackerelMonitor", physicalId,
                monitor("5", "10", "11"), null)).get("Status"));
        assertEquals(calls, mackerel.requests().size(), "nothing to delete, nothing called");
    }

    @Test
    void aFailedUpdateKeepsThePhysicalId() {
        mackerel.addService(SERVICE);
        String id = (String) invoke(event("Create", "Custom::MackerelMonitor", null, monitor("5", "10", "1"), null))
                .get("PhysicalResourceId");
        Map<String, Object> answer = invoke(event("Update", "Custom::MackerelMonitor", id, monitor("5", "10", "0"),
                monitor("5", "10", "1")));
        assertEquals("FAILED", answer.get("Status"));
        assertEquals(id, answer.get("PhysicalResourceId"));
    }

    // ---------------------------------------------------------------------------------------------- dashboard

    @Test
    void dashboardIsCreatedWithAGraphPerSeriesUpdatedInPlaceAndDeleted() {
        mackerel.addService(SERVICE);
        Map<String, Object> answer = invoke(event("Create", "Custom::MackerelDashboard", null,
                dashboard("sign_in", "token_refresh", "sign_up"), null));
        assertEquals("SUCCESS", answer.get("Status"), answer::toString);
        String id = (String) answer.get("PhysicalResourceId");
        List<?> widgets = (List<?>) mackerel.dashboards().get(id).get("widgets");
        assertEquals(3, widgets.size());
        Map<?, ?> third = (Map<?, ?>) widgets.get(2);
        assertEquals(Map.of("type", "service", "serviceName", SERVICE, "name", "cognito.sign_up.total"),
                third.get("graph"));
        assertEquals(Map.of("x", 0L, "y", 8L, "width", 12L, "height", 8L), third.get("layout"));

        answer = invoke(event("Update", "Custom::MackerelDashboard", id, dashboard("sign_in"),
                dashboard("sign_in", "token_refresh", "sign_up")));
        assertEquals(id, answer.get("PhysicalResourceId"));
        assertEquals(1, ((List<?>) mackerel.dashboards().get(id).get("widgets")).size());

        invoke(event("Delete", "Custom::MackerelDashboard", id, dashboard("sign_in"), null));
        assertEquals(Map.of(), mackerel.dashboards());
        assertEquals("SUCCESS", invoke(event("Delete", "Custom::MackerelDashboard", id, dashboard("sign_in"), null))
                .get("Status"), "already gone");
    }

    // ------------------------------------------------------------------------------------------------- errors

    @Test
    void aKeyWithoutWritePermissionFailsWithTheFix() {
        ssm.putParameter(KEY_PARAMETER, READ_ONLY_KEY, ParameterType.SECURE_STRING);
        Map<String, Object> answer = invoke(event("Create", "Custom::MackerelService", null, service(SERVICE, false),
                null));
        String reason = (String) answer.get("Reason");
        assertEquals("FAILED", answer.get("Status"));
        assertTrue(reason.contains("answered 403"), reason);
        assertTrue(reason.contains("lacks the Write permission"), reason);
        assertTrue(reason.contains(KEY_PARAMETER), reason);
    }

    @Test
    void anInvalidKeyFailsWithTheFix() {
        ssm.putParameter(KEY_PARAMETER, "mkrWRONGKEY0000000000000000000SECRET", ParameterType.SECURE_STRING);
        seen.add("mkrWRONGKEY");
        Map<String, Object> answer = invoke(event("Create", "Custom::MackerelDashboard", null, dashboard("sign_in"),
                null));
        String reason = (String) answer.get("Reason");
        assertTrue(reason.contains("answered 401"), reason);
        assertTrue(reason.contains("is not a valid Mackerel API key"), reason);
        assertFalse(reason.contains("mkrWRONGKEY"), reason);
    }

    @Test
    void aMissingKeyParameterFailsAndNamesIt() {
        ssm.deleteParameter(KEY_PARAMETER);
        Map<String, Object> answer = invoke(event("Create", "Custom::MackerelService", null, service(SERVICE, false),
                null));
        String reason = (String) answer.get("Reason");
        assertEquals("FAILED", answer.get("Status"));
        assertTrue(reason.contains("Parameter " + KEY_PARAMETER + " (named by the ApiKeyParameter of Resource) "
                + "does not exist"), reason);
    }

    @Test
    void aKeyEchoedByMackerelIsRedacted() {
        mackerel.respondWith(400, Map.of(), "{\"error\":{\"message\":\"bad key " + KEY + "\"}}", 1);
        Map<String, Object> answer = invoke(event("Create", "Custom::MackerelService", null, service(SERVICE, false),
                null));
        assertTrue(((String) answer.get("Reason")).contains("bad key ****"), answer::toString);
    }

    @Test
    void aHungMackerelIsAnsweredBeforeLambdasTimeout() {
        mackerel.stallBeforeHeaders(Duration.ofSeconds(20), 1);
        long started = System.nanoTime();
        Map<String, Object> answer = invoke(event("Create", "Custom::MackerelService", null, service(SERVICE, false),
                null), 4000);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("FAILED", answer.get("Status"));
        assertTrue(((String) answer.get("Reason")).contains("did not answer in time"), answer::toString);
        // 4 s of Lambda time, 1 s kept to answer: answered well before the 20 s stall ends.
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }

    @Test
    void anEventThatIsNotACustomResourceRequestIsRefusedAndLoggedOnce() {
        MackerelResourceHandler handler = handler();
        WireFixture.TestContext context = new WireFixture.TestContext(30_000);
        String event = "{\"RequestType\":\"Refresh\",\"ResponseURL\":\"" + cfn.url() + "\"}";
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), context));
        assertTrue(e.getMessage().contains("not a CloudFormation custom-resource request: RequestType must be "
                + "Create, Update or Delete, got 'Refresh'"), e.getMessage());
        assertEquals(1, context.lines().size());
        assertEquals(List.of(), cfn.requests(), "no ResponseURL of a real request: nothing is sent");
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private MackerelResourceHandler handler() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", WireFixture.REGION);
        env.put("AWS_ACCESS_KEY_ID", WireFixture.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", WireFixture.SECRET_ACCESS_KEY);
        env.put("AWS_ENDPOINT_URL_SSM", ssm.endpoint().toString());
        return new MackerelResourceHandler(env, Clock.systemUTC(), new UrlConnectionTransport(Clock.systemUTC()),
                Duration.ofSeconds(1));
    }

    private Map<String, Object> invoke(String event) {
        return invoke(event, 30_000);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> invoke(String event, int remainingMillis) {
        events++;
        MackerelResourceHandler handler = handler();
        WireFixture.TestContext context = new WireFixture.TestContext(remainingMillis);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, context);
        } catch (Exception e) {
            throw new AssertionError("the handler threw", e);
        }
        seen.add(output.toString(StandardCharsets.UTF_8));
        context.lines().forEach(line -> seen.add(line.message()));
        assertEquals(1, context.lines().size(), () -> "one log line per event: " + context.lines());
        List<Map<String, Object>> answers = cfn.answers();
        assertEquals(events, answers.size(), () -> "no answer; log: " + context.lines());
        Map<String, Object> answer = answers.get(answers.size() - 1);
        assertEquals("Resource", answer.get("LogicalResourceId"));
        assertEquals("request-" + requestNumber, answer.get("RequestId"));
        return answer;
    }

    private String event(String type, String resourceType, String physicalId, Map<String, Object> properties,
            Map<String, Object> oldProperties) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", type);
        event.put("ServiceToken", "arn:aws:lambda:ap-northeast-1:123456789012:function:mackerel-side");
        event.put("ResponseURL", cfn.url().toString());
        event.put("StackId", "arn:aws:cloudformation:ap-northeast-1:123456789012:stack/app/1");
        event.put("RequestId", "request-" + (++requestNumber));
        event.put("LogicalResourceId", "Resource");
        event.put("ResourceType", resourceType);
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        event.put("ResourceProperties", properties);
        if (oldProperties != null) {
            event.put("OldResourceProperties", oldProperties);
        }
        return Json.write(event);
    }

    /** Properties as CloudFormation passes them: every scalar a string. */
    private Map<String, Object> common() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ServiceToken", "arn:aws:lambda:ap-northeast-1:123456789012:function:mackerel-side");
        properties.put("ApiKeyParameter", KEY_PARAMETER);
        properties.put("MackerelApiBaseUrl", mackerel.endpoint().toString());
        return properties;
    }

    private Map<String, Object> service(String name, boolean deleteOnRemoval) {
        Map<String, Object> properties = common();
        properties.put("ServiceName", name);
        properties.put("Memo", "Amazon Cognito metrics (CognitoMackerelMetrics)");
        properties.put("DeleteServiceOnRemoval", String.valueOf(deleteOnRemoval));
        return properties;
    }

    private Map<String, Object> monitor(String warning, String critical, String duration) {
        Map<String, Object> monitor = new LinkedHashMap<>();
        monitor.put("name", "sign-in failures");
        monitor.put("metric", "cognito.sign_in.total.failure");
        monitor.put("operator", ">");
        monitor.put("warning", warning);
        monitor.put("critical", critical);
        monitor.put("duration", duration);
        monitor.put("maxCheckAttempts", "2");
        monitor.put("notificationInterval", "60");
        monitor.put("isMute", "false");
        Map<String, Object> properties = common();
        properties.put("ServiceName", SERVICE);
        properties.put("Monitor", monitor);
        return properties;
    }

    private Map<String, Object> dashboard(String... activities) {
        List<Object> graphs = new ArrayList<>();
        for (String activity : activities) {
            graphs.add(Map.of("Title", activity + " (all clients)", "Name", "cognito." + activity + ".total"));
        }
        Map<String, Object> properties = common();
        properties.put("ServiceName", SERVICE);
        properties.put("Title", "Cognito " + SERVICE);
        properties.put("UrlPath", "cognito-mackerel/abcdef12");
        properties.put("Memo", "");
        properties.put("Graphs", graphs);
        return properties;
    }
}
