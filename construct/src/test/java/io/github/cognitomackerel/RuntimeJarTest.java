package io.github.cognitomackerel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.internal.RuntimeJar;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The runtime jar comes from the class path, lands at a digest-named file, and fixes the asset hash. */
class RuntimeJarTest {

    @Test
    void jarIsAClassPathResourceOfTheLibrary() throws IOException {
        URL url = CognitoMackerelMetrics.class.getResource(RuntimeJar.RESOURCE);
        assertNotNull(url, RuntimeJar.RESOURCE);
        assertEquals("file", url.getProtocol(), "surefire loads it from target/classes: " + url);
        assertTrue(url.getPath().endsWith("/classes" + RuntimeJar.RESOURCE), url.toString());
        boolean runtimePackage = false;
        try (InputStream in = url.openStream(); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                runtimePackage |= entry.getName().startsWith("io/github/cognitomackerel/runtime/");
            }
        }
        assertTrue(runtimePackage, "the jar holds the runtime's package");
    }

    @Test
    void extractionIsNamedByDigestAndIdempotent(@TempDir Path base) throws IOException {
        RuntimeJar first = RuntimeJar.extractTo(base);
        RuntimeJar second = RuntimeJar.extractTo(base);
        assertEquals(first.getPath(), second.getPath());
        assertEquals(base.resolve("cognito-mackerel-metrics-" + first.getSha256()).resolve(RuntimeJar.FILE_NAME)
                .toAbsolutePath(), first.getPath());
        assertEquals(first.getSha256(), RuntimeJar.sha256Hex(Files.readAllBytes(first.getPath())));
        try (InputStream in = CognitoMackerelMetrics.class.getResourceAsStream(RuntimeJar.RESOURCE)) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(first.getPath()));
        }
        try (var files = Files.list(first.getPath().getParent())) {
            assertEquals(1, files.count(), "no temporary files are left behind");
        }
    }

    @Test
    void aDamagedExtractionIsReplaced(@TempDir Path base) throws IOException {
        RuntimeJar jar = RuntimeJar.extractTo(base);
        Files.writeString(jar.getPath(), "not a jar", StandardCharsets.UTF_8);
        RuntimeJar again = RuntimeJar.extractTo(base);
        assertEquals(jar.getSha256(), RuntimeJar.sha256Hex(Files.readAllBytes(again.getPath())));
    }

    @Test
    void theDirectoryIsCreatedOwnerOnly(@TempDir Path base) throws IOException {
        assumePosix(base);
        RuntimeJar jar = RuntimeJar.extractTo(base);
        assertEquals(sharedDirectory(base), jar.getPath().getParent());
        assertEquals("rwx------", permissions(jar.getPath().getParent()));
    }

    @Test
    void aDirectoryThatGroupOrOthersMayWriteToIsNotTrusted(@TempDir Path base) throws IOException {
        assumePosix(base);
        Path shared = Files.createDirectory(sharedDirectory(base));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path planted = Files.writeString(shared.resolve(RuntimeJar.FILE_NAME), "not our jar", StandardCharsets.UTF_8);

        RuntimeJar jar = RuntimeJar.extractTo(base);
        assertFreshPrivateDirectory(base, jar);
        assertEquals("not our jar", Files.readString(planted, StandardCharsets.UTF_8), "the planted file is left alone");
    }

    @Test
    void aDirectoryThatOnlyGroupMayWriteToIsNotTrustedEvenWithTheRightJar(@TempDir Path base) throws IOException {
        assumePosix(base);
        Path shared = Files.createDirectory(sharedDirectory(base));
        Files.write(shared.resolve(RuntimeJar.FILE_NAME), readResource());
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));
        assertFreshPrivateDirectory(base, RuntimeJar.extractTo(base));
    }

    @Test
    void aSymbolicLinkInPlaceOfTheDirectoryIsNotTrusted(@TempDir Path base) throws IOException {
        assumePosix(base);
        Path elsewhere = Files.createDirectory(base.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(sharedDirectory(base), elsewhere);
        assertFreshPrivateDirectory(base, RuntimeJar.extractTo(base));
        try (var files = Files.list(elsewhere)) {
            assertEquals(0, files.count(), "nothing is written through the link");
        }
    }

    @Test
    void assetHashIsDerivedFromTheJarDigestInEverySynth(@TempDir Path outdir) throws IOException {
        String digest = RuntimeJar.sha256Hex(readResource());
        String expectedHash = RuntimeJar.sha256Hex(digest.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 2; i++) {
            App app = App.Builder.create().outdir(outdir.resolve("synth" + i).toString()).build();
            Stack stack = new Stack(app, Fixtures.STACK_NAME);
            new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(stack).build());
            Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Code", Map.of("S3Key", expectedHash + ".jar")));
            app.synth();
            Path staged = outdir.resolve("synth" + i).resolve("asset." + expectedHash + ".jar");
            assertTrue(Files.isRegularFile(staged), "staged asset " + staged);
            assertEquals(digest, RuntimeJar.sha256Hex(Files.readAllBytes(staged)));
        }
    }

    private static void assumePosix(Path base) {
        Assumptions.assumeTrue(base.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "the file system does not support POSIX permissions");
    }

    private static Path sharedDirectory(Path base) throws IOException {
        return base.resolve("cognito-mackerel-metrics-" + RuntimeJar.sha256Hex(readResource()));
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** The jar went into a new owner-only directory under base, with the same file name and the right bytes. */
    private static void assertFreshPrivateDirectory(Path base, RuntimeJar jar) throws IOException {
        Path directory = jar.getPath().getParent();
        assertNotEquals(sharedDirectory(base).toAbsolutePath(), directory);
        assertEquals(base.toAbsolutePath(), directory.getParent());
        assertTrue(directory.getFileName().toString().startsWith("cognito-mackerel-metrics-"), directory.toString());
        assertEquals("rwx------", permissions(directory));
        assertEquals(RuntimeJar.FILE_NAME, jar.getPath().getFileName().toString());
        assertEquals(jar.getSha256(), RuntimeJar.sha256Hex(Files.readAllBytes(jar.getPath())));
        assertEquals(RuntimeJar.sha256Hex(readResource()), jar.getSha256(), "the asset hash does not change");
    }

    private static byte[] readResource() throws IOException {
        try (InputStream in = CognitoMackerelMetrics.class.getResourceAsStream(RuntimeJar.RESOURCE)) {
            return in.readAllBytes();
        }
    }
}
