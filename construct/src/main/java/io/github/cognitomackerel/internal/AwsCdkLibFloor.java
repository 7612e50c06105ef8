package io.github.cognitomackerel.internal;

import software.amazon.awscdk.App;

/**
 * Not API: the oldest aws-cdk-lib this library works with, and the check that names it.
 *
 * <p>Maven keeps the aws-cdk-lib version a project declares itself over the one this library asks for, so an app
 * pinned to an older release compiles and then fails at synth inside the construct, with a
 * {@code NoSuchMethodError} or {@code NoClassDefFoundError} (aws-cdk-lib 2.235.0 changed the signature of
 * {@code Function.Builder.logGroup}). {@link #check()} runs first and turns that into an error that says which
 * version is needed. The installed version is read from aws-cdk-lib's jar manifest; where it cannot be read (a
 * repackaged jar), nothing is checked.
 */
public final class AwsCdkLibFloor {
    /**
     * The oldest aws-cdk-lib this library supports: the parent POM's {@code aws-cdk-lib.floor.version}, which the
     * build tests the construct against (a test checks that the two agree).
     */
    public static final String MINIMUM_VERSION = "2.235.0";

    private AwsCdkLibFloor() {
    }

    /**
     * Refuses an aws-cdk-lib on the class path that is older than {@link #MINIMUM_VERSION}.
     *
     * @throws IllegalStateException naming both versions and the fix
     */
    public static void check() {
        check(installedVersion());
    }

    /**
     * Refuses {@code version} if it is older than {@link #MINIMUM_VERSION}; accepts null or a version it cannot
     * read (it cannot tell).
     *
     * @param version an aws-cdk-lib version such as {@code 2.272.0}, or null
     * @throws IllegalStateException naming both versions and the fix
     */
    public static void check(String version) {
        int[] installed = parse(version);
        if (installed != null && compare(installed, parse(MINIMUM_VERSION)) < 0) {
            throw new IllegalStateException("cognito-mackerel-metrics needs aws-cdk-lib " + MINIMUM_VERSION
                    + " or newer, but aws-cdk-lib " + version + " is on the class path: declare "
                    + "software.amazon.awscdk:aws-cdk-lib " + MINIMUM_VERSION + " or newer in your build (Maven "
                    + "keeps the version your project declares over the one this library asks for)");
        }
    }

    /**
     * The version in aws-cdk-lib's jar manifest.
     *
     * @return e.g. {@code 2.272.0}, or null where the manifest does not say
     */
    public static String installedVersion() {
        Package cdk = App.class.getPackage();
        return cdk == null ? null : cdk.getImplementationVersion();
    }

    /** {@code major.minor.patch} as numbers (a suffix such as {@code -rc.1} ignored), or null if not of that form. */
    private static int[] parse(String version) {
        if (version == null) {
            return null;
        }
        String[] parts = version.split("[.-]", 4);
        if (parts.length < 3) {
            return null;
        }
        int[] numbers = new int[3];
        for (int i = 0; i < 3; i++) {
            if (!parts[i].matches("[0-9]{1,9}")) {
                return null;
            }
            numbers[i] = Integer.parseInt(parts[i]);
        }
        return numbers;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
