package io.github.cognitomackerel.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.cognitomackerel.runtime.testing.FakeCloudWatch;
import io.github.cognitomackerel.runtime.testing.FakeMackerel;
import io.github.cognitomackerel.runtime.testing.FakeSsm;
import io.github.cognitomackerel.settings.ConfigDocument;
import io.github.cognitomackerel.settings.ExporterSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
 * The contract between construct and runtime, proven end to end: the sample stack is synthesized, the SSM
 * parameters and the function's handler and environment are read from its template, and the exporter is run from
 * the very jar the construct staged as the Lambda asset, loaded in its own class loader, against local fakes of SSM,
 * CloudWatch and Mackerel. If the two modules disagree on a parameter name, a value format, the handler or an
 * environment variable, this test fails.
 */
class EndToEndContractTest {

    private static final String REGION = "ap-northeast-1";
    private static final String POOL_ID = "ap-northeast-1_Ab12Cd34E";
    private static final String WEB_CLIENT_ID = "1h2webclient0000000000000a";
    private static final String MOBILE_CLIENT_ID = "2k3mobileclient00000000000";
    /** A client of the pool that the sample app does not name: it must appear under its id. */
    private static final String OTHER_CLIENT_ID = "9z8otherclient000000000000";
    private static final String API_KEY = "e2e-mackerel-key-7f3a9c0d2b4e6f81";
    private static final String SERVICE = "cognito-e2e";
    private static final String KEY_PARAMETER = "/e2e/mackerel/api-key";
    /** The name CloudFormation gives the configuration parameter in this test. */
    private static final String CONFIG_PARAMETER = "CFN-CognitoMackerelMetricsConfig-E2E0TEST";

    /** The scheduled time of the EventBridge event: the run covers [11:50, 12:05). */
    private static final Instant SCHEDULED = Instant.parse("2026-11-23T12:07:00Z");
    private static final long P1150 = Instant.parse("2026-11-23T11:50:00Z").getEpochSecond();
    private static final long P1155 = Instant.parse("2026-11-23T11:55:00Z").getEpochSecond();
    private static final long P1200 = Instant.parse("2026-11-23T12:00:00Z").getEpochSecond();

    private FakeSsm ssm;
    private FakeCloudWatch cloudWatch;
    private FakeMackerel mackerel;
    private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    /** The fake physical id of each resource the configuration and the environment refer to. */
    private final Map<String, String> physicalIds = new HashMap<>();

    @TempDir
    Path outdir;

    /** The progress parameter's name, as CloudFormation would generate it. */
    private String progressParameter;

    @BeforeEach
    void startFakes() {
        ssm = FakeSsm.start();
        cloudWatch = FakeCloudWatch.start();
        mackerel = FakeMackerel.start(API_KEY, SERVICE);
        mackerel.setClock(Clock.fixed(SCHEDULED.plusSeconds(30), ZoneOffset.UTC));
    }

    @AfterEach
    void stopFakes() {
        mackerel.close();
        cloudWatch.close();
        ssm.close();
    }

