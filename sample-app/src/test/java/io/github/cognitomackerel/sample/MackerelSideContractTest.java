package io.github.cognitomackerel.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.testing.FakeMackerel;
import io.github.cognitomackerel.runtime.testing.FakeResponseUrl;
import io.github.cognitomackerel.runtime.testing.FakeSsm;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The contract between the construct's custom resources and the runtime's {@code MackerelResourceHandler}, end to
 * end: the sample stack is synthesized, and each Mackerel custom resource of its template is sent to the handler
 * loaded from the staged jar asset, as CloudFormation would send it (Create in dependency order, then Delete in
 * reverse), against local fakes of SSM, Mackerel's API and the pre-signed response URL. If the construct writes a
 * property the handler does not read, or the handler sends Mackerel what it refuses, this test fails.
 */
class MackerelSideContractTest {

    private static final String REGION = "ap-northeast-1";
    private static final String API_KEY = "e2e-mackerel-side-key-0c5d2a9b7e4f1c8d";
    private static final String SERVICE = "cognito-e2e";
    private static final String KEY_PARAMETER = "/e2e/mackerel/api-key";

    private FakeSsm ssm;
    private FakeMackerel mackerel;
    private FakeResponseUrl cfn;
    private final List<String> shown = new ArrayList<>();

    @TempDir
    Path outdir;

    @BeforeEach
    void start() {
        ssm = FakeSsm.start();
        mackerel = FakeMackerel.start(API_KEY);
        cfn = FakeResponseUrl.start();
        ssm.putParameter(KEY_PARAMETER, API_KEY, ParameterType.SECURE_STRING);
    }

