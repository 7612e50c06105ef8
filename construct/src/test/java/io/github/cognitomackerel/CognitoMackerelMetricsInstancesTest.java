package io.github.cognitomackerel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;

/** Several instances, several stacks, pools made or imported, both ways of building. */
class CognitoMackerelMetricsInstancesTest {

    @Test
    void twoInstancesInOneStackDoNotCollide() {
        Stack stack = Fixtures.stack();
        var pool = Fixtures.importedPool(stack);
        CognitoMackerelMetrics a = new CognitoMackerelMetrics(stack, "A", CognitoMackerelMetricsProps.builder()
                .userPool(pool).mackerelServiceName("service-a").mackerelApiKeyParameterName("/a/key").build());
        CognitoMackerelMetrics b = new CognitoMackerelMetrics(stack, "B", CognitoMackerelMetricsProps.builder()
                .userPool(pool).mackerelServiceName("service-b").mackerelApiKeyParameterName("/b/key").build());

        Template template = Template.fromStack(stack);
        // Each has its exporter and its Mackerel side (on by default), with dashboards at distinct URL paths.
        template.resourceCountIs("AWS::Lambda::Function", 4);
        template.resourceCountIs("Custom::MackerelDashboard", 2);
        assertNotEquals(template.findResources("Custom::MackerelDashboard").values().stream()
                .map(r -> ((Map<?, ?>) r.get("Properties")).get("UrlPath")).distinct().count(), 1L);
        template.resourceCountIs("AWS::Events::Rule", 2);
        template.resourceCountIs("AWS::SQS::Queue", 2);
        // a configuration and a progress parameter each
        template.resourceCountIs("AWS::SSM::Parameter", 4);
        // No physical names: CloudFormation generates each parameter's name, so nothing can collide.
        assertEquals(List.of(), physicalParameterNames(template));
        String configA = stack.resolve(a.getConfigParameter().getParameterName()).toString();
        String configB = stack.resolve(b.getConfigParameter().getParameterName()).toString();
        assertNotEquals(configA, configB);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("COGNITO_MACKEREL_CONFIG_PARAMETER",
                        stack.resolve(a.getConfigParameter().getParameterName()))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("COGNITO_MACKEREL_CONFIG_PARAMETER",
                        stack.resolve(b.getConfigParameter().getParameterName()))))));
    }

    @Test
    void sameIdInTwoStacksOfOneAppDoNotCollide() {
        App app = new App();
        Stack first = new Stack(app, "StackA");
        Stack second = new Stack(app, "StackB");
        new CognitoMackerelMetrics(first, "Metrics", Fixtures.minimal(first).build());
        new CognitoMackerelMetrics(second, "Metrics", Fixtures.minimal(second).build());
        assertEquals(List.of(), physicalParameterNames(Template.fromStack(first)));
        assertEquals(List.of(), physicalParameterNames(Template.fromStack(second)));
    }

    @Test
    void poolAndClientMadeInTheStackAreReferenced() {
        Stack stack = Fixtures.stack();
        UserPool pool = UserPool.Builder.create(stack, "Pool").build();
        UserPoolClient web = pool.addClient("Web");
        new CognitoMackerelMetrics(stack, "Metrics", CognitoMackerelMetricsProps
                .builder()
                .userPool(pool)
                .clients(Map.of("web", web))
                .mackerelServiceName(Fixtures.SERVICE_NAME)
                .mackerelApiKeyParameterName(Fixtures.KEY_PARAMETER_NAME)
                .build());
        Template template = Template.fromStack(stack);
        String poolId = Fixtures.logicalId(template, "AWS::Cognito::UserPool", Map.of());
        String clientId = Fixtures.logicalId(template, "AWS::Cognito::UserPoolClient", Map.of());
        Map<String, String> settings = Fixtures.settings(template);
        assertEquals("${Ref:" + poolId + "}", settings.get("user-pool-id"));
        assertEquals("${Ref:" + clientId + "}", settings.get("clients.web"));
    }

    @Test
    void importedPoolIdIsWrittenAsIs() {
        Stack stack = Fixtures.stack();
        new CognitoMackerelMetrics(stack, "Metrics", CognitoMackerelMetricsProps
                .builder()
                .userPool(UserPool.fromUserPoolArn(stack, "Pool",
                        "arn:aws:cognito-idp:ap-northeast-1:123456789012:userpool/" + Fixtures.POOL_ID))
                .mackerelServiceName(Fixtures.SERVICE_NAME)
                .mackerelApiKeyParameterName(Fixtures.KEY_PARAMETER_NAME)
                .build());
        assertEquals(Fixtures.POOL_ID, Fixtures.settings(Template.fromStack(stack)).get("user-pool-id"));
    }

    @Test
    void propsConstructorAndFluentBuilderMakeTheSameTemplate() {
        Stack viaProps = Fixtures.stack();
        new CognitoMackerelMetrics(viaProps, "Metrics", Fixtures.withMackerelSide(Fixtures.importedPool(viaProps))
                .build());
        Stack viaBuilder = Fixtures.stack();
        CognitoMackerelMetrics.Builder.create(viaBuilder, "Metrics")
                .userPool(Fixtures.importedPool(viaBuilder))
                .mackerelServiceName(Fixtures.SERVICE_NAME)
                .mackerelApiKeyParameterName(Fixtures.KEY_PARAMETER_NAME)
                .build();
        assertEquals(Fixtures.canonicalJson(Template.fromStack(viaProps).toJSON()),
                Fixtures.canonicalJson(Template.fromStack(viaBuilder).toJSON()));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> physicalParameterNames(Template template) {
        List<Object> names = new ArrayList<>();
        template.findResources("AWS::SSM::Parameter").values().forEach(resource -> {
            Object name = ((Map<String, Object>) resource.get("Properties")).get("Name");
            if (name != null) {
                names.add(name);
            }
        });
        return names;
    }
}