    @Test
    void theSampleStackExportsEveryActivityClientAndPeriodWithExactValues() throws Exception {
        Synthesized stack = synthesizeSampleStack();

        loadParametersIntoSsm(stack);
        putCognitoActivity();

        Object handler = loadHandlerFromAsset(stack);
        String output = invoke(handler, scheduledEvent(SCHEDULED));

        assertEquals(expectedValues(), cognitoValues(), "values Mackerel received");
        assertEquals(Map.of(P1200, 1.0), mackerel.values(SERVICE).get("cognito.exporter.heartbeat"));
        assertEquals(Map.of(P1200, 192.0), mackerel.values(SERVICE).get("cognito.exporter.posted"));
        assertTrue(output.contains("\"status\":\"ok\""), "handler output: " + output);
        assertTrue(output.contains("\"progress\":\"2026-11-23T12:05:00Z\""), "handler output: " + output);
        assertEquals("2026-11-23T12:05:00Z", ssm.value(progressParameter), "the function records its progress");
        assertEquals(1, cloudWatch.calls("GetMetricData"), "one GetMetricData call for the whole window");
        assertEquals(1, cloudWatch.calls("ListMetrics"), "the pool's clients are listed once");
        // A cold run reads configuration and progress in one call, then the key the configuration names
        assertEquals(List.of("GetParameters", "GetParameter", "PutParameter"), ssm.requests().stream()
                .map(r -> r.operation()).toList());
        assertEquals(Map.of("Names", List.of(CONFIG_PARAMETER, progressParameter), "WithDecryption", false),
                ssm.requests().get(0).decodedObject());
        assertEquals(Map.of("Name", KEY_PARAMETER, "WithDecryption", true), ssm.requests().get(1).decodedObject());
        assertEquals(1, mackerel.requests().size(), "one batched POST to Mackerel");
        assertNoViolations();
        assertKeyNeverShown(output);

        // A warm run five minutes later makes no SSM call: it reads nothing again and moves the window by one
        // period; the progress it delivered stays in memory (the parameter is written once an hour of progress).
        int ssmCalls = ssm.requests().size();
        invoke(handler, scheduledEvent(SCHEDULED.plusSeconds(300)));
        assertEquals(ssmCalls, ssm.requests().size(), "a warm run makes no SSM call");
        assertEquals(1, ssm.calls("PutParameter"), "the progress written by the first run only");
        assertEquals("2026-11-23T12:05:00Z", ssm.value(progressParameter));
        assertEquals(1, cloudWatch.calls("ListMetrics"), "a warm run uses the cached client list");
        assertEquals(2, cloudWatch.calls("GetMetricData"));
        assertEquals(2, mackerel.requests().size());
        long p1205 = P1200 + 300;
        assertEquals(100.0, mackerel.values(SERVICE).get("cognito.sign_in.web.success").get(p1205),
                "the period that was still running at the first run is exported by the next");
        assertEquals(0.0, mackerel.values(SERVICE).get("cognito.sign_in.mobile.success").get(p1205));
        assertEquals(2.0, mackerel.values(SERVICE).get("cognito.sign_in.web.success").get(P1155),
                "an overlapping window posts the same value again for the same period");
        assertNoViolations();
        assertKeyNeverShown(output);
    }

