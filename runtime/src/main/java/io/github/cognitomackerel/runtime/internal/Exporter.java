package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.settings.ExporterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Runs the export: configuration (SSM) -> window -> pool clients (ListMetrics) -> query plan -> values
 * (GetMetricData) -> Mackerel. One exporter lives as long as its handler instance and remembers the configuration,
 * the API key and the pool's clients for the cache TTL, so a warm run reads neither SSM nor ListMetrics. Any failed
 * run forgets them, so a fix is picked up on the next run. It also remembers the listing its last successful run
 * exported with ({@link ListingMemory}), so a series listed for the first time is backfilled.
 */
public final class Exporter {

    /** Mackerel drops values older than this without an error. */
    public static final Duration MACKEREL_RETENTION = Duration.ofSeconds(ExporterSettings.MACKEREL_RETENTION_SECONDS);

    private final ConfigLoader configLoader;
    private final CloudWatchReader cloudWatchReader;
    private final MackerelClient mackerel;
    private final Clock clock;
    private final Memo<String, ExporterConfig> configs;
    private final Memo<String, ApiKey> keys;
    private final Memo<String, ListingMemory.Listing> inventories;
    private final ListingMemory listings = new ListingMemory();

    /**
     * An exporter.
     *
     * @param cacheTtl how long configuration, key and pool clients are reused (zero: read every run)
     */
    public Exporter(SsmClient ssm, CloudWatchClient cloudWatch, MackerelClient mackerel, Clock clock,
            Duration cacheTtl) {
        this.configLoader = new ConfigLoader(ssm);
        this.cloudWatchReader = new CloudWatchReader(cloudWatch);
        this.mackerel = Objects.requireNonNull(mackerel, "mackerel");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.configs = new Memo<>(clock, cacheTtl);
        this.keys = new Memo<>(clock, cacheTtl);
        this.inventories = new Memo<>(clock, cacheTtl);
    }

    /** How far in the future a reference time may be (clocks differ a little); later is an error. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * How long the pool's client list may be reused: a client that appears just after the list was read must be
     * found while its first periods are still in the window, so at most lookback minus one period (the other
     * period allows for CloudWatch publishing late), and never longer than the cache's time to live.
     */
    static Duration inventoryMaxAge(ExporterConfig config) {
        return Duration.ofSeconds(Math.max(0, config.lookbackSeconds() - config.periodSeconds()));
    }

    /**
     * Exports the window ending at {@code time}. Never throws for a failed run: the result says why.
     *
     * @param configParameter the configuration parameter's name, already checked with
     *     {@link ExporterSettings#checkParameterName}
     * @param time T
     * @param deadline no Mackerel request or retry starts after this
     * @param dryRun compute the values but neither read the API key nor post
     */
    public RunResult run(String configParameter, Instant time, Instant deadline, boolean dryRun, Log log) {
        Instant started = clock.instant();
        RunStats stats = new RunStats();
        Window window = null;
        List<MetricValue> values = null;
        int stale = 0;
        ApiKey key = null;
        if (time.isAfter(started.plus(MAX_CLOCK_SKEW))) {
            // A typo such as 2027 for 2026 would post zeros at future times that stay in Mackerel's graphs.
            return RunResult.failedBeforeStart("The reference time " + time + " is in the future (now is "
                    + started.truncatedTo(ChronoUnit.SECONDS) + "): give a past instant with --at, or fix the "
                    + "event's 'at', 'scheduled-time' or 'time'", null, 0);
        }
        try {
            ExporterConfig config = configs.get(configParameter, name -> configLoader.load(name, stats, log));
            window = Window.endingAt(time, config.periodSeconds(), config.lookbackSeconds());
            Window w = window;
            log.debug(() -> "run for " + time + " window=" + w + " config=" + config);
            ListingMemory.Listing listing = inventories.get(config.userPoolId(), inventoryMaxAge(config), id -> {
                Instant listedAt = clock.instant();
                return new ListingMemory.Listing(cloudWatchReader.inventory(id, stats, log), listedAt);
            });
            MetricQueryPlan plan = MetricQueryPlan.build(config, listing.inventory(),
                    listings.previous(config.userPoolId()));
            Instant oldestKept = clock.instant().minus(MACKEREL_RETENTION);
            // A series listed for the first time is read back over the periods it may have been posted as 0 for;
            // a longer time range costs nothing (GetMetricData bills per metric requested).
            Window read = plan.hasFirstListed()
                    ? listings.backfillWindow(config.userPoolId(), window, inventoryMaxAge(config), oldestKept)
                    : window;
            Map<String, Map<Long, Double>> data = cloudWatchReader.read(plan, read, stats, log);
            values = SeriesAssembler.assemble(config, window, read.start(), plan, data);
            long oldest = oldestKept.getEpochSecond();
            stale = (int) values.stream().filter(v -> v.time() < oldest).count();
            if (!dryRun && !values.isEmpty()) {
                key = keys.get(config.apiKeyParameter(), name -> configLoader.apiKey(config, stats));
                mackerel.post(config, key, values, deadline, stats, log);
            }
            if (!dryRun) {
                listings.exported(config.userPoolId(), listing);
            }
            return new RunResult(true, dryRun, window, values, true, stale, stats, millisSince(started), null, null);
        } catch (RuntimeException e) {
            configs.invalidate();
            keys.invalidate();
            inventories.invalidate();
            String reason = e instanceof ExportException ? e.getMessage()
                    : "unexpected " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            if (key != null) {
                reason = key.redact(reason);
            }
            return new RunResult(false, dryRun, window, values == null ? List.of() : values, values != null, stale,
                    stats, millisSince(started), reason, e);
        }
    }

    private long millisSince(Instant started) {
        return Math.max(0, Duration.between(started, clock.instant()).toMillis());
    }
}
