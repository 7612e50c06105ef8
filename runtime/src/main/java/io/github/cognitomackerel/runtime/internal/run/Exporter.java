package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.Chunks;
import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.Memo;
import io.github.cognitomackerel.runtime.internal.MetricValue;
import io.github.cognitomackerel.runtime.internal.cloudwatch.CloudWatchReader;
import io.github.cognitomackerel.runtime.internal.cloudwatch.ListingMemory;
import io.github.cognitomackerel.runtime.internal.cloudwatch.MetricQueryPlan;
import io.github.cognitomackerel.runtime.internal.cloudwatch.SeriesAssembler;
import io.github.cognitomackerel.runtime.internal.config.ApiKey;
import io.github.cognitomackerel.runtime.internal.config.ConfigLoader;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;

import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.ExporterSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Runs the export: configuration (SSM) -> window -> pool clients (ListMetrics) -> query plan -> values
 * (GetMetricData) -> Mackerel. One exporter lives as long as its handler instance and remembers the configuration,
 * the API key, the pool's clients (for the cache TTL) and the recorded progress, so a warm run reads neither SSM nor
 * ListMetrics. Any failed run forgets them, so a fix is picked up on the next run.
 *
 * <p>A scheduled run with a {@link ProgressStore} covers from the recorded end (less the lookback) to its time,
 * reaching back at most {@link ExporterConfig#catchUpMaxAgeSeconds()}; it reads a long window in chunks of as many periods as
 * one {@code GetMetricData} call returns ({@value #MAX_DATAPOINTS_PER_CALL} data points), posts the oldest values
 * first, and when the deadline comes before the end, records how far it got so that the next run continues there.
 * No run posts a value older than Mackerel keeps.
 * It also remembers the listing its last successful run exported with ({@link ListingMemory}), so a series listed for
 * the first time is backfilled.
 */
public final class Exporter {

    /** Mackerel drops values older than this without an error. */
    public static final Duration MACKEREL_RETENTION = Duration.ofSeconds(ExporterSettings.MACKEREL_RETENTION_SECONDS);
    /**
     * The oldest a value this exporter posts may be: Mackerel's retention less a margin, so that a run finishes
     * posting its oldest values before they pass Mackerel's limit.
     */
    public static final Duration KEPT = Duration.ofSeconds(ExporterSettings.MAX_AGE_SECONDS);
    /** The most data points one {@code GetMetricData} call returns before it pages. */
    public static final int MAX_DATAPOINTS_PER_CALL = 100_800;
    /** How far in the future a reference time may be (clocks differ a little); later is an error. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Time kept back from the deadline to record the progress after the last batch. */
    static final Duration PROGRESS_RESERVE = Duration.ofSeconds(1);
    /** How far behind what was delivered the progress parameter may stay while runs keep up (see
     * {@link ProgressStore}). */
    public static final Duration PROGRESS_WRITE_INTERVAL = Duration.ofHours(1);
    /** The least time a batch is expected to take, before one was timed. */
    static final Duration MIN_BATCH_TIME = Duration.ofMillis(200);

    /** Told after each chunk of a long run (e.g. the command line's progress lines). */
    @FunctionalInterface
    public interface ChunkListener {
        /** Does nothing. */
        ChunkListener NONE = (chunk, periodsDone, periodsTotal, valuesPosted) -> { };

        /**
         * A chunk was read and posted (or, in a dry run, computed).
         *
         * @param chunk its periods
         * @param periodsDone periods of the run done so far
         * @param periodsTotal periods of the run
         * @param valuesPosted values posted by the run so far
         */
        void chunkDone(Window chunk, long periodsDone, long periodsTotal, int valuesPosted);
    }

    private final ConfigLoader configLoader;
    private final CloudWatchReader cloudWatchReader;
    private final MackerelClient mackerel;
    private final Clock clock;
    private final ProgressStore progress;
    private final Memo<String, ExporterConfig> configs;
    private final Memo<String, ApiKey> keys;
    private final Memo<String, ListingMemory.Listing> inventories;
    private final ListingMemory listings = new ListingMemory();

    /**
     * An exporter without a progress store: scheduled runs cover the lookback only.
     *
     * @param cacheTtl how long configuration, key and pool clients are reused (zero: read every run)
     */
    public Exporter(SsmClient ssm, CloudWatchClient cloudWatch, MackerelClient mackerel, Clock clock,
            Duration cacheTtl) {
        this(ssm, cloudWatch, mackerel, clock, cacheTtl, null);
    }

    /**
     * An exporter.
     *
     * @param cacheTtl how long configuration, key and pool clients are reused (zero: read every run)
     * @param progress where scheduled runs record what they delivered; null for none
     */
    public Exporter(SsmClient ssm, CloudWatchClient cloudWatch, MackerelClient mackerel, Clock clock,
            Duration cacheTtl, ProgressStore progress) {
        this.configLoader = new ConfigLoader(ssm);
        this.cloudWatchReader = new CloudWatchReader(cloudWatch, clock);
        this.mackerel = Objects.requireNonNull(mackerel, "mackerel");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = progress;
        this.configs = new Memo<>(clock, cacheTtl);
        this.keys = new Memo<>(clock, cacheTtl);
        this.inventories = new Memo<>(clock, cacheTtl);
    }

    /**
     * How long the pool's client list may be reused: a client that appears just after the list was read must be
     * found while its first periods are still in the window, so at most lookback minus one period (the other
     * period allows for CloudWatch publishing late), and never longer than the cache's time to live.
     */
    static Duration inventoryMaxAge(ExporterConfig config) {
        return Duration.ofSeconds(Math.max(0, config.lookbackSeconds() - config.periodSeconds()));
    }

    /**
     * How far behind what was delivered the progress parameter may stay while runs keep up: an hour
     * ({@link #PROGRESS_WRITE_INTERVAL}), or half the catch-up's reach when that is shorter, so that a cold start's
     * catch-up still reaches what the last instance delivered; at least one period.
     */
    static Duration progressWriteInterval(ExporterConfig config) {
        long seconds = Math.min(PROGRESS_WRITE_INTERVAL.getSeconds(), config.catchUpMaxAgeSeconds() / 2);
        return Duration.ofSeconds(Math.max(config.periodSeconds(), seconds));
    }

    /** A manual backfill of the window ending at {@code time} (see {@link #run(String, RunRequest, Instant, Log,
     * ChunkListener)}). */
    public RunResult run(String configParameter, Instant time, Instant deadline, boolean dryRun, Log log) {
        return run(configParameter, RunRequest.backfill(time).withDryRun(dryRun), deadline, log, ChunkListener.NONE);
    }

    /**
     * Runs one export. Never throws for a failed run: the result says why.
     *
     * @param configParameter the configuration parameter's name, already checked with
     *     {@link ExporterSettings#checkParameterName}
     * @param request what to export
     * @param deadline every CloudWatch call and Mackerel request ends by this
     * @param listener told after each chunk
     */
    public RunResult run(String configParameter, RunRequest request, Instant deadline, Log log,
            ChunkListener listener) {
        Instant started = clock.instant();
        Instant end = request.time();
        if (end.isAfter(started.plus(MAX_CLOCK_SKEW))) {
            // A typo such as 2027 for 2026 would post zeros at future times that stay in Mackerel's graphs.
            return RunResult.failedBeforeStart("The reference time " + end + " is in the future (now is "
                    + started.truncatedTo(ChronoUnit.SECONDS) + "): give a past instant with --at or --to, or fix "
                    + "the event's 'at', 'scheduled-time' or 'time'", null, 0);
        }
        Instant keptFrom = started.minus(KEPT);
        if (!end.isAfter(keptFrom)) {
            // Checked before any request: Mackerel would accept these values and drop them without a word.
            String what = request.kind() == RunRequest.Kind.RANGE ? "from " + request.from() + " to " + end
                    : "before " + end;
            return RunResult.failedBeforeStart(tooOld(what, keptFrom), null, millisSince(started));
        }
        return new Run(configParameter, request, deadline, log, listener, started, keptFrom).execute();
    }

    private static String tooOld(String what, Instant keptFrom) {
        return "Every period " + what + " is older than Mackerel keeps (it drops values older than 24 hours; this "
                + "exporter posts none older than " + describe(KEPT) + "): nothing was posted; give a time after "
                + keptFrom.truncatedTo(ChronoUnit.SECONDS);
    }

    private static String describe(Duration d) {
        long minutes = d.toMinutes();
        return minutes % 60 == 0 ? (minutes / 60) + " h" : (minutes / 60) + " h " + (minutes % 60) + " min";
    }

    private long millisSince(Instant started) {
        return Math.max(0, Duration.between(started, clock.instant()).toMillis());
    }

    /** The state of one run. */
    private final class Run {
        private final String configParameter;
        private final RunRequest request;
        private final Instant deadline;
        private final Log log;
        private final ChunkListener listener;
        private final Instant started;
        private final Instant keptFrom;
        private final RunStats stats = new RunStats();
        private final List<String> notes = new ArrayList<>();
        private final List<MetricValue> values = new ArrayList<>();
        private Window window;
        private boolean computed;
        private long leftOut;
        private ApiKey key;
        private boolean recordsProgress;
        private String progressProblem;
        private Instant frontier;
        private Instant recorded;

        Run(String configParameter, RunRequest request, Instant deadline, Log log, ChunkListener listener,
                Instant started, Instant keptFrom) {
            this.configParameter = configParameter;
            this.request = request;
            this.deadline = deadline;
            this.log = log;
            this.listener = listener;
            this.started = started;
            this.keptFrom = keptFrom;
        }

        RunResult execute() {
            try {
                return export();
            } catch (RuntimeException e) {
                configs.invalidate();
                keys.invalidate();
                inventories.invalidate();
                recordAfterFailure();
                if (progress != null) {
                    progress.forget();
                }
                String reason = e instanceof ExportException ? e.getMessage()
                        : "unexpected " + e.getClass().getName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (key != null) {
                    reason = key.redact(reason);
                }
                return RunResult.failed(request.dryRun(), window, values, computed, leftOut, stats,
                        millisSince(started), reason, e, notes, recorded);
            }
        }

        private RunResult export() {
            ExporterConfig config = configs.get(configParameter, this::loadConfig);
            int period = config.periodSeconds();
            window = initialWindow(config);
            Instant keptStart = Window.alignUp(keptFrom, period);
            if (window.end().minusSeconds(period).isBefore(keptStart)) {
                throw new ExportException(tooOld("of " + window, keptFrom));
            }
            Window tooOld = null;
            if (window.start().isBefore(keptStart)) {
                tooOld = new Window(window.start(), keptStart, period);
                window = window.from(keptStart);
            }
            frontier = window.start();
            Window w = window;
            log.debug(() -> "run " + request.kind() + " for " + request.time() + " window=" + w + " config="
                    + config);
            ListingMemory.Listing listing = inventories.get(config.userPoolId(), inventoryMaxAge(config), id -> {
                Instant listedAt = clock.instant();
                return new ListingMemory.Listing(cloudWatchReader.inventory(id, deadline, stats, log), listedAt);
            });
            MetricQueryPlan plan = MetricQueryPlan.build(config, listing.inventory(),
                    listings.previous(config.userPoolId()));
            // A series listed for the first time is read back over the periods it may have been posted as 0 for
            // (ListingMemory); those periods go with the first chunk.
            Instant backfillFrom = plan.hasFirstListed()
                    ? listings.backfillWindow(config.userPoolId(), window, inventoryMaxAge(config), keptFrom).start()
                    : window.start();
            int queriesPerCall = plan.calls().stream().mapToInt(List::size).max().orElse(1);
            List<Window> chunks = window.split(Math.max(1, MAX_DATAPOINTS_PER_CALL / queriesPerCall));

            boolean heartbeat = request.scheduled() && config.heartbeat() && !request.dryRun();
            Instant postDeadline = recordsProgress ? deadline.minus(PROGRESS_RESERVE) : deadline;
            boolean complete = true;
            boolean beaten = false;
            Duration longestRead = Duration.ZERO;
            Duration longestBatch = Duration.ZERO;
            long periodsDone = 0;
            chunks:
            for (int c = 0; c < chunks.size(); c++) {
                Window chunk = chunks.get(c);
                if (c > 0 && !request.dryRun() && !fits(longestRead.plus(longestBatch), postDeadline)) {
                    complete = false;
                    break;
                }
                Instant readStarted = clock.instant();
                Instant readFrom = c == 0 ? backfillFrom : chunk.start();
                Map<String, Map<Long, Double>> data = cloudWatchReader.read(plan,
                        readFrom.equals(chunk.start()) ? chunk : new Window(readFrom, chunk.end(), period), deadline, stats,
                        log);
                longestRead = longest(longestRead, readStarted);
                List<MetricValue> chunkValues = new ArrayList<>(SeriesAssembler.assemble(config, chunk, readFrom, plan,
                        data));
                // Oldest first (a stable sort keeps the series order within a period).
                chunkValues.sort(Comparator.comparingLong(MetricValue::time));
                values.addAll(chunkValues);
                computed = true;
                if (request.dryRun()) {
                    periodsDone += chunk.periods();
                    listener.chunkDone(chunk, periodsDone, window.periods(), 0);
                    continue;
                }
                boolean lastChunk = c == chunks.size() - 1;
                List<List<MetricValue>> batches = Chunks.of(chunkValues, config.batchSize());
                for (int b = 0; b < batches.size(); b++) {
                    if (!fits(longestBatch, postDeadline)) {
                        complete = false;
                        break chunks;
                    }
                    List<MetricValue> batch = batches.get(b);
                    List<MetricValue> sending = batch;
                    if (heartbeat && lastChunk && b == batches.size() - 1
                            && batch.size() + Heartbeat.SIZE <= config.batchSize()) {
                        sending = new ArrayList<>(batch);
                        sending.addAll(heartbeat(config, stats.posted + batch.size(), window.end()));
                        beaten = true;
                    }
                    int number = b + 1;
                    int size = sending.size();
                    log.debug(() -> "mackerel batch " + number + "/" + batches.size() + " values=" + size);
                    Instant batchStarted = clock.instant();
                    send(config, sending, postDeadline);
                    stats.countPosted(batch.size());
                    longestBatch = longest(longestBatch, batchStarted);
                    Instant next = b + 1 < batches.size() ? Instant.ofEpochSecond(batches.get(b + 1).get(0).time())
                            : chunk.end();
                    // (backfilled periods before the window come first)
                    frontier = next.isAfter(window.start()) ? next : window.start();
                }
                frontier = chunk.end();
                periodsDone += chunk.periods();
                listener.chunkDone(chunk, periodsDone, window.periods(), stats.posted);
            }

            if (complete && !request.dryRun()) {
                listings.exported(config.userPoolId(), listing);
            }
            if (tooOld != null) {
                int series = (int) values.stream().map(MetricValue::name).distinct().count();
                leftOut = tooOld.periods() * series;
                notes.add("left out " + leftOut + " values of " + tooOld + " (" + tooOld.periods() + " periods): "
                        + "older than Mackerel keeps");
            }
            Instant recordedNow = null;
            if (recordsProgress && (complete || stats.posted > 0)) {
                // A run cut short writes at once: a long catch-up is not done again by a new instance.
                recordedNow = progress.record(frontier, progressWriteInterval(config), !complete,
                        Duration.between(clock.instant(), deadline), stats);
                recorded = recordedNow;
            }
            if (!complete) {
                if (!recordsProgress) {
                    throw new ExportException("Posted " + stats.posted + " values, up to " + frontier + ", before "
                            + "the run's deadline; the rest of " + window + " was not posted: run again from "
                            + frontier + (request.kind() == RunRequest.Kind.RANGE ? " (--from " + frontier + ")" : ""));
                }
                notes.add("caught up to " + frontier + " of " + window.end() + " before the deadline; the next run "
                        + "continues there");
            }
            if (heartbeat && !beaten) {
                send(config, heartbeat(config, stats.posted, frontier), deadline);
            }
            if (progressProblem != null) {
                throw new ExportException(progressProblem + " (this run posted the latest " + window.periods()
                        + " periods only and recorded nothing)");
            }
            return RunResult.ok(request.dryRun(), window, values, leftOut, stats, millisSince(started), notes,
                    recordedNow, complete ? null : frontier);
        }

        /**
         * The configuration from SSM; on a cold start (or after a failure) of a run that reads progress, with the
         * progress parameter in the same call, which {@link #initialWindow} then takes in without reading it. When
         * SSM refuses that call, the configuration alone, as if there were no progress to read with it: the progress
         * is then read (or its problem reported) on its own, after the latest window is posted.
         */
        private ExporterConfig loadConfig(String name) {
            if (readsProgress() && progress.unread()) {
                try {
                    ConfigLoader.WithOther both = configLoader.loadWith(name, progress.parameterName(),
                            "the progress parameter", Duration.between(clock.instant(), deadline), stats, log);
                    progress.offer(both.other());
                    return both.config();
                } catch (ExportException e) {
                    if (!ConfigLoader.refusedBySsm(e)) {
                        throw e;
                    }
                    // Works, at one more call per cold start: say so, so that the refusal gets fixed
                    notes.add(e.getMessage() + "; read them one by one instead (allow ssm:GetParameters on both, as "
                            + "the construct's role does)");
                }
            }
            return configLoader.load(name, Duration.between(clock.instant(), deadline), stats, log);
        }

        /** Whether this run starts from the progress parameter: a scheduled run, not a dry one, with a store. */
        private boolean readsProgress() {
            return progress != null && request.scheduled() && !request.dryRun();
        }

        /** The window of the request, with the catch-up of a scheduled run. */
        private Window initialWindow(ExporterConfig config) {
            int period = config.periodSeconds();
            switch (request.kind()) {
                case RANGE:
                    try {
                        return Window.between(request.from(), request.time(), period);
                    } catch (IllegalArgumentException e) {
                        throw new ExportException("The range " + request.from() + " to " + request.time()
                                + " holds no whole period of " + period + " s: widen it");
                    }
                case BACKFILL:
                    return Window.endingAt(request.time(), period, config.lookbackSeconds());
                default:
                    Window base = Window.endingAt(request.time(), period, config.lookbackSeconds());
                    if (!readsProgress()) {
                        return base;
                    }
                    Optional<Instant> last;
                    try {
                        last = progress.recorded(Duration.between(clock.instant(), deadline), stats);
                    } catch (ExportException e) {
                        progressProblem = e.getMessage();
                        return base;
                    }
                    if (last.isPresent() && last.get().isAfter(started.plus(MAX_CLOCK_SKEW))) {
                        progressProblem = "The progress parameter " + progress.parameterName() + " holds "
                                + last.get() + ", which is in the future: put '" + ProgressStore.NONE + "' in it";
                        return base;
                    }
                    recordsProgress = true;
                    return last.isPresent() ? catchUp(base, last.get(), config) : base;
            }
        }

        /** Extends a scheduled window back to the recorded end less the lookback, as far as catch-up may reach. */
        private Window catchUp(Window base, Instant last, ExporterConfig config) {
            int period = config.periodSeconds();
            Instant lastEnd = Window.alignDown(last, period);
            if (!lastEnd.isBefore(base.start())) {
                // No gap: the lookback already re-posts the periods before the recorded end.
                return base;
            }
            // A gap: deliver it, and re-post the lookback before it, as a run at the recorded end would have.
            Instant wanted = lastEnd.minusSeconds(config.lookbackSeconds());
            Instant floor = Window.alignUp(started.minusSeconds(config.catchUpMaxAgeSeconds()), period);
            if (lastEnd.isBefore(floor)) {
                Instant lostEnd = floor.isBefore(base.start()) ? floor : base.start();
                if (lastEnd.isBefore(lostEnd)) {
                    Window lost = new Window(lastEnd, lostEnd, period);
                    notes.add("could not deliver " + lost + " (" + lost.periods() + " periods): older than a "
                            + "catch-up reaches (" + describe(Duration.ofSeconds(config.catchUpMaxAgeSeconds()))
                            + ", setting " + ExporterSettings.CATCH_UP_MAX_AGE + "; Mackerel keeps 24 h)");
                }
            }
            Instant start = wanted.isBefore(floor) ? floor : wanted;
            return start.isBefore(base.start()) ? base.from(start) : base;
        }

        private List<MetricValue> heartbeat(ExporterConfig config, long posted, Instant newestEnd) {
            long period = window.end().getEpochSecond() - config.periodSeconds();
            long lag = Duration.between(newestEnd, clock.instant()).getSeconds();
            return Heartbeat.values(config.metricNamePrefix(), period, posted, lag);
        }

        private void send(ExporterConfig config, List<MetricValue> batch, Instant until) {
            if (key == null) {
                key = keys.get(config.apiKeyParameter(), name -> configLoader.apiKey(config,
                        Duration.between(clock.instant(), deadline), stats));
            }
            Optional<String> failure = mackerel.send(config, key, batch, until, stats, log);
            if (failure.isPresent()) {
                throw new ExportException("Posted " + stats.posted + " of " + values.size() + " values to Mackerel: "
                        + failure.get());
            }
        }

        /** Whether another step expected to take about {@code estimate} still ends well before the deadline. */
        private boolean fits(Duration estimate, Instant until) {
            return !clock.instant().plus(estimate.multipliedBy(2)).plus(MIN_BATCH_TIME).isAfter(until);
        }

        private Duration longest(Duration sofar, Instant since) {
            Duration took = Duration.between(since, clock.instant());
            return took.compareTo(sofar) > 0 ? took : sofar;
        }

        /**
         * After a failure, writes what the scheduled runs delivered (this one's posts, or earlier runs' not yet
         * written), if it can still be written in time: the instance forgets it next. A failed run that does not
         * record progress (a backfill, or one that failed before reading it) still writes what earlier runs
         * delivered, and reports nothing.
         */
        private void recordAfterFailure() {
            if (progress == null || !clock.instant().isBefore(deadline)) {
                return;
            }
            try {
                Duration timeLeft = Duration.between(clock.instant(), deadline);
                Instant written = recordsProgress && frontier != null && stats.posted > 0
                        ? progress.record(frontier, Duration.ZERO, true, timeLeft, stats)
                        : progress.flush(timeLeft, stats);
                if (written != null && recordsProgress) {
                    recorded = written;
                }
            } catch (RuntimeException e) {
                log.debug(() -> "recording the progress after a failure failed too: " + e.getMessage());
            }
        }
    }
}
