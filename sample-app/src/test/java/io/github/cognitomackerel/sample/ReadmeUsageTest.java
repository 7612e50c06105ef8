package io.github.cognitomackerel.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.CognitoMackerelMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.IUserPoolClient;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.constructs.Construct;

/**
 * The README's usage example is this code: it compiles here, it synthesizes, and the README's block between the
 * {@code readme:usage} markers is the region between the markers below, line for line (indentation removed).
 * Change the example here and copy it to the README, or the other way round; this test fails until both agree.
 */
class ReadmeUsageTest {
    private static final Path README = Path.of("..", "README.md");
    private static final String SOURCE = "src/test/java/io/github/cognitomackerel/sample/ReadmeUsageTest.java";

    /** A stack of a user's app that adds the construct for an existing pool and one of its app clients. */
    static final class UsageStack extends Stack {
        UsageStack(final Construct scope, final String id) {
            super(scope, id);
            // readme:usage:begin
            IUserPool pool = UserPool.fromUserPoolId(this, "Pool", "ap-northeast-1_AbCdEf123");  // or a UserPool you create
            IUserPoolClient web = UserPoolClient.fromUserPoolClientId(this, "Web", "1example23456789");

            CognitoMackerelMetrics.Builder.create(this, "CognitoMetrics")
                    .userPool(pool)
                    .clients(Map.of("web", web))                       // optional: readable names for some clients
                    .mackerelServiceName("my-service")                 // created in Mackerel when missing
                    .mackerelApiKeyParameterName("/mackerel/api-key")  // an existing SecureString parameter
                    .build();
            // readme:usage:end
        }
    }

    @Test
    void theReadmeShowsExactlyThisExample() throws IOException {
        List<String> source = region(Files.readAllLines(Path.of(SOURCE), StandardCharsets.UTF_8),
                "// readme:usage:begin", "// readme:usage:end");
        List<String> readme = region(Files.readAllLines(README, StandardCharsets.UTF_8),
                "<!-- readme:usage:begin", "<!-- readme:usage:end");
        assertEquals("```java", readme.get(0), "the README block starts with ```java");
        assertEquals("```", readme.get(readme.size() - 1), "the README block ends with ```");
        assertEquals(String.join("\n", dedent(source)), String.join("\n", readme.subList(1, readme.size() - 1)),
                "README.md's usage block must equal the example in " + SOURCE);
    }

    @Test
    void theExampleSynthesizesTheExporter() {
        UsageStack stack = new UsageStack(new App(), "Usage");
        Template template = Template.fromStack(stack);
        // the exporter (and the function that sets up the Mackerel side)
        assertEquals(1, template.findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("Handler", CognitoMackerelMetrics.HANDLER))).size());
    }

    /** The lines strictly between the first line starting (after spaces) with {@code begin} and then {@code end}. */
    private static List<String> region(List<String> lines, String begin, String end) {
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (from < 0 && line.startsWith(begin)) {
                from = i + 1;
            } else if (from >= 0 && line.startsWith(end)) {
                assertTrue(i > from, "empty region between " + begin + " and " + end);
                return lines.subList(from, i);
            }
        }
        throw new AssertionError("no region between '" + begin + "' and '" + end + "'");
    }

    /** Removes the indentation that all non-blank lines share; blank lines become empty. */
    private static List<String> dedent(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.isBlank() ? "" : line.substring(indent));
        }
        return out;
    }
}
