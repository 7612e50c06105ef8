package io.github.cognitomackerel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import io.github.cognitomackerel.settings.ConfigDocument;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.IUserPoolClient;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;

/** Shared stacks and props for the tests: an imported pool, a service name and a key parameter name. */
final class Fixtures {
    static final String STACK_NAME = "TestStack";
    static final String POOL_ID = "ap-northeast-1_AbCdEf123";
    static final String SERVICE_NAME = "my-service";
    static final String KEY_PARAMETER_NAME = "/mackerel/api-key";

    private Fixtures() {
    }

    static Stack stack() {
        return new Stack(new App(), STACK_NAME);
    }

    static IUserPool importedPool(Stack stack) {
        return UserPool.fromUserPoolId(stack, "Pool", POOL_ID);
    }

    static IUserPoolClient importedClient(Stack stack, String id, String clientId) {
        return UserPoolClient.fromUserPoolClientId(stack, id, clientId);
    }

    /** The required props only. */
    static CognitoMackerelMetricsProps.Builder minimal(Stack stack) {
        return minimal(importedPool(stack));
    }

    /**
     * The required props only, for a pool already in the stack (for several builders in one stack), with the Mackerel
     * side switched off: these tests are about the exporter; the Mackerel side has its own ({@code MackerelSide*Test},
     * {@link #withMackerelSide}).
     */
    static CognitoMackerelMetricsProps.Builder minimal(IUserPool pool) {
        return withMackerelSide(pool)
                .manageMackerelService(false)
                .mackerelMonitors(List.of())
                .mackerelDashboard(false);
    }

    /** The required props only: the Mackerel side as its defaults make it. */
    static CognitoMackerelMetricsProps.Builder withMackerelSide(IUserPool pool) {
        return CognitoMackerelMetricsProps.builder()
                .userPool(pool)
                .mackerelServiceName(SERVICE_NAME)
                .mackerelApiKeyParameterName(KEY_PARAMETER_NAME);
    }

    /** The logical id of the only resource of a type whose properties match. */
    static String logicalId(Template template, String type, Object properties) {
        Map<String, Map<String, Object>> found = template.findResources(type, Map.of("Properties", properties));
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + " matching " + properties + ", found " + found.keySet());
        }
        return found.keySet().iterator().next();
    }

    /**
     * The configuration document of the only configuration parameter of a template, with each deploy-time value
     * shown as {@code ${Ref:LogicalId}} (CloudFormation fills it in).
     */
    static String configDocument(Template template) {
        Map<String, Map<String, Object>> found = template.findResources("AWS::SSM::Parameter",
                Map.of("Properties", Map.of("Description", Match.stringLikeRegexp("CognitoMackerelMetrics configuration.*"))));
        if (found.size() != 1) {
            throw new AssertionError("expected one configuration parameter, found " + found.keySet());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) found.values().iterator().next().get("Properties");
        return text(properties.get("Value"));
    }

    /** The settings of {@link #configDocument}, read as the runtime reads them. */
    static Map<String, String> settings(Template template) {
        return ConfigDocument.read(configDocument(template));
    }

    @SuppressWarnings("unchecked")
    private static String text(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        Map<String, Object> intrinsic = (Map<String, Object>) value;
        if (intrinsic.containsKey("Ref")) {
            return "${Ref:" + intrinsic.get("Ref") + "}";
        }
        List<Object> join = (List<Object>) intrinsic.get("Fn::Join");
        if (join == null || !"".equals(join.get(0))) {
            throw new AssertionError("unexpected intrinsic in the configuration document: " + value);
        }
        StringBuilder out = new StringBuilder();
        for (Object part : (List<Object>) join.get(1)) {
            out.append(text(part));
        }
        return out.toString();
    }

    /** A template (or part) as canonical JSON: keys sorted, two-space indent, one value per line. */
    static String canonicalJson(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder out, Object value, String indent) {
        String inner = indent + "  ";
        if (value instanceof Map) {
            Map<String, Object> map = new TreeMap<>((Map<String, Object>) value);
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            List<String> keys = new ArrayList<>(map.keySet());
            for (int i = 0; i < keys.size(); i++) {
                out.append(inner);
                writeString(out, keys.get(i));
                out.append(": ");
                write(out, map.get(keys.get(i)), inner);
                out.append(i + 1 < keys.size() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (value instanceof List) {
            List<Object> list = (List<Object>) value;
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append(inner);
                write(out, list.get(i), inner);
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else if (value instanceof String) {
            writeString(out, (String) value);
        } else if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d));
        } else {
            out.append(value);
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