    @Test
    void theExporterJarComesFromThePackagedConstructJar() throws Exception {
        URL resource = io.github.cognitomackerel.CognitoMackerelMetrics.class
                .getResource("/io/github/cognitomackerel/internal/cognito-mackerel-metrics-runtime.jar");
        assertNotNull(resource, "the construct jar must carry the runtime jar as a resource");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                resource.getProtocol().equals("jar"),
                "the construct is on the class path as a directory (mvn test): run 'mvn verify' to test the jar");
        assertTrue(resource.toString().matches("jar:file:.*/cognito-mackerel-metrics-[^/]*\\.jar!/.*"),
                "resource " + resource);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** What Mackerel holds of the Cognito series (without the exporter's heartbeat series). */
    private Map<String, Map<Long, Double>> cognitoValues() {
        Map<String, Map<Long, Double>> values = new TreeMap<>(mackerel.values(SERVICE));
        values.keySet().removeIf(name -> name.startsWith("cognito.exporter."));
        return values;
    }

    /** The expected Mackerel values, written out: 4 activities x 4 clients x 4 measures x 3 periods = 192. */
    private static Map<String, Map<Long, Double>> expectedValues() {
        Map<String, Map<Long, Double>> expected = new TreeMap<>();
        for (String activity : List.of("sign_up", "sign_in", "token_refresh", "federation")) {
            for (String client : List.of("web", "mobile", OTHER_CLIENT_ID, "total")) {
                for (String measure : List.of("success", "attempt", "failure", "throttle")) {
                    Map<Long, Double> zeros = new TreeMap<>();
                    for (long period : List.of(P1150, P1155, P1200)) {
                        zeros.put(period, 0.0);
                    }
                    expected.put("cognito." + activity + "." + client + "." + measure, zeros);
                }
            }
        }
        // sign_in, web: 11:51 (3 of 4), 11:57 (2 of 2 and 0 of 1), throttled once at 11:52.
        set(expected, "cognito.sign_in.web", P1150, 3, 4, 1);
        set(expected, "cognito.sign_in.web", P1155, 2, 3, 0);
        // sign_in, mobile: 12:01 (2 of 3) and 12:03 (1 of 1).
        set(expected, "cognito.sign_in.mobile", P1200, 3, 4, 0);
        set(expected, "cognito.sign_in.total", P1150, 3, 4, 1);
        set(expected, "cognito.sign_in.total", P1155, 2, 3, 0);
        set(expected, "cognito.sign_in.total", P1200, 3, 4, 0);
        // token_refresh, mobile: 10 of 10 at 11:55, 2 throttled at 11:56.
        set(expected, "cognito.token_refresh.mobile", P1155, 10, 10, 2);
        set(expected, "cognito.token_refresh.total", P1155, 10, 10, 2);
        // sign_up on a client the app does not name: 1 of 2 at 11:58.
        set(expected, "cognito.sign_up." + OTHER_CLIENT_ID, P1155, 1, 2, 0);
        set(expected, "cognito.sign_up.total", P1155, 1, 2, 0);
        // federation, web, through two identity providers summed: Google 2 of 2, SAML 1 of 2, both at 11:5x.
        set(expected, "cognito.federation.web", P1150, 3, 4, 0);
        set(expected, "cognito.federation.total", P1150, 3, 4, 0);
        return expected;
    }

    private static void set(Map<String, Map<Long, Double>> expected, String prefix, long period, double success,
            double attempt, double throttle) {
        expected.get(prefix + ".success").put(period, success);
        expected.get(prefix + ".attempt").put(period, attempt);
        expected.get(prefix + ".failure").put(period, attempt - success);
        expected.get(prefix + ".throttle").put(period, throttle);
    }

    private void putCognitoActivity() {
        Map<String, String> web = client(WEB_CLIENT_ID);
        Map<String, String> mobile = client(MOBILE_CLIENT_ID);
        cloudWatch.putSample("SignInSuccesses", web, at("11:51"), 3, 4);
        cloudWatch.putSample("SignInSuccesses", web, at("11:57"), 2, 2);
        cloudWatch.putSample("SignInSuccesses", web, at("11:59"), 0, 1);
        cloudWatch.putSample("SignInThrottles", web, at("11:52"), 1, 1);
        cloudWatch.putSample("SignInSuccesses", mobile, at("12:01"), 2, 3);
        cloudWatch.putSample("SignInSuccesses", mobile, at("12:03"), 1, 1);
        cloudWatch.putSample("TokenRefreshSuccesses", mobile, at("11:55"), 10, 10);
        cloudWatch.putSample("TokenRefreshThrottles", mobile, at("11:56"), 2, 2);
        cloudWatch.putSample("SignUpSuccesses", client(OTHER_CLIENT_ID), at("11:58"), 1, 2);
        Map<String, String> google = new HashMap<>(web);
        google.put("IdentityProvider", "Google");
        Map<String, String> saml = new HashMap<>(web);
        saml.put("IdentityProvider", "CorporateSAML");
        cloudWatch.putSample("FederationSuccesses", google, at("11:50"), 2, 2);
        cloudWatch.putSample("FederationSuccesses", saml, at("11:53"), 1, 2);
        // Outside the window: before it, and in the period that is still running at the scheduled time.
        cloudWatch.putSample("SignInSuccesses", web, at("11:49"), 100, 100);
        cloudWatch.putSample("SignInSuccesses", web, at("12:05"), 100, 100);
        // Another pool's activity must not leak into this pool's totals.
        cloudWatch.putSample("SignInSuccesses",
                Map.of("UserPool", "ap-northeast-1_Other0000", "UserPoolClient", WEB_CLIENT_ID), at("11:51"), 7, 7);
    }

    private static Map<String, String> client(String clientId) {
        return Map.of("UserPool", POOL_ID, "UserPoolClient", clientId);
    }

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-23T" + hhmm + ":00Z");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The synthesized sample stack: its template and the cloud assembly directory. */
    private record Synthesized(Map<String, Object> template, Path outdir) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources() {
            return (Map<String, Map<String, Object>>) (Map<?, ?>) template.get("Resources");
        }

        List<Map.Entry<String, Map<String, Object>>> ofType(String type) {
            return resources().entrySet().stream()
                    .filter(e -> type.equals(e.getValue().get("Type")))
                    .collect(Collectors.toList());
        }
    }

