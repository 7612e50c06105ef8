package io.github.cognitomackerel.runtime.bench;

import io.github.cognitomackerel.runtime.Handler;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import io.github.cognitomackerel.runtime.wire.ChildJvm;
import io.github.cognitomackerel.runtime.wire.WireFixture;
import io.github.cognitomackerel.settings.ConfigDocument;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the runtime's cost figures against the local fakes; a benchmark, not a test: it never fails on a figure,
 * it prints PASS/FAIL beside each target. Run with {@code mvn -B -pl runtime -Pbenchmark verify} (after
 * {@code package}, so the shaded jar exists).
 *
 * <p>Arguments: the shaded jar, and a work directory for the class-load log.
 */
public final class Benchmark {

    /** A recent period start (5-minute aligned) for the command-line runs, which use the real clock. */
    private static final java.time.Instant RECENT =
            java.time.Instant.ofEpochSecond(java.time.Instant.now().getEpochSecond() / 300 * 300 - 300);

    private static final int FRESH_RUNS = 10;
    private static final int WARM_UPS = 50;
    private static final int WARM_RUNS = 200;
    private static final int POOLS = 20;
    private static final int CLIENTS_PER_POOL = 25;
    private static final List<String> IDENTITY_PROVIDERS = List.of("Google", "Facebook", "LoginWithAmazon", "SAML");
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern OUTPUT_VALUES = Pattern.compile("\"values\":(\\d+)");
    private static final Pattern METRICS_FIELD = Pattern.compile(" metrics=(\\d+)");
    private static final Pattern LAMBDA_LINE = Pattern.compile(
            "init=(\\d+) first=(\\d+) warmCpu=([0-9.]+) peakRss=(-?\\d+) jitCpu=(-?[0-9.]+)");
    private static final int LAMBDA_RUNS = 5;
    /** The function's memory for the Lambda-like runs: the construct's default {@code memorySize}. */
    static final int LAMBDA_MEMORY_MB = 512;
    /** The Lambda-like runs' progress parameter, named as the construct names it. */
    private static final String PROGRESS_PARAMETER = "CFN-ProgressParameter-Bench0Progress1";

    private final Path jar;
    private final Path workDir;
    private final List<String[]> targets = new ArrayList<>();
    private String pythonMissing = "";
    /** An earlier build's jar whose fresh runs are interleaved with this one's, for a before/after figure. */
    private Path baseline;

    private Benchmark(Path jar, Path workDir) {
        this.jar = jar;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: Benchmark <shaded jar> <work dir> [<another build's runtime jar to compare with>]");
            System.exit(2);
        }
        Benchmark benchmark = new Benchmark(Path.of(args[0]), Path.of(args[1]));
        if (args.length == 3 && !args[2].isBlank()) {
            benchmark.baseline = Path.of(args[2]);
        }
        benchmark.run();
    }

    private void run() throws Exception {
        Files.createDirectories(workDir);
        heading("cognito-mackerel-metrics runtime benchmark");
        row("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch"));
        row("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        row("java launcher", ChildJvm.javaBin());
        row("fakes", "CloudWatch, SSM and Mackerel fakes in this JVM, HTTP on 127.0.0.1");

        long size = Files.size(jar);
        heading("shaded jar");
        row("file", jar.toString());
        row("size", String.format(Locale.ROOT, "%,d bytes (%.2f MB)", size, size / 1024.0 / 1024.0));

        try (WireFixture fixture = WireFixture.start()) {
            fixture.seedStandardActivity();
            // Command-line runs in child JVMs use the real clock, and a reference time older than Mackerel keeps is
            // refused: they run at a recent period, with the same activity seeded there.
            fixture.seedStandardActivityAt(RECENT);
            // ... and the Mackerel fake, pinned near T by the fixture, judges their values by the real clock too.
            fixture.mackerel.setClock(java.time.Clock.systemUTC());
            freshProcess(fixture);
            lambdaLike(fixture);
            fixture.mackerel.setClock(java.time.Clock.fixed(WireFixture.T.plusSeconds(60), java.time.ZoneOffset.UTC));
            warmRuns(fixture);
        }
        try (WireFixture fixture = WireFixture.start()) {
            scale(fixture);
        }

        heading("targets (informational: the build never fails on them)");
        for (String[] target : targets) {
            System.out.printf(Locale.ROOT, "  %-4s  %-58s %s%n", target[0], target[1], target[2]);
        }
        System.out.println();
    }

