package io.github.cognitomackerel.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Not API: the runtime's shaded jar, shipped inside this library as a class-path resource and extracted to a file
 * so that CDK can stage it as the Lambda function's code asset.
 *
 * <p>The file lands in {@code <java.io.tmpdir>/cognito-mackerel-metrics-<sha256>/cognito-mackerel-metrics-runtime.jar}:
 * the location depends only on the jar's bytes, so every synth (and every instance of the construct) reuses one file,
 * and a different runtime version never overwrites another. The file is written to a temporary name and moved into
 * place, so a concurrent synth never sees half a jar; an existing file is used only if its digest matches.
 */
public final class RuntimeJar {
    /** Where Maven puts the jar inside this library (see construct/pom.xml). */
    public static final String RESOURCE = "/io/github/cognitomackerel/internal/cognito-mackerel-metrics-runtime.jar";

    /** The file name of the extracted jar. */
    public static final String FILE_NAME = "cognito-mackerel-metrics-runtime.jar";

    private static final String DIRECTORY_PREFIX = "cognito-mackerel-metrics-";

    private final Path path;
    private final String sha256;

    private RuntimeJar(Path path, String sha256) {
        this.path = path;
        this.sha256 = sha256;
    }

    /**
     * Extracts the jar under {@code java.io.tmpdir} (or finds it there from an earlier synth).
     *
     * @return the extracted jar
     */
    public static RuntimeJar extract() {
        return extractTo(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Extracts the jar under {@code baseDirectory} (or finds it there from an earlier synth).
     *
     * @param baseDirectory the directory that receives {@code cognito-mackerel-metrics-<sha256>/}
     * @return the extracted jar
     */
    public static RuntimeJar extractTo(Path baseDirectory) {
        byte[] bytes = readResource();
        String digest = sha256Hex(bytes);
        Path directory = baseDirectory.resolve(DIRECTORY_PREFIX + digest);
        Path target = directory.resolve(FILE_NAME);
        try {
            if (!Files.isRegularFile(target) || !digest.equals(sha256Hex(Files.readAllBytes(target)))) {
                Files.createDirectories(directory);
                Path temporary = Files.createTempFile(directory, FILE_NAME, ".part");
                try {
                    Files.write(temporary, bytes);
                    moveIntoPlace(temporary, target);
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the CognitoMackerelMetrics runtime jar to " + target
                    + "; make java.io.tmpdir point to a writable directory (e.g. -Djava.io.tmpdir=target)", e);
        }
        return new RuntimeJar(target, digest);
    }

    /**
     * The extracted file.
     *
     * @return an absolute path to the jar
     */
    public Path getPath() {
        return path.toAbsolutePath();
    }

    /**
     * The SHA-256 of the jar's bytes.
     *
     * @return 64 lower-case hex digits
     */
    public String getSha256() {
        return sha256;
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static byte[] readResource() {
        try (InputStream in = RuntimeJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the class-path resource " + RESOURCE + " is missing: this build of "
                        + "cognito-mackerel-metrics is incomplete (the runtime jar is copied in at process-resources; "
                        + "rebuild the library with Maven)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class-path resource " + RESOURCE, e);
        }
    }

    /**
     * The SHA-256 of some bytes.
     *
     * @param bytes the input
     * @return 64 lower-case hex digits
     */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
