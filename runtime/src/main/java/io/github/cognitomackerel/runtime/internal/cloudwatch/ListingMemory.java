package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.runtime.internal.run.Exporter;
import io.github.cognitomackerel.runtime.internal.run.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one exporter instance remembers of its pool's {@code ListMetrics} listings, so that a series CloudWatch lists
 * for the first time is read again over the periods it may already have been posted as 0 for.
 *
 * <p>The exporter requests only the series CloudWatch lists (plus the named clients' successes), and CloudWatch can
 * take up to {@link #LISTING_DELAY} to list a new series, while the exporter reuses a listing for up to the
 * inventory's maximum age. Until a new series is listed, its periods are posted as 0 (zero-fill), so when it first
 * appears the run reads back far enough to post its true values over those zeros (Mackerel keeps the last value
 * posted for a name and time):
 * <ul>
 * <li>warm: the series was absent from the listing of the last successful run, read at {@code L}, so it has no
 *     datapoint before {@code L - LISTING_DELAY}: that is where the read starts;</li>
 * <li>cold start (nothing remembered): the previous instance's last run, at {@code t}, used a listing no older than
 *     the inventory's maximum age, so a series it did not request has no datapoint before
 *     {@code t - inventory max age - LISTING_DELAY}; that run was no earlier than this run's window start (runs
 *     come every period and their windows overlap by the lookback; an export with a longer gap starts its window
 *     at the gap), so the read starts at {@code window start - inventory max age - LISTING_DELAY}, for every series
 *     requested only because it is listed.</li>
 * </ul>
 * Reading further back costs nothing extra: GetMetricData bills per metric requested whatever the time range. Never
 * further back than Mackerel keeps values (24 hours). Not thread-safe: one exporter runs one invocation at a time.
 */
public final class ListingMemory {

    /**
     * How long CloudWatch may take to list a new metric: "After you create a metric, allow up to 15 minutes for the
     * metric to appear" (ListMetrics, Amazon CloudWatch API Reference).
     */
    public static final Duration LISTING_DELAY = Duration.ofMinutes(15);

    /**
     * One {@code ListMetrics} result and when it was requested.
     *
     * @param inventory what was listed
     * @param listedAt when the listing was requested
     */
    public record Listing(PoolInventory inventory, Instant listedAt) {
        /** Checks both are given. */
        public Listing {
            Objects.requireNonNull(inventory, "inventory");
            Objects.requireNonNull(listedAt, "listedAt");
        }
    }

    private String userPoolId;
    private Listing exported;

    /** The listing of this pool the last successful run exported with; empty on a cold start or for another pool. */
    public Optional<PoolInventory> previous(String userPoolId) {
        return remembered(userPoolId).map(Listing::inventory);
    }

    /**
     * The periods to read when a series is listed for the first time: {@code window}, extended back as the class
     * comment explains, aligned to the period, and never before {@code oldestKept}.
     *
     * @param inventoryMaxAge how long a listing is reused ({@link Exporter#inventoryMaxAge})
     * @param oldestKept the oldest instant Mackerel still keeps values for
     */
    public Window backfillWindow(String userPoolId, Window window, Duration inventoryMaxAge, Instant oldestKept) {
        Instant from = remembered(userPoolId).map(listing -> listing.listedAt().minus(LISTING_DELAY))
                .orElse(window.start().minus(inventoryMaxAge).minus(LISTING_DELAY));
        long period = window.periodSeconds();
        long start = Math.max(Math.floorDiv(from.getEpochSecond(), period) * period,
                -Math.floorDiv(-oldestKept.getEpochSecond(), period) * period);
        if (start >= window.start().getEpochSecond()) {
            return window;
        }
        return new Window(Instant.ofEpochSecond(start), window.end(), window.periodSeconds());
    }

    /** Remembers the listing a run exported with successfully (posted, or nothing to post). */
    public void exported(String userPoolId, Listing listing) {
        this.userPoolId = Objects.requireNonNull(userPoolId, "userPoolId");
        this.exported = Objects.requireNonNull(listing, "listing");
    }

    private Optional<Listing> remembered(String userPoolId) {
        return exported != null && userPoolId.equals(this.userPoolId)
                ? Optional.of(exported) : Optional.empty();
    }
}