    // ---------------------------------------------------------------------------------------------- fresh process

    private void freshProcess(WireFixture fixture) throws IOException {
        Map<String, String> env = ChildJvm.awsEnvironment(fixture);
        List<String> cliArgs = List.of("--config-parameter", WireFixture.CONFIG_PARAMETER, "--at", RECENT.toString());

        heading("fresh process: one command-line run (java -jar ... --config-parameter NAME --at T)");
        Path classLog = workDir.resolve("class-load.log");
        Files.deleteIfExists(classLog);
        List<String> logged = new ArrayList<>(List.of(ChildJvm.javaBin(), "-Xlog:class+load:file=" + classLog,
                "-jar", jar.toString()));
        logged.addAll(cliArgs);
        ChildJvm.Result result = check(ChildJvm.run(logged, env, CHILD_TIMEOUT));
        List<String> lines = Files.readAllLines(classLog);
        long cds = lines.stream().filter(l -> l.contains("source: shared objects file")).count();
        long jrt = lines.stream().filter(l -> l.contains("source: jrt:/")).count();
        long app = lines.stream().filter(l -> l.contains(jar.getFileName().toString())).count();
        row("classes loaded", String.format(Locale.ROOT, "%,d  (JDK from CDS archive %,d, JDK from jrt %,d,"
                + " from the jar %,d, generated/other %,d)", lines.size(), cds, jrt, app,
                lines.size() - cds - jrt - app));
        row("run summary", result.stdout().strip());
        target(lines.size() <= 3800, "fresh run loads at most 3,800 classes", String.format(Locale.ROOT, "%,d",
                lines.size()));
        Matcher metrics = METRICS_FIELD.matcher(result.stdout());
        row("metrics requested per run", metrics.find() ? metrics.group(1)
                : "n/a (the summary line has no metrics= field yet)");
        List<String> python = pythonCommand();

        List<String> jarRun = new ArrayList<>(List.of(ChildJvm.javaBin(), "-jar", jar.toString()));
        jarRun.addAll(cliArgs);
        List<String> lambdaFlags = new ArrayList<>(List.of(ChildJvm.javaBin(), "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        lambdaFlags.addAll(cliArgs);
        List<String> version = List.of(ChildJvm.javaBin(), "-version");
        // For comparison: the same run with an application class-data-sharing archive made by one earlier run
        Path archive = workDir.resolve("app-cds.jsa");
        Files.deleteIfExists(archive);
        List<String> archiving = new ArrayList<>(List.of(ChildJvm.javaBin(), "-XX:ArchiveClassesAtExit=" + archive,
                "-jar", jar.toString()));
        archiving.addAll(cliArgs);
        check(ChildJvm.run(archiving, env, CHILD_TIMEOUT));
        List<String> withArchive = new ArrayList<>(List.of(ChildJvm.javaBin(), "-XX:SharedArchiveFile=" + archive,
                "-jar", jar.toString()));
        withArchive.addAll(cliArgs);
        // one untimed round so every run finds the files in the page cache
        check(ChildJvm.run(jarRun, env, CHILD_TIMEOUT));
        check(ChildJvm.run(version, env, CHILD_TIMEOUT));
        long[] jarMillis = new long[FRESH_RUNS];
        long[] lambdaMillis = new long[FRESH_RUNS];
        long[] archiveMillis = new long[FRESH_RUNS];
        long[] versionMillis = new long[FRESH_RUNS];
        long[] pythonMillis = new long[FRESH_RUNS];
        long[] baselineMillis = new long[FRESH_RUNS];
        List<String> baselineRun = new ArrayList<>();
        if (baseline != null) {
            // Another build of this runtime (one that reads the configuration document), run the same way
            baselineRun.addAll(List.of(ChildJvm.javaBin(), "-jar", baseline.toString()));
            baselineRun.addAll(cliArgs);
            check(ChildJvm.run(baselineRun, env, CHILD_TIMEOUT));
        }
        if (python != null) {
            ChildJvm.Result tried = ChildJvm.run(python, env, CHILD_TIMEOUT);
            if (tried.exit() != 0) {
                List<String> violations = fixture.cloudWatch.violations();
                pythonMissing = "the script failed: " + tried.stderrLines().get(tried.stderrLines().size() - 1)
                        + (violations.isEmpty() ? "" : "; CloudWatch fake: " + violations.get(violations.size() - 1));
                python = null;
            }
        }
        for (int i = 0; i < FRESH_RUNS; i++) { // interleaved, so drift affects all alike
            jarMillis[i] = check(ChildJvm.run(jarRun, env, CHILD_TIMEOUT)).millis();
            if (python != null) {
                pythonMillis[i] = check(ChildJvm.run(python, env, CHILD_TIMEOUT)).millis();
            }
            if (baseline != null) {
                baselineMillis[i] = check(ChildJvm.run(baselineRun, env, CHILD_TIMEOUT)).millis();
            }
            lambdaMillis[i] = check(ChildJvm.run(lambdaFlags, env, CHILD_TIMEOUT)).millis();
            archiveMillis[i] = check(ChildJvm.run(withArchive, env, CHILD_TIMEOUT)).millis();
            versionMillis[i] = check(ChildJvm.run(version, env, CHILD_TIMEOUT)).millis();
        }
        System.out.printf(Locale.ROOT, "  %-44s %9s %9s %9s%n", "wall time of " + FRESH_RUNS + " runs each (ms)",
                "median", "min", "max");
        timing("java -jar <jar> --config-parameter NAME --at T", jarMillis);
        timing("  same with -XX:TieredStopAtLevel=1 (Lambda)", lambdaMillis);
        timing("  same with an AppCDS archive of one run", archiveMillis);
        timing("java -version (bare JVM start)", versionMillis);
        if (baseline != null) {
            timing("baseline jar (" + baseline.getFileName() + "), same run", baselineMillis);
            row("ratio run / baseline", String.format(Locale.ROOT, "%.2fx", (double) median(jarMillis)
                    / median(baselineMillis)));
            if (python != null) {
                row("ratio baseline / Python script", String.format(Locale.ROOT, "%.2fx",
                        (double) median(baselineMillis) / median(pythonMillis)));
            }
        }
        if (python != null) {
            timing("python3 original.py (boto3, the original's calls)", pythonMillis);
            double toPython = (double) median(jarMillis) / median(pythonMillis);
            row("ratio run / Python script", String.format(Locale.ROOT, "%.2fx", toPython));
            target(toPython <= 2.0, "fresh run <= 2.0 x the Python script (JDK defaults)",
                    String.format(Locale.ROOT, "%.2fx (%d ms vs %d ms)", toPython, median(jarMillis),
                            median(pythonMillis)));
        } else {
            row("ratio run / Python script", "skipped: " + pythonMissing);
        }
        double ratio = (double) median(jarMillis) / median(versionMillis);
        double lambdaRatio = (double) median(lambdaMillis) / median(versionMillis);
        row("ratio run / java -version", String.format(Locale.ROOT, "%.1fx (with the Lambda flags %.1fx)", ratio,
                lambdaRatio));
        target(ratio <= 12, "fresh-process median <= 12 x java -version median",
                String.format(Locale.ROOT, "%.1fx (%d ms vs %d ms)", ratio, median(jarMillis),
                        median(versionMillis)));
    }

    /** The command running the Python script with the original's calls, or null (with {@link #pythonMissing}). */
    private List<String> pythonCommand() throws IOException {
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import sys, boto3; print(sys.executable)")
                    .redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .strip();
            if (!probe.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || probe.exitValue() != 0) {
                pythonMissing = "python3 with boto3 not found (" + out.lines().reduce((a, b) -> b).orElse("no output")
                        + ")";
                return null;
            }
            Path script = workDir.resolve("original.py");
            try (java.io.InputStream in = Benchmark.class.getResourceAsStream("/bench/original.py")) {
                Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return List.of(out, script.toString(), WireFixture.CONFIG_PARAMETER, RECENT.toString());
        } catch (IOException e) {
            pythonMissing = "python3 not found (" + e.getMessage() + ")";
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pythonMissing = "interrupted";
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ Lambda-like

    /**
     * The JVM flags of Lambda's Java runtimes for a function of {@code memoryMb}: its launcher sizes the heap,
     * metaspace and code cache from the function's memory (85, 10 and 5 %) and picks the serial collector (the
     * command line it runs is quoted in DataDog/datadog-lambda-extension#117: {@code -XX:MaxHeapSize=222823k
     * -XX:MaxMetaspaceSize=26214k -XX:ReservedCodeCacheSize=13107k -XX:+UseSerialGC} at 256 MB), and the Java 17
     * and 21 runtimes stop at C1 ({@code -XX:TieredStopAtLevel=1}, AWS's "Customize Java runtime startup
     * behavior"). {@code -XX:MaxRAM} gives the JVM the memory it sees in the function's sandbox, from which it
     * sizes the rest (e.g. its initial heap) as it does there.
     */
    static List<String> lambdaFlags(int memoryMb) {
        long kib = memoryMb * 1024L;
        return List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:MaxRAM=" + memoryMb + "m",
                "-XX:MaxHeapSize=" + (long) Math.ceil(kib * 0.85) + "k", "-XX:MaxMetaspaceSize=" + kib / 10 + "k",
                "-XX:ReservedCodeCacheSize=" + kib / 20 + "k", "-XX:+UseSerialGC");
    }

    /**
     * Fresh JVMs with Lambda's flags at the construct's default memory ({@value #LAMBDA_MEMORY_MB} MB) living a
     * Lambda-like life ({@link FirstInvocation}): init, then 21 invocations; primed and unprimed interleaved; one more
     * under {@code -XX:MaxRAM=256m} (and the C1 flag only, as before) for the peak-RSS target.
     */
    private void lambdaLike(WireFixture fixture) throws Exception {
        heading("Lambda-like: fresh JVM with Lambda's flags at " + LAMBDA_MEMORY_MB + " MB, init then 21 "
                + "invocations, " + LAMBDA_RUNS + " of each");
        row("JVM flags", String.join(" ", lambdaFlags(LAMBDA_MEMORY_MB)));
        Map<String, String> env = new LinkedHashMap<>(ChildJvm.awsEnvironment(fixture));
        env.putAll(fixture.environment());
        env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        // As deployed: scheduled runs record their progress (PutParameter: the first run, as lambdaRun starts each
        // life from "none" as after a deploy, then once an hour of the schedule)
        env.put("COGNITO_MACKEREL_PROGRESS_PARAMETER", PROGRESS_PARAMETER);
        String classpath = jar + java.io.File.pathSeparator
                + Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        long[][] primed = new long[5][LAMBDA_RUNS];
        long[][] unprimed = new long[5][LAMBDA_RUNS];
        for (int i = 0; i < LAMBDA_RUNS; i++) {
            parse(lambdaRun(fixture, classpath, env, "primed", lambdaFlags(LAMBDA_MEMORY_MB)), primed, i);
            parse(lambdaRun(fixture, classpath, env, "unprimed", lambdaFlags(LAMBDA_MEMORY_MB)), unprimed, i);
        }
        System.out.printf(Locale.ROOT, "  %-44s %9s %9s%n", "medians (ms)", "primed", "unprimed");
        System.out.printf(Locale.ROOT, "  %-44s %9d %9d%n", "init (handler constructor)", median(primed[0]),
                median(unprimed[0]));
        System.out.printf(Locale.ROOT, "  %-44s %9d %9d%n", "first invocation, wall", median(primed[1]),
                median(unprimed[1]));
        System.out.printf(Locale.ROOT, "  %-44s %9d %9d%n", "init + first invocation", median(sum(primed[0],
                primed[1])), median(sum(unprimed[0], unprimed[1])));
        System.out.printf(Locale.ROOT, "  %-44s %9.2f %9.2f%n", "process CPU per invocation 2-21 (mean)",
                median(primed[2]) / 100.0, median(unprimed[2]) / 100.0);
        System.out.printf(Locale.ROOT, "  %-44s %9.2f %9.2f%n", "  of which JIT compiler threads (mean)",
                median(primed[4]) / 100.0, median(unprimed[4]) / 100.0);
        System.out.printf(Locale.ROOT, "  %-44s %9.1f %9.1f%n", "peak RSS (MiB, VmHWM)", median(primed[3]) / 1024.0,
                median(unprimed[3]) / 1024.0);
        target(median(primed[1]) <= 250, "first invocation after a primed init <= 250 ms",
                median(primed[1]) + " ms (unprimed " + median(unprimed[1]) + " ms)");
        target(median(primed[2]) <= 1700, "warm process CPU on invocations 2-21 <= 17 ms (mean of 2-21)",
                String.format(Locale.ROOT, "%.2f ms", median(primed[2]) / 100.0));
        // Peak RSS varies from one JVM to the next (the JIT's and the C library's memory), so the median of several
        long[][] small = new long[5][LAMBDA_RUNS];
        for (int i = 0; i < LAMBDA_RUNS; i++) {
            parse(lambdaRun(fixture, classpath, env, "primed", List.of("-XX:+TieredCompilation",
                    "-XX:TieredStopAtLevel=1", "-XX:MaxRAM=256m")), small, i);
        }
        long[] rss = small[3].clone();
        java.util.Arrays.sort(rss);
        row("peak RSS under -XX:MaxRAM=256m (primed)", String.format(Locale.ROOT,
                "%.1f MiB median of %d (%.1f to %.1f), VmHWM after init and 21 invocations", median(small[3]) / 1024.0,
                LAMBDA_RUNS, rss[0] / 1024.0, rss[rss.length - 1] / 1024.0));
        target(median(small[3]) > 0 && median(small[3]) <= 100 * 1024,
                "peak RSS <= 100 MiB under -XX:MaxRAM=256m (median)",
                String.format(Locale.ROOT, "%.1f MiB", median(small[3]) / 1024.0));
    }

    /** One Lambda-like life in a fresh JVM, its progress parameter set back to "none" first (as after a deploy). */
    private static String lambdaRun(WireFixture fixture, String classpath, Map<String, String> env, String mode,
            List<String> flags) {
        fixture.ssm.putParameter(PROGRESS_PARAMETER, "none");
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaBin()));
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, FirstInvocation.class.getName(), mode, RECENT.toString()));
        return check(ChildJvm.run(command, env, CHILD_TIMEOUT)).stdout();
    }

    /** Reads {@code init= first= warmCpu= peakRss=} into column {@code i} (CPU in hundredths of a ms). */
    private static void parse(String line, long[][] into, int i) {
        Matcher m = LAMBDA_LINE.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("unexpected output: " + line);
        }
        into[0][i] = Long.parseLong(m.group(1));
        into[1][i] = Long.parseLong(m.group(2));
        into[2][i] = Math.round(Double.parseDouble(m.group(3)) * 100);
        into[3][i] = Long.parseLong(m.group(4));
        into[4][i] = Math.round(Double.parseDouble(m.group(5)) * 100);
    }

    private static long[] sum(long[] a, long[] b) {
        long[] s = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static ChildJvm.Result check(ChildJvm.Result result) {
        if (result.exit() != 0) {
            throw new IllegalStateException("a benchmark run failed: " + result);
        }
        return result;
    }

    // --------------------------------------------------------------------------------------------------- warm runs

    private void warmRuns(WireFixture fixture) {
        heading("warm runs: one Handler instance, in process (" + WARM_UPS + " warm-ups, then " + WARM_RUNS
                + " measured)");
        Handler handler = fixture.handler(Map.of("AWS_LAMBDA_LOG_LEVEL", "INFO"));
        for (int i = 0; i < WARM_UPS; i++) {
            fixture.invoke(handler).assertOk();
        }
        Counts before = Counts.of(fixture);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpuMicros = new long[WARM_RUNS];
        long[] wallMicros = new long[WARM_RUNS];
        for (int i = 0; i < WARM_RUNS; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            fixture.invoke(handler).assertOk();
            cpuMicros[i] = (threads.getCurrentThreadCpuTime() - cpu) / 1000;
            wallMicros[i] = (System.nanoTime() - wall) / 1000;
        }
        Counts calls = Counts.of(fixture).minus(before);
        System.out.printf(Locale.ROOT, "  %-44s %9s %9s %9s %9s%n", "per run (ms)", "median", "p90", "min", "max");
        micros("exporter's own CPU (invoking thread)", cpuMicros);
        micros("wall time (includes the fakes' work)", wallMicros);
        row("calls in " + WARM_RUNS + " runs", calls.toString());
        row("note", "own CPU is the invoking thread's: the SDK's calls run on it, Mackerel's on a short-lived");
        row("", "exchange thread (not counted here); the fakes' time shows in wall only");
        target(median(cpuMicros) < 10_000, "warm run < 10 ms of the exporter's own CPU (median)",
                String.format(Locale.ROOT, "%.2f ms (p90 %.2f ms)", median(cpuMicros) / 1000.0,
                        percentile(cpuMicros, 90) / 1000.0));
        target(calls.ssm == 0 && calls.listMetrics == 0, "warm run: 0 SSM and 0 ListMetrics calls",
                calls.ssm + " SSM, " + calls.listMetrics + " ListMetrics in " + WARM_RUNS + " runs");
        target(calls.getMetricData == WARM_RUNS, "warm run: 1 GetMetricData per run (24 queries)",
                calls.getMetricData + " in " + WARM_RUNS + " runs");
        target(calls.mackerel == WARM_RUNS, "warm run: 1 Mackerel POST per batch (144 values, batch 1000)",
                calls.mackerel + " POSTs in " + WARM_RUNS + " runs");
    }

    // ------------------------------------------------------------------------------------------------------ scale

    private void scale(WireFixture fixture) {
        heading("scale: " + POOLS + " pools x " + CLIENTS_PER_POOL + " clients x 4 activities ("
                + IDENTITY_PROVIDERS.size() + " identity providers per client), one Handler per pool");
        List<Handler> handlers = new ArrayList<>();
        for (int pool = 1; pool <= POOLS; pool++) {
            handlers.add(seedPool(fixture, pool));
        }
        System.out.printf(Locale.ROOT, "  %-7s %8s %8s %8s %8s %8s %8s %9s %8s%n", "round", "GetMDat", "queries",
                "ListMetr", "SSM", "POSTs", "batches", "values", "wall ms");
        for (String round : List.of("cold", "warm")) {
            Counts before = Counts.of(fixture);
            int queries = 0;
            int expectedGetMetricData = 0;
            int values = 0;
            int batches = 0;
            long started = System.nanoTime();
            for (Handler handler : handlers) {
                int seen = fixture.cloudWatch.requests("GetMetricData").size();
                String output = fixture.invoke(handler).assertOk();
                List<RecordedRequest> calls = fixture.cloudWatch.requests("GetMetricData");
                int runQueries = 0;
                for (RecordedRequest call : calls.subList(seen, calls.size())) {
                    runQueries += ((List<?>) call.decodedObject().get("MetricDataQueries")).size();
                }
                queries += runQueries;
                expectedGetMetricData += (runQueries + 499) / 500;
                Matcher matcher = OUTPUT_VALUES.matcher(output);
                int runValues = matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
                values += runValues;
                batches += (runValues + 999) / 1000;
            }
            long wallMillis = (System.nanoTime() - started) / 1_000_000;
            Counts calls = Counts.of(fixture).minus(before);
            System.out.printf(Locale.ROOT, "  %-7s %8d %8d %8d %8d %8d %8d %9d %8d%n", round, calls.getMetricData,
                    queries, calls.listMetrics, calls.ssm, calls.mackerel, batches, values, wallMillis);
            target(calls.getMetricData == expectedGetMetricData, "scale " + round
                    + ": 1 GetMetricData per 500 queries of a run", calls.getMetricData + " calls, expected "
                    + expectedGetMetricData + " for " + queries + " queries");
            target(calls.mackerel == batches, "scale " + round + ": 1 Mackerel POST per batch",
                    calls.mackerel + " POSTs for " + batches + " batches");
            if (round.equals("warm")) {
                target(calls.ssm == 0 && calls.listMetrics == 0, "scale warm: 0 SSM and 0 ListMetrics calls",
                        calls.ssm + " SSM, " + calls.listMetrics + " ListMetrics");
            }
        }
        row("note", "cold SSM calls per pool: 1 GetParameter of the configuration document + 1 of the key");
        row("", "GetMetricData per pool: 425 queries, the series CloudWatch lists (no federation throttles) = 1 call");
        int violations = fixture.cloudWatch.violations().size() + fixture.ssm.violations().size()
                + fixture.mackerel.violations().size();
        row("fake violations", String.valueOf(violations));
    }

    /** Seeds pool {@code n}: its configuration in /bench/poolNN, its service, activity in every period. */
    private static Handler seedPool(WireFixture fixture, int n) {
        String id = String.format(Locale.ROOT, "%02d", n);
        String path = "/bench/pool" + id;
        String userPool = "ap-northeast-1_Bench" + id;
        String service = "bench-pool-" + id;
        fixture.mackerel.addService(service);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("user-pool-id", userPool);
        settings.put("mackerel-service-name", service);
        settings.put("mackerel-api-key-parameter", WireFixture.KEY_PARAMETER);
        settings.put("mackerel-api-base-url", fixture.mackerel.endpoint().toString());
        long[] periods = {WireFixture.P0, WireFixture.P1, WireFixture.P2};
        for (int c = 1; c <= CLIENTS_PER_POOL; c++) {
            String clientId = String.format(Locale.ROOT, "p%sc%02d4b5urk1ft4fl3mg5e62d", id, c);
            settings.put("clients.c" + String.format(Locale.ROOT, "%02d", c), clientId);
            for (int p = 0; p < periods.length; p++) {
                Instant time = Instant.ofEpochSecond(periods[p] + 60);
                for (String stem : List.of("SignUp", "SignIn", "TokenRefresh")) {
                    Map<String, String> dims = Map.of("UserPool", userPool, "UserPoolClient", clientId);
                    fixture.cloudWatch.putSample(stem + "Successes", dims, time, c + p, c + p + 1);
                    fixture.cloudWatch.putSample(stem + "Throttles", dims, time, 1, 1);
                }
                for (String idp : IDENTITY_PROVIDERS) {
                    fixture.cloudWatch.putSample("FederationSuccesses", Map.of("UserPool", userPool,
                            "UserPoolClient", clientId, "IdentityProvider", idp), time, 1, 2);
                }
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        fixture.ssm.putParameter(path, ConfigDocument.render(settings));
        env.put("COGNITO_MACKEREL_CONFIG_PARAMETER", path);
        env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        return fixture.handler(env);
    }

    // ----------------------------------------------------------------------------------------------- bookkeeping

    /** Calls of each kind the fakes received so far. */
    private record Counts(int getMetricData, int listMetrics, int ssm, int mackerel) {
        static Counts of(WireFixture fixture) {
            return new Counts(fixture.cloudWatch.calls("GetMetricData"), fixture.cloudWatch.calls("ListMetrics"),
                    fixture.ssmCalls(), fixture.mackerelPosts());
        }

        Counts minus(Counts other) {
            return new Counts(getMetricData - other.getMetricData, listMetrics - other.listMetrics,
                    ssm - other.ssm, mackerel - other.mackerel);
        }

        @Override
        public String toString() {
            return "GetMetricData " + getMetricData + ", ListMetrics " + listMetrics + ", SSM " + ssm
                    + ", Mackerel POST " + mackerel;
        }
    }

    private void target(boolean met, String what, String measured) {
        targets.add(new String[] {met ? "PASS" : "FAIL", what, measured});
    }

    private static void heading(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    private static void row(String name, String value) {
        System.out.printf(Locale.ROOT, "  %-44s %s%n", name, value);
    }

    private static void timing(String name, long[] millis) {
        System.out.printf(Locale.ROOT, "  %-44s %9d %9d %9d%n", name, median(millis), min(millis), max(millis));
    }

    private static void micros(String name, long[] micros) {
        System.out.printf(Locale.ROOT, "  %-44s %9.2f %9.2f %9.2f %9.2f%n", name, median(micros) / 1000.0,
                percentile(micros, 90) / 1000.0, min(micros) / 1000.0, max(micros) / 1000.0);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The nearest-rank percentile. */
    private static long percentile(long[] values, int percent) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
