package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.Bounded;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;

/**
 * How far the scheduled runs have delivered: an end before which Mackerel accepted every value (the end of the last
 * complete window, or up to one write interval before it, see below), kept in one SSM String parameter the function
 * owns (created by the construct with the value {@value #NONE}, written by the function with {@code PutParameter}).
 * The value is an ISO-8601 instant such as {@code 2026-11-23T12:05:00Z}.
 *
 * <p>A warm instance remembers how far it delivered, so only a cold start (or the run after a failure) reads SSM.
 * While the runs keep up, it writes at most once per write interval (an hour by default): the parameter matters
 * only to the next cold start, which then delivers again, from the value written, what was delivered since; Mackerel
 * keeps one value per series and time, so that costs a few more values posted and loses nothing. A forced write
 * (a run cut short by its deadline, or the end of a failed run) records at once what was delivered. The value in SSM
 * is never later than what was delivered.
 */
public final class ProgressStore {

    /** The parameter's value before the first complete run. */
    public static final String NONE = "none";

    private final SsmClient ssm;
    private final String parameterName;
    private boolean known;
    /** Whether the parameter was read with the configuration ({@link #offer}) and not yet taken in. */
    private boolean offered;
    /** What was offered: the parameter, or null when SSM has none of that name. */
    private Parameter offeredParameter;
    /** How far this instance knows the runs delivered: the value read, or the latest end delivered since. */
    private Instant recorded;
    /** The value SSM holds, as far as this instance knows: read, or written by it. */
    private Instant stored;

