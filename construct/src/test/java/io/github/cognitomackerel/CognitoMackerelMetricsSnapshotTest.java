package io.github.cognitomackerel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Notices any change to a representative template. Not a proof of correctness (the template test is): when a change
 * is intended, regenerate with
 * {@code mvn -B -pl construct -am package -Dtest=CognitoMackerelMetricsSnapshotTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsnapshot.update=true} (from the repository root) and review the
 * diff of {@value #SNAPSHOT} before committing it.
 */
class CognitoMackerelMetricsSnapshotTest {
    static final String SNAPSHOT = "src/test/resources/snapshots/CognitoMackerelMetrics.template.json";
    static final String ASSET_HASH = "<ASSET_HASH>";

    @Test
    void templateMatchesTheCommittedSnapshot() throws IOException {
        Stack stack = Fixtures.stack();
        new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(stack)
                .clients(Map.of("web", Fixtures.importedClient(stack, "Web", "1example23456789"),
                        "mobile", Fixtures.importedClient(stack, "Mobile", "2example34567890")))
                .legacyMetricNamesClient("total")
                .build());
        String actual = Fixtures.canonicalJson(Template.fromStack(stack).toJSON())
                .replaceAll("[0-9a-f]{64}", ASSET_HASH);

        Path snapshot = Path.of(SNAPSHOT);
        if (Boolean.getBoolean("snapshot.update")) {
            Files.createDirectories(snapshot.getParent());
            Files.writeString(snapshot, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(snapshot), "no snapshot at " + snapshot.toAbsolutePath() + "; create it with "
                + "-Dsnapshot.update=true");
        String expected = Files.readString(snapshot, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            Path actualFile = Path.of("target", "snapshots", snapshot.getFileName().toString());
            Files.createDirectories(actualFile.getParent());
            Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
            throw new AssertionError("the template differs from " + SNAPSHOT + firstDifference(expected, actual)
                    + "\nThe new template is in " + actualFile + " (diff " + SNAPSHOT + " " + actualFile + ")."
                    + "\nIf the change is intended, run from the repository root: mvn -B -pl construct -am package "
                    + "-Dtest=CognitoMackerelMetricsSnapshotTest -Dsurefire.failIfNoSpecifiedTests=false "
                    + "-Dsnapshot.update=true  and review the diff.");
        }
    }

    private static String firstDifference(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String left = i < e.size() ? e.get(i) : "<end of snapshot>";
            String right = i < a.size() ? a.get(i) : "<end of template>";
            if (!left.equals(right)) {
                return " first at line " + (i + 1) + ":\n  snapshot: " + left.strip() + "\n  template: "
                        + right.strip();
            }
        }
        return "";
    }
}
