package io.github.cognitomackerel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
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
        assertNotEquals(a.getParameterPath(), b.getParameterPath());
        assertTrue(a.getParameterPath().matches("/cognito-mackerel-metrics/TestStack/A-[0-9a-f]{8}"));
        assertTrue(b.getParameterPath().matches("/cognito-mackerel-metrics/TestStack/B-[0-9a-f]{8}"));

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::Lambda::Function", 2);
        template.resourceCountIs("AWS::Events::Rule", 2);
        template.resourceCountIs("AWS::SQS::Queue", 2);
        assertUniqueParameterNames(template, 18);
    }

    @Test
    void sameIdInTwoStacksOfOneAppDoNotCollide() {
        App app = new App();
        Stack first = new Stack(app, "StackA");
        Stack second = new Stack(app, "StackB");
        CognitoMackerelMetrics a = new CognitoMackerelMetrics(first, "Metrics", Fixtures.minimal(first).build());
        CognitoMackerelMetrics b = new CognitoMackerelMetrics(second, "Metrics", Fixtures.minimal(second).build());
        assertTrue(a.getParameterPath().startsWith("/cognito-mackerel-metrics/StackA/Metrics-"));
        assertTrue(b.getParameterPath().startsWith("/cognito-mackerel-metrics/StackB/Metrics-"));
        List<String> names = new ArrayList<>(parameterNames(Template.fromStack(first)));
        names.addAll(parameterNames(Template.fromStack(second)));
        assertEquals(names.size(), new HashSet<>(names).size(), names.toString());
    }

    @Test
    void poolAndClientMadeInTheStackAreReferenced() {
        Stack stack = Fixtures.stack();
        UserPool pool = UserPool.Builder.create(stack, "Pool").build();
        UserPoolClient web = pool.addClient("Web");
        CognitoMackerelMetrics metrics = new CognitoMackerelMetrics(stack, "Metrics", CognitoMackerelMetricsProps
                .builder()
                .userPool(pool)
                .clients(Map.of("web", web))
                .mackerelServiceName(Fixtures.SERVICE_NAME)
                .mackerelApiKeyParameterName(Fixtures.KEY_PARAMETER_NAME)
                .build());
        Template template = Template.fromStack(stack);
        String poolId = Fixtures.logicalId(template, "AWS::Cognito::UserPool", Map.of());
        String clientId = Fixtures.logicalId(template, "AWS::Cognito::UserPoolClient", Map.of());
        template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                "Name", metrics.getParameterPath() + "/user-pool-id",
                "Value", Map.of("Ref", poolId)));
        template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                "Name", metrics.getParameterPath() + "/clients/web",
                "Value", Map.of("Ref", clientId)));
    }

    @Test
    void importedPoolIdIsWrittenAsIs() {
        Stack stack = Fixtures.stack();
        CognitoMackerelMetrics metrics = new CognitoMackerelMetrics(stack, "Metrics", CognitoMackerelMetricsProps
                .builder()
                .userPool(UserPool.fromUserPoolArn(stack, "Pool",
                        "arn:aws:cognito-idp:ap-northeast-1:123456789012:userpool/" + Fixtures.POOL_ID))
                .mackerelServiceName(Fixtures.SERVICE_NAME)
                .mackerelApiKeyParameterName(Fixtures.KEY_PARAMETER_NAME)
                .build());
        Template.fromStack(stack).hasResourceProperties("AWS::SSM::Parameter", Map.of(
                "Name", metrics.getParameterPath() + "/user-pool-id",
                "Value", Fixtures.POOL_ID));
    }

    @Test
    void propsConstructorAndFluentBuilderMakeTheSameTemplate() {
        Stack viaProps = Fixtures.stack();
        new CognitoMackerelMetrics(viaProps, "Metrics", Fixtures.minimal(viaProps).build());
        Stack viaBuilder = Fixtures.stack();
        CognitoMackerelMetrics.Builder.create(viaBuilder, "Metrics")
                .userPool(Fixtures.importedPool(viaBuilder))
                .mackerelServiceName(Fixtures.SERVICE_NAME)
                .mackerelApiKeyParameterName(Fixtures.KEY_PARAMETER_NAME)
                .build();
        assertEquals(Fixtures.canonicalJson(Template.fromStack(viaProps).toJSON()),
                Fixtures.canonicalJson(Template.fromStack(viaBuilder).toJSON()));
    }

    private static void assertUniqueParameterNames(Template template, int count) {
        List<String> names = parameterNames(template);
        assertEquals(count, names.size());
        assertEquals(count, new HashSet<>(names).size(), names.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<String> parameterNames(Template template) {
        List<String> names = new ArrayList<>();
        template.findResources("AWS::SSM::Parameter").values().forEach(resource ->
                names.add((String) ((Map<String, Object>) resource.get("Properties")).get("Name")));
        return names;
    }
}
