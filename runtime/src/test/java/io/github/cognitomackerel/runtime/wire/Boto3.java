package io.github.cognitomackerel.runtime.wire;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's {@code python3} with boto3, for tests that check the fakes against the client the benchmark's Python
 * script uses. PyPI is out of reach here, so where boto3 is missing such a test is skipped, with the reason.
 */
public final class Boto3 {

    /** Ends a stuck interpreter; generous, as importing boto3 alone takes seconds on a loaded machine. */
    public static final Duration PROCESS_LIMIT = Duration.ofSeconds(120);

    private Boto3() {
    }

    /** The absolute path of a {@code python3} that imports boto3; aborts (skips) the calling test otherwise. */
    public static String interpreterOrSkip() {
        ChildJvm.Result probe;
        try {
            probe = ChildJvm.run(List.of("python3", "-c", "import sys, boto3; print(sys.executable)"),
                    System.getenv(), PROCESS_LIMIT); // the caller's environment: python3 may be a pyenv shim
        } catch (RuntimeException e) {
            Assumptions.abort("python3 not found: " + e.getMessage());
            throw e;
        }
        Assumptions.assumeTrue(probe.exit() == 0, () -> "python3 with boto3 not available here: "
                + probe.stderr().strip());
        return probe.stdout().strip();
    }
}