    @AfterEach
    void stop() {
        cfn.close();
        mackerel.close();
        ssm.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSampleStacksCustomResourcesProvisionAndRemoveTheMackerelSide() throws Exception {
        App app = new App(AppProps.builder().outdir(outdir.toString())
                .context(Map.of("mackerelServiceName", SERVICE, "mackerelApiKeyParameterName", KEY_PARAMETER,
                        "aws:cdk:enable-asset-metadata", true))
                .build());
        SampleApp.build(app);
        app.synth();
        Stack stack = (Stack) app.getNode().findChild(SampleApp.SAMPLE_STACK);
        Map<String, Object> resources = (Map<String, Object>) Template.fromStack(stack).toJSON().get("Resources");

        String functionId = null;
        for (Map.Entry<String, Object> entry : resources.entrySet()) {
            Map<String, Object> resource = (Map<String, Object>) entry.getValue();
            if ("AWS::Lambda::Function".equals(resource.get("Type")) && String.valueOf(properties(resource)
                    .get("Handler")).endsWith("MackerelResourceHandler::handleRequest")) {
                functionId = entry.getKey();
            }
        }
        Map<String, Object> function = (Map<String, Object>) resources.get(functionId);
        Path jar = outdir.resolve(String.valueOf(((Map<String, Object>) function.get("Metadata"))
                .get("aws:asset:path")));
        String handlerName = String.valueOf(properties(function).get("Handler"));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_ACCESS_KEY_ID", "AKIAE2ETESTFAKE00000");
        environment.put("AWS_SECRET_ACCESS_KEY", "e2e-secret-not-real");
        environment.put("AWS_ENDPOINT_URL_SSM", ssm.endpoint().toString());
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Object handler = Class.forName(handlerName.substring(0, handlerName.indexOf("::")), true, loader)
                .getConstructor(Map.class).newInstance(environment);

        // CloudFormation's order: the service, then what reads its ServiceName attribute.
        List<String> order = new ArrayList<>();
        for (String type : List.of("Custom::MackerelService", "Custom::MackerelMonitor", "Custom::MackerelDashboard")) {
            resources.forEach((id, resource) -> {
                if (type.equals(((Map<String, Object>) resource).get("Type"))) {
                    order.add(id);
                }
            });
        }
        assertEquals(4, order.size(), "service, two monitors, dashboard: " + order);
        Map<String, Map<String, Object>> attributes = new LinkedHashMap<>();
        Map<String, String> physicalIds = new LinkedHashMap<>();
        for (String id : order) {
            Map<String, Object> resource = (Map<String, Object>) resources.get(id);
            Map<String, Object> answer = send(handler, "Create", id, String.valueOf(resource.get("Type")), null,
                    resolve(properties(resource), attributes, functionId));
            assertEquals("SUCCESS", answer.get("Status"), () -> id + ": " + answer);
            physicalIds.put(id, String.valueOf(answer.get("PhysicalResourceId")));
            attributes.put(id, (Map<String, Object>) answer.get("Data"));
        }

        assertEquals(List.of(SERVICE), mackerel.serviceNames());
        assertEquals(2, mackerel.monitors().size());
        assertTrue(mackerel.monitors().values().stream().anyMatch(m -> "cognito.exporter.heartbeat"
                .equals(m.get("metric")) && SERVICE.equals(m.get("service"))), mackerel.monitors().toString());
        Map<String, Object> dashboard = mackerel.dashboards().values().iterator().next();
        assertEquals(12, ((List<?>) dashboard.get("widgets")).size(), "4 activities x (total, mobile, web)");

        List<String> reverse = new ArrayList<>(order);
        java.util.Collections.reverse(reverse);
        for (String id : reverse) {
            Map<String, Object> resource = (Map<String, Object>) resources.get(id);
            Map<String, Object> answer = send(handler, "Delete", id, String.valueOf(resource.get("Type")),
                    physicalIds.get(id), resolve(properties(resource), attributes, functionId));
            assertEquals("SUCCESS", answer.get("Status"), () -> id + ": " + answer);
        }
        assertEquals(Map.of(), mackerel.monitors());
        assertEquals(Map.of(), mackerel.dashboards());
        assertEquals(List.of(SERVICE), mackerel.serviceNames(), "the service and its metrics are retained");

        assertEquals(List.of(), mackerel.violations());
        assertEquals(List.of(), cfn.violations());
        assertEquals(List.of(), ssm.violations());
        for (RecordedRequest request : cfn.requests()) {
            shown.add(request.bodyText());
        }
        for (String text : shown) {
            assertFalse(text.contains(API_KEY), () -> "the key leaked: " + text);
        }
    }

    private Map<String, Object> send(Object handler, String type, String logicalId, String resourceType,
            String physicalId, Map<String, Object> properties) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", type);
        event.put("ServiceToken", properties.get("ServiceToken"));
        event.put("ResponseURL", cfn.url().toString());
        event.put("StackId", "arn:aws:cloudformation:" + REGION + ":123456789012:stack/" + SampleApp.SAMPLE_STACK
                + "/1");
        event.put("RequestId", type + "-" + logicalId);
        event.put("LogicalResourceId", logicalId);
        event.put("ResourceType", resourceType);
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        event.put("ResourceProperties", properties);
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(event);

        ClassLoader loader = handler.getClass().getClassLoader();
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
        Class<?> loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false, loader);
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, method, args) -> {
            if (method.getName().equals("log") && args != null && args.length > 0) {
                shown.add(args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(args[0]));
            }
            return null;
        });
        Object context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getLogger" -> logger;
                    case "getRemainingTimeInMillis" -> 120_000;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        Method handleRequest = handler.getClass()
                .getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int before = cfn.answers().size();
        handleRequest.invoke(handler, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), output,
                context);
        shown.add(output.toString(StandardCharsets.UTF_8));
        assertEquals(before + 1, cfn.answers().size(), "one answer per event");
        return cfn.answers().get(before);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /**
     * What CloudFormation passes: intrinsics resolved (the function's ARN, the service's attributes), every scalar a
     * string, and the Mackerel base URL pointed at the fake.
     */
    @SuppressWarnings("unchecked")
    private Object resolveValue(Object value, Map<String, Map<String, Object>> attributes, String functionId) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("Fn::GetAtt")) {
            List<Object> getAtt = (List<Object>) map.get("Fn::GetAtt");
            if (getAtt.get(0).equals(functionId)) {
                return "arn:aws:lambda:" + REGION + ":123456789012:function:mackerel-side";
            }
            return String.valueOf(attributes.get(String.valueOf(getAtt.get(0))).get(String.valueOf(getAtt.get(1))));
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), resolveValue(v, attributes, functionId)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(resolveValue(v, attributes, functionId)));
            return out;
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolve(Map<String, Object> properties, Map<String, Map<String, Object>> attributes,
            String functionId) {
        Map<String, Object> resolved = (Map<String, Object>) resolveValue(properties, attributes, functionId);
        assertEquals("https://api.mackerelio.com/", resolved.get("MackerelApiBaseUrl"));
        resolved.put("MackerelApiBaseUrl", mackerel.endpoint().toString());
        return resolved;
    }
}
