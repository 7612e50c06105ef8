package io.github.cognitomackerel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The README's monitors snippet is this module's compiled {@link ReadmeMackerelExample}, and it synthesizes. */
class ReadmeMackerelExampleTest {

    @Test
    void theReadmeShowsTheCompiledExampleAndItSynthesizes() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/github/cognitomackerel/ReadmeMackerelExample.java"));
        String begin = "// readme:mackerel-monitors:begin\n";
        String snippet = source.substring(source.indexOf(begin) + begin.length(),
                source.indexOf("        // readme:mackerel-monitors:end"));
        String deindented = Arrays.stream(snippet.split("\n")).map(line -> line.length() >= 8 ? line.substring(8)
                : line.strip()).collect(Collectors.joining("\n")) + "\n";
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains("```java\n" + deindented + "```"),
                "README.md must show this block verbatim in a ```java fence:\n" + deindented);

        App app = new App();
        Template template = Template.fromStack(new ReadmeMackerelExample(app));
        template.resourceCountIs("Custom::MackerelMonitor", 3);
        template.hasResourceProperties("Custom::MackerelMonitor", Match.objectLike(Map.of("Monitor",
                Match.objectLike(Map.of("metric", "cognito.sign_in.web.failure", "notificationInterval", 60)))));
        template.hasResourceProperties("Custom::MackerelMonitor", Match.objectLike(Map.of("Monitor",
                Match.objectLike(Map.of("metric", "cognito.sign_in.total.success", "operator", "<")))));
    }
}
