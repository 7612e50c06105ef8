package io.github.cognitomackerel.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** What the sample app synthesizes with its default context and with the context a user passes with -c. */
class SampleAppTest {

    @Test
    void byDefaultOneStackWithTheDocumentedContextDefaults() {
        App app = new App(AppProps.builder().outdir(tmp("default")).build());
        SampleApp.build(app);
        CloudAssembly assembly = app.synth();

        assertEquals(List.of(SampleApp.SAMPLE_STACK), stackNames(assembly));
        Template template = Template.fromStack((Stack) app.getNode().findChild(SampleApp.SAMPLE_STACK));
        template.resourceCountIs("AWS::Cognito::UserPoolClient", 2);
        String document = configDocument(template);
        assertTrue(document.contains("\nmackerel-service-name=" + SampleApp.DEFAULT_SERVICE_NAME + "\n"), document);
        assertTrue(document.contains("\nmackerel-api-key-parameter=" + SampleApp.DEFAULT_API_KEY_PARAMETER_NAME
                + "\n"), document);
        assertTrue(document.matches("(?s).*\nclients\\.web=\\$\\{Ref:UserPoolWebClient[0-9A-F]+}\n.*"), document);
        assertTrue(document.matches("(?s).*\nclients\\.mobile=\\$\\{Ref:UserPoolMobileClient[0-9A-F]+}\n.*"),
                document);
        template.hasOutput("*", Map.of("Value", Map.of("Ref", Match.stringLikeRegexp(
                "CognitoMackerelMetricsConfig.*"))));

        // The Mackerel side: the service, the two monitors and the dashboard.
        template.hasResourceProperties("Custom::MackerelService", Match.objectLike(Map.of(
                "ServiceName", SampleApp.DEFAULT_SERVICE_NAME, "DeleteServiceOnRemoval", false)));
        template.resourceCountIs("Custom::MackerelMonitor", 2);
        template.hasResourceProperties("Custom::MackerelMonitor", Match.objectLike(Map.of("Monitor",
                Match.objectLike(Map.of("metric", "cognito.exporter.heartbeat", "missingDurationCritical", 30)))));
        template.hasResourceProperties("Custom::MackerelMonitor", Match.objectLike(Map.of("Monitor",
                Match.objectLike(Map.of("metric", "cognito.sign_in.total.failure", "operator", ">",
                        "warning", 20, "critical", 100, "duration", 3)))));
        template.resourceCountIs("Custom::MackerelDashboard", 1);
    }

    @Test
    void anExistingPoolIdInContextAddsTheImportedPoolStack() {
        App app = new App(AppProps.builder()
                .outdir(tmp("existing"))
                .context(Map.of(
                        "existingUserPoolId", "eu-west-1_Xyz987654",
                        "mackerelServiceName", "identity",
                        "mackerelApiKeyParameterName", "/ops/mackerel-key"))
                .build());
        SampleApp.build(app);
        CloudAssembly assembly = app.synth();

        assertEquals(List.of(SampleApp.EXISTING_POOL_STACK, SampleApp.SAMPLE_STACK),
                stackNames(assembly).stream().sorted().collect(Collectors.toList()));
        Template template = Template.fromStack((Stack) app.getNode().findChild(SampleApp.EXISTING_POOL_STACK));
        template.resourceCountIs("AWS::Cognito::UserPool", 0);
        String document = configDocument(template);
        assertTrue(document.contains("\nuser-pool-id=eu-west-1_Xyz987654\n"), document);
        assertTrue(document.contains("\nmackerel-service-name=identity\n"), document);
        template.resourceCountIs("AWS::Lambda::Function", 2); // the exporter and the Mackerel side
        assertFalse(document.contains("clients."), "no aliases: every client of the imported pool appears under its id");
    }

    /** The configuration document, with each deploy-time value shown as {@code ${Ref:LogicalId}}. */
    @SuppressWarnings("unchecked")
    private static String configDocument(Template template) {
        // The configuration parameter; the other one is the progress parameter, which starts at 'none'
        Map<String, Map<String, Object>> parameters = new java.util.HashMap<>(template.findResources(
                "AWS::SSM::Parameter"));
        assertEquals(2, parameters.size(), parameters::toString);
        parameters.values().removeIf(p -> "none".equals(((Map<String, Object>) p.get("Properties")).get("Value")));
        assertEquals(1, parameters.size(), parameters::toString);
        Object value = ((Map<String, Object>) parameters.values().iterator().next().get("Properties")).get("Value");
        if (value instanceof String) {
            return (String) value;
        }
        StringBuilder text = new StringBuilder();
        for (Object part : (List<Object>) ((List<Object>) ((Map<String, Object>) value).get("Fn::Join")).get(1)) {
            text.append(part instanceof String ? part : "${Ref:" + ((Map<String, Object>) part).get("Ref") + "}");
        }
        return text.toString();
    }

    private static List<String> stackNames(CloudAssembly assembly) {
        return assembly.getStacks().stream().map(s -> s.getStackName()).collect(Collectors.toList());
    }

    private static String tmp(String name) {
        try {
            return java.nio.file.Files.createTempDirectory(
                    java.nio.file.Path.of(System.getProperty("java.io.tmpdir")), "sample-" + name).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