    private Synthesized synthesizeSampleStack() {
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .context(Map.of(
                        "mackerelServiceName", SERVICE,
                        "mackerelApiKeyParameterName", KEY_PARAMETER,
                        "aws:cdk:enable-asset-metadata", true))
                .build());
        SampleApp.build(app);
        Stack stack = (Stack) app.getNode().findChild(SampleApp.SAMPLE_STACK);
        Map<String, Object> template = Template.fromStack(stack).toJSON();
        app.synth();
        return new Synthesized(template, outdir);
    }

    /** Loads every SSM parameter the template creates into the fake, resolving references to the fake ids. */
    private void loadParametersIntoSsm(Synthesized stack) {
        physicalIds.clear();
        stack.ofType("AWS::Cognito::UserPool").forEach(e -> physicalIds.put(e.getKey(), POOL_ID));
        for (Map.Entry<String, Map<String, Object>> e : stack.ofType("AWS::Cognito::UserPoolClient")) {
            String logicalId = e.getKey();
            physicalIds.put(logicalId, logicalId.contains("WebClient") ? WEB_CLIENT_ID
                    : logicalId.contains("MobileClient") ? MOBILE_CLIENT_ID
                    : failString("unexpected app client " + logicalId));
        }
        List<Map.Entry<String, Map<String, Object>>> parameters = stack.ofType("AWS::SSM::Parameter");
        assertEquals(2, parameters.size(), "the configuration, and the progress parameter");
        Map.Entry<String, Map<String, Object>> progress = parameters.stream()
                .filter(e -> "none".equals(properties(e.getValue()).get("Value"))).findFirst().orElseThrow();
        // The progress parameter: CloudFormation names it (like this), the function finds it by that name
        assertNull(properties(progress.getValue()).get("Name"), "no physical name: CloudFormation generates it");
        progressParameter = SampleApp.SAMPLE_STACK + "-" + progress.getKey() + "-Xy12Ab34Cd56";
        physicalIds.put(progress.getKey(), progressParameter);
        ssm.putParameter(progressParameter, "none", ParameterType.STRING);
        Map.Entry<String, Map<String, Object>> parameter = parameters.stream()
                .filter(e -> e != progress).findFirst().orElseThrow();
        Map<String, Object> properties = properties(parameter.getValue());
        assertEquals("String", properties.get("Type"), "the configuration is a String parameter");
        assertNull(properties.get("Name"), "no physical name: CloudFormation generates it");
        physicalIds.put(parameter.getKey(), CONFIG_PARAMETER);
        String document = resolve(properties.get("Value"), physicalIds);
        assertFalse(document.contains(API_KEY), "the key is never written to configuration");
        assertTrue(document.length() <= 4096, "fits a standard SSM parameter: " + document.length());
        Map<String, String> settings = ConfigDocument.read(document);
        assertEquals("https://api.mackerelio.com/", settings.get(ExporterSettings.BASE_URL),
                "the default Mackerel base URL");
        assertEquals(KEY_PARAMETER, settings.get(ExporterSettings.API_KEY_PARAMETER),
                "the key's parameter name comes from the app's context");
        // What an operator (or a KCPS user) would change: point the exporter at another Mackerel endpoint.
        settings.put(ExporterSettings.BASE_URL, mackerel.endpoint().toString().replaceAll("/?$", "/"));
        ssm.putParameter(CONFIG_PARAMETER, ConfigDocument.render(settings), ParameterType.STRING);
        ssm.putParameter(KEY_PARAMETER, API_KEY, ParameterType.SECURE_STRING);
    }

    private Object loadHandlerFromAsset(Synthesized stack) throws Exception {
        List<Map.Entry<String, Map<String, Object>>> functions = stack.ofType("AWS::Lambda::Function").stream()
                .filter(e -> String.valueOf(properties(e.getValue()).get("Handler")).contains("runtime.Handler::"))
                .collect(Collectors.toList());
        assertEquals(1, functions.size(), "exactly one exporter function in the sample stack");
        Map<String, Object> function = functions.get(0).getValue();
        Map<String, Object> properties = properties(function);

        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) function.get("Metadata");
        Path jar = stack.outdir().resolve(String.valueOf(metadata.get("aws:asset:path")));
        assertTrue(Files.isRegularFile(jar) && jar.toString().endsWith(".jar"), "the asset is the jar: " + jar);

        String handler = String.valueOf(properties.get("Handler"));
        String className = handler.substring(0, handler.indexOf("::"));

        Map<String, String> environment = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) properties.get("Environment"))
                .get("Variables");
        variables.forEach((k, v) -> environment.put(k, resolve(v, physicalIds)));
        assertEquals(CONFIG_PARAMETER, environment.get("COGNITO_MACKEREL_CONFIG_PARAMETER"), "environment " + environment);
        assertEquals(progressParameter, environment.get("COGNITO_MACKEREL_PROGRESS_PARAMETER"));
        // What Lambda adds to the function's environment, with the endpoints pointed at the fakes.
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_ACCESS_KEY_ID", "AKIAE2ETESTFAKE00000");
        environment.put("AWS_SECRET_ACCESS_KEY", "e2e-secret-not-real");
        environment.put("AWS_SESSION_TOKEN", "e2e-session-not-real");
        environment.put("AWS_ENDPOINT_URL_SSM", ssm.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_CLOUDWATCH", cloudWatch.endpoint().toString());
        environment.put("AWS_LAMBDA_LOG_LEVEL", "INFO");

        // Only the jar and the JDK: nothing from this test's class path can stand in for a missing class.
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Class<?> handlerClass = Class.forName(className, true, loader);
        assertEquals(loader, handlerClass.getClassLoader());
        // Invoked just after its scheduled time, as Lambda would: a clock running from there
        Clock clock = Clock.offset(Clock.systemUTC(), java.time.Duration.between(Instant.now(),
                SCHEDULED.plusSeconds(30)));
        return handlerClass.getConstructor(Map.class, Clock.class).newInstance(environment, clock);
    }

    private String invoke(Object handler, String event) throws Exception {
        ClassLoader loader = handler.getClass().getClassLoader();
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
        Class<?> loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false, loader);
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, method, args) -> {
            if (method.getName().equals("log") && args != null && args.length > 0) {
                Object message = args[0];
                logLines.add(message instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(message));
            }
            return null;
        });
        Object context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getLogger" -> logger;
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "getMemoryLimitInMB" -> 512;
                    case "getAwsRequestId" -> "e2e-request-1";
                    case "getFunctionName" -> "CognitoMackerelMetricsSample-Function";
                    case "getFunctionVersion" -> "$LATEST";
                    case "getInvokedFunctionArn" ->
                        "arn:aws:lambda:" + REGION + ":123456789012:function:CognitoMackerelMetricsSample-Function";
                    case "getLogGroupName" -> "/aws/lambda/CognitoMackerelMetricsSample-Function";
                    case "getLogStreamName" -> "2026/11/23/[$LATEST]e2e";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "e2e-context";
                    default -> null;
                });
        Method handleRequest = handler.getClass()
                .getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handleRequest.invoke(handler, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                    context);
        } catch (InvocationTargetException e) {
            fail("the exporter failed: " + e.getCause() + "\nlog:\n" + String.join("\n", logLines), e.getCause());
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    /** The event an EventBridge schedule rule sends, as Lambda receives it. */
    private static String scheduledEvent(Instant time) {
        return """
                {"version":"0","id":"5f1b6a2e-0e8e-4c1b-9d2c-e2e000000001","detail-type":"Scheduled Event",\
                "source":"aws.events","account":"123456789012","time":"%s","region":"%s",\
                "resources":["arn:aws:events:%s:123456789012:rule/CognitoMackerelMetricsSample-Schedule"],\
                "detail":{}}""".formatted(time, REGION, REGION);
    }

    private void assertNoViolations() {
        assertEquals(List.of(), ssm.violations(), "SSM fake violations");
        assertEquals(List.of(), cloudWatch.violations(), "CloudWatch fake violations");
        assertEquals(List.of(), mackerel.violations(), "Mackerel fake violations");
    }

    private void assertKeyNeverShown(String output) {
        assertFalse(output.contains(API_KEY), "the key leaked into the handler's output");
        synchronized (logLines) {
            for (String line : logLines) {
                assertFalse(line.contains(API_KEY), "the key leaked into a log line: " + line);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** Resolves the few intrinsics a configuration value can hold: Ref and Fn::Join over literals and Refs. */
    @SuppressWarnings("unchecked")
    private static String resolve(Object value, Map<String, String> physicalIds) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            if (map.containsKey("Ref")) {
                String ref = String.valueOf(map.get("Ref"));
                String id = physicalIds.get(ref);
                return id != null ? id : failString("cannot resolve {Ref: " + ref + "}");
            }
            if (map.containsKey("Fn::Join")) {
                List<Object> join = (List<Object>) map.get("Fn::Join");
                String separator = String.valueOf(join.get(0));
                return ((List<Object>) join.get(1)).stream()
                        .map(part -> resolve(part, physicalIds))
                        .collect(Collectors.joining(separator));
            }
        }
        return failString("unsupported value in the template: " + value);
    }

    private static String failString(String message) {
        fail(message);
        return message;
    }
}
