package io.github.cognitomackerel.runtime.wire;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command (typically {@code java ... Cli}) as a child process with exactly the environment given, waits a
 * bounded time and captures its output, so the AWS SDK's default chains in the child see real environment
 * variables.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** What a finished child process left behind. */
    public record Result(int exit, String stdout, String stderr, long millis) {

        /** stderr split into lines, without empty ones. */
        public List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + " after " + millis + " ms\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** The {@code java} launcher of the running JVM. */
    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The environment of a command-line run against the fixture's fakes: region, static credentials and the two
     * endpoint variables the SDK honours; no profile files and no instance metadata.
     */
    public static Map<String, String> awsEnvironment(WireFixture fixture) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", WireFixture.REGION);
        env.put("AWS_ACCESS_KEY_ID", WireFixture.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", WireFixture.SECRET_ACCESS_KEY);
        env.put("AWS_ENDPOINT_URL_SSM", fixture.ssm.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_CLOUDWATCH", fixture.cloudWatch.endpoint().toString());
        env.put("AWS_CONFIG_FILE", "/nonexistent/cognito-mackerel-test/config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/cognito-mackerel-test/credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /**
     * Runs {@code command} with exactly {@code environment} (nothing inherited), waiting at most {@code timeout};
     * a child still running then is destroyed and reported as an {@link AssertionError}.
     */
    public static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        Path dir;
        try {
            dir = Files.createTempDirectory("child-jvm");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = null;
        try {
            process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("still running after " + timeout + ": " + command + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
            throw new AssertionError("interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
