package io.github.cognitomackerel.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Not API: the runtime's shaded jar, shipped inside this library as a class-path resource and extracted to a file
 * so that CDK can stage it as the Lambda function's code asset.
 *
 * <p>The file lands in {@code <java.io.tmpdir>/cognito-mackerel-metrics-<sha256>/cognito-mackerel-metrics-runtime.jar}:
 * the location depends only on the jar's bytes, so every synth (and every instance of the construct) reuses one file,
 * and a different runtime version never overwrites another. The file is written to a temporary name and moved into
 * place, so a concurrent synth never sees half a jar; an existing file is used only if its digest matches.
 *
 * <p>The asset's hash is the jar's digest ({@code AssetHashType.CUSTOM}): CDK copies the file without hashing it
 * again, so nobody else may be able to change it between the digest check and CDK's copy. Where the file system is
 * POSIX, the directory is therefore created owner-only ({@code rwx------}), and an existing one is used only if the
 * current user owns it, it is not a symbolic link and neither group nor others may write to it. Otherwise (say
 * another user of a shared machine created it first) the jar goes into a fresh private directory from
 * {@link Files#createTempDirectory}, removed when the JVM exits (CDK has copied the jar into the cloud assembly by
 * then); the file name, and so the asset hash, is the same either way. Without POSIX (Windows, whose temporary
 * directory is per user) the shared directory is used as is.
 */
public final class RuntimeJar {
    /** Where Maven puts the jar inside this library (see construct/pom.xml). */
    public static final String RESOURCE = "/io/github/cognitomackerel/internal/cognito-mackerel-metrics-runtime.jar";

    /** The file name of the extracted jar. */
    public static final String FILE_NAME = "cognito-mackerel-metrics-runtime.jar";

    private static final String DIRECTORY_PREFIX = "cognito-mackerel-metrics-";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

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
        Path target = baseDirectory.resolve(DIRECTORY_PREFIX + digest).resolve(FILE_NAME);
        try {
            Path directory = privateDirectory(baseDirectory, DIRECTORY_PREFIX + digest);
            target = directory.resolve(FILE_NAME);
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                    || !digest.equals(sha256Hex(Files.readAllBytes(target)))) {
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

    /**
     * {@code base/name} if only the current user can change it (creating it owner-only if missing), else a fresh
     * private directory under {@code base}.
     */
    private static Path privateDirectory(Path base, String name) throws IOException {
        Files.createDirectories(base);
        Path shared = base.resolve(name);
        if (!base.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(shared);
            return shared;
        }
        try {
            return Files.createDirectory(shared, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // From an earlier synth, or from someone else: check below.
        }
        if (isTrusted(shared, currentUser(base))) {
            return shared;
        }
        Path fresh = Files.createTempDirectory(base, DIRECTORY_PREFIX);
        // Deleted in reverse order of registration: the jar, then its directory.
        fresh.toFile().deleteOnExit();
        fresh.resolve(FILE_NAME).toFile().deleteOnExit();
        return fresh;
    }

    /** A real directory (not a link), owned by {@code user}, that neither group nor others may write to. */
    private static boolean isTrusted(Path directory, UserPrincipal user) throws IOException {
        PosixFileAttributes attributes =
                Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> permissions = attributes.permissions();
        return attributes.isDirectory()
                && attributes.owner().equals(user)
                && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** The owner of a file this process has just created: the current user, whatever {@code user.name} says. */
    private static UserPrincipal currentUser(Path base) throws IOException {
        Path probe = Files.createTempFile(base, DIRECTORY_PREFIX, ".owner");
        try {
            return Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
        } finally {
            Files.deleteIfExists(probe);
        }
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
