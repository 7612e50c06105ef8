package io.github.cognitomackerel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
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
    void failsWhenAParameterPathIsNestedUnderAnothersInOneStack() {
        Stack stack = Fixtures.stack();
        var pool = Fixtures.importedPool(stack);
        new CognitoMackerelMetrics(stack, "A", Fixtures.minimal(pool).parameterPath("/a").build());
        CognitoMackerelMetricsProps nested = Fixtures.minimal(pool).parameterPath("/a/b").build();
        assertEquals(overlapMessage("/a/b", "TestStack/B", "/a", "TestStack/A"), assertThrows(
                IllegalArgumentException.class, () -> new CognitoMackerelMetrics(stack, "B", nested)).getMessage());
    }

    @Test
    void failsWhenAParameterPathContainsAnothers() {
        Stack stack = Fixtures.stack();
        var pool = Fixtures.importedPool(stack);
        new CognitoMackerelMetrics(stack, "A", Fixtures.minimal(pool).parameterPath("/a/b/c").build());
        CognitoMackerelMetricsProps outer = Fixtures.minimal(pool).parameterPath("/a").build();
        assertEquals(overlapMessage("/a", "TestStack/B", "/a/b/c", "TestStack/A"), assertThrows(
                IllegalArgumentException.class, () -> new CognitoMackerelMetrics(stack, "B", outer)).getMessage());
    }

    @Test
    void failsWhenTwoStacksOfOneEnvironmentShareAParameterPath() {
        App app = new App();
        Environment tokyo = Environment.builder().account("123456789012").region("ap-northeast-1").build();
        Stack first = new Stack(app, "StackA", StackProps.builder().env(tokyo).build());
        Stack second = new Stack(app, "StackB", StackProps.builder().env(tokyo).build());
        new CognitoMackerelMetrics(first, "Metrics", Fixtures.minimal(first).parameterPath("/metrics").build());
        CognitoMackerelMetricsProps same = Fixtures.minimal(second).parameterPath("/metrics").build();
        assertEquals(overlapMessage("/metrics", "StackB/Metrics", "/metrics", "StackA/Metrics"), assertThrows(
                IllegalArgumentException.class, () -> new CognitoMackerelMetrics(second, "Metrics", same))
                .getMessage());
    }

    @Test
    void siblingPathsAndPathsInOtherRegionsDoNotOverlap() {
        App app = new App();
        Stack tokyo = new Stack(app, "Tokyo", StackProps.builder().env(Environment.builder()
                .account("123456789012").region("ap-northeast-1").build()).build());
        Stack osaka = new Stack(app, "Osaka", StackProps.builder().env(Environment.builder()
                .account("123456789012").region("ap-northeast-3").build()).build());
        var pool = Fixtures.importedPool(tokyo);
        new CognitoMackerelMetrics(tokyo, "A", Fixtures.minimal(pool).parameterPath("/metrics/a").build());
        // A common prefix that is not a whole level, and a sibling: not nested.
        new CognitoMackerelMetrics(tokyo, "B", Fixtures.minimal(pool).parameterPath("/metrics/ab").build());
        new CognitoMackerelMetrics(tokyo, "C", Fixtures.minimal(pool).parameterPath("/metrics/b").build());
        // The same path in another region.
        new CognitoMackerelMetrics(osaka, "A", Fixtures.minimal(osaka).parameterPath("/metrics/a").build());
        Template.fromStack(tokyo).resourceCountIs("AWS::Lambda::Function", 3);
        Template.fromStack(osaka).resourceCountIs("AWS::Lambda::Function", 1);
    }

    @Test
    void parameterPathsThatAreTokensAreNotCompared() {
        Stack stack = Fixtures.stack();
        var pool = Fixtures.importedPool(stack);
        String level = CfnParameter.Builder.create(stack, "Level").type("String").build().getValueAsString();
        // Compared as strings, "/metrics/${Token[...]}" would lie under "/metrics"; its value is unknown at synth.
        new CognitoMackerelMetrics(stack, "A", Fixtures.minimal(pool).parameterPath("/metrics/" + level).build());
        new CognitoMackerelMetrics(stack, "B", Fixtures.minimal(pool).parameterPath("/metrics").build());
        Template.fromStack(stack).resourceCountIs("AWS::Lambda::Function", 2);
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

    private static String overlapMessage(String path, String construct, String otherPath, String otherConstruct) {
        return "'parameterPath' '" + path + "' of " + construct + " overlaps '" + otherPath + "' of " + otherConstruct
                + " (the same path, or one under the other, in the same account and region): each function reads "
                + "every parameter under its path, so it would read the other's configuration and fail; give each "
                + "CognitoMackerelMetrics a path that is neither equal to nor under another's, or leave "
                + "'parameterPath' unset for a unique default";
    }

    private static void assertUniqueParameterNames(Template template, int count) {
        List<String> names = parameterNames(template);
        assertEquals(count, names.size());
        assertEquals(count, new HashSet<>(names).size(), names.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<String> parameterNames(Template template) {
        List<String> names = new ArrayList<>();
        // The progress parameters have no name in the template (CloudFormation makes a unique one)
        template.findResources("AWS::SSM::Parameter").values().stream()
                .map(resource -> (String) ((Map<String, Object>) resource.get("Properties")).get("Name"))
                .filter(java.util.Objects::nonNull).forEach(names::add);
        return names;
    }
}