    /** A store in the String parameter {@code parameterName}. */
    public ProgressStore(SsmClient ssm, String parameterName) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
        this.parameterName = Objects.requireNonNull(parameterName, "parameterName");
    }

    /** The parameter's name. */
    public String parameterName() {
        return parameterName;
    }

    /**
     * The recorded end: remembered, else taken from what was {@linkplain #offer offered}, else read from SSM
     * ({@code GetParameter}) when this instance has not read it yet.
     *
     * @return empty when nothing is recorded yet ({@value #NONE})
     * @throws ExportException when the parameter cannot be read or holds something else than an instant or
     *     {@value #NONE}
     */
    public Optional<Instant> recorded(RunStats stats) {
        return recorded(Bounded.MAX_AWS_CALL, stats);
    }

    /** {@link #recorded(RunStats)}, reading SSM within {@code timeLeft} (at most 30 s) when it must. */
    public Optional<Instant> recorded(Duration timeLeft, RunStats stats) {
        if (!known) {
            if (offered) {
                Parameter given = offeredParameter;
                offered = false;
                offeredParameter = null;
                if (given == null) {
                    throw new ExportException(missing());
                }
                recorded = interpret(given.value());
            } else {
                recorded = read(timeLeft, stats);
            }
            stored = recorded;
            known = true;
        }
        return Optional.ofNullable(recorded);
    }

    /**
     * Whether {@link #recorded(RunStats)} would read SSM: this instance has neither read the parameter nor been
     * {@linkplain #offer offered} it. A run that needs the configuration from SSM then reads both in one call.
     */
    public boolean unread() {
        return !known && !offered;
    }

    /**
     * The parameter as SSM answered it in another call (a {@code GetParameters} with the configuration), for the
     * next {@link #recorded(RunStats)} to take in instead of reading it; empty when SSM has no such parameter. Checked
     * there, as a value read: {@link #forget()} drops it unused.
     */
    public void offer(Optional<Parameter> parameter) {
        if (!known) {
            offered = true;
            offeredParameter = parameter.orElse(null);
        }
    }

    private Instant read(Duration timeLeft, RunStats stats) {
        String value;
        try {
            stats.countSsmCall();
            value = Bounded.awsCall("the progress parameter " + parameterName + " from SSM", timeLeft,
                    bound -> ssm.getParameter(r -> r.name(parameterName)
                            .overrideConfiguration(o -> o.apiCallTimeout(bound)))).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new ExportException(missing(), e);
        } catch (SdkException e) {
            throw new ExportException("Could not read the progress parameter " + parameterName + ": "
                    + e.getMessage(), e);
        }
        return interpret(value);
    }

    /** Why the run cannot use a parameter SSM does not have, and the fix. */
    private String missing() {
        return "The progress parameter " + parameterName + " does not exist: redeploy the stack to create it (the "
                + "construct makes it), or create it as a String parameter with the value " + NONE;
    }

    /** The end a value of the parameter records: null for {@value #NONE}. */
    private Instant interpret(String value) {
        String text = value == null ? "" : value.strip();
        if (text.equals(NONE)) {
            return null;
        }
        return EventTime.parseInstant(text).filter(t -> t.getNano() == 0).orElseThrow(() -> new ExportException(
                "The progress parameter " + parameterName + " must hold an ISO-8601 instant like "
                        + "2026-11-23T12:05:00Z or '" + NONE + "', got '" + shorten(text) + "': put '" + NONE
                        + "' in it to start again from the lookback (aws ssm put-parameter --overwrite --name "
                        + parameterName + " --value " + NONE + ")"));
    }

    /**
     * Remembers {@code end} as delivered if it is later than what is remembered, and writes it to SSM
     * ({@code PutParameter} with {@code Overwrite}) when {@code force} is set, when SSM holds {@value #NONE}, or when
     * it is at least {@code writeInterval} later than the value SSM holds; otherwise it costs no call.
     *
     * @param end the end of what was delivered
     * @param writeInterval how far behind what was delivered the value in SSM may stay
     * @param force write now (when it moves forward), whatever the interval
     * @param timeLeft the longest the write may take
     * @return the value written, or null when none was
     * @throws ExportException when SSM refuses the write (what was delivered stays remembered)
     * @throws IllegalStateException when the parameter was not read first ({@link #recorded(RunStats)})
     */
    public Instant record(Instant end, Duration writeInterval, boolean force, Duration timeLeft, RunStats stats) {
        if (!known) {
            // Unread, SSM may hold a later end than this one: never overwrite it blindly.
            throw new IllegalStateException("the progress parameter " + parameterName + " was not read first");
        }
        if (recorded == null || end.isAfter(recorded)) {
            recorded = end;
        }
        return write(writeInterval, force, timeLeft, stats);
    }

    /**
     * Writes what is remembered as delivered if SSM holds an earlier value (e.g. at the end of a failed run, before
     * {@link #forget()}).
     *
     * @return the value written, or null when none was
     * @throws ExportException when SSM refuses the write
     */
    public Instant flush(Duration timeLeft, RunStats stats) {
        return write(Duration.ZERO, true, timeLeft, stats);
    }

    private Instant write(Duration writeInterval, boolean force, Duration timeLeft, RunStats stats) {
        if (!known || recorded == null || (stored != null && !recorded.isAfter(stored))) {
            return null;
        }
        if (!force && stored != null && Duration.between(stored, recorded).compareTo(writeInterval) < 0) {
            return null;
        }
        Instant end = recorded;
        Duration timeout = timeLeft.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : timeLeft;
        try {
            stats.countSsmCall();
            Bounded.awsCall("(writing) the progress parameter " + parameterName + " from SSM", timeout,
                    bound -> ssm.putParameter(PutParameterRequest.builder().name(parameterName).value(end.toString())
                            .overwrite(true)
                            .overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(bound)
                                    .build())
                            .build()));
        } catch (SdkException e) {
            throw new ExportException("Posted the values up to " + end + ", but could not record that in the progress "
                    + "parameter " + parameterName + " (the next run posts them again): " + e.getMessage(), e);
        }
        stored = end;
        return end;
    }

    /** Forgets the remembered value, so the next run reads it again (e.g. after a failed run). */
    public void forget() {
        known = false;
        offered = false;
        offeredParameter = null;
        recorded = null;
        stored = null;
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
