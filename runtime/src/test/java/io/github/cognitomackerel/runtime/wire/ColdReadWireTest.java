package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.CONFIG_PARAMETER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cognitomackerel.runtime.internal.AwsClients;
import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.config.ConfigException;
import io.github.cognitomackerel.runtime.internal.config.ConfigLoader;
import io.github.cognitomackerel.runtime.internal.run.ProgressStore;
import io.github.cognitomackerel.runtime.internal.run.RunStats;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A cold start's one read of the configuration and the progress parameter ({@code GetParameters}), through a real
 * SSM client against the fake: it answers and fails as the two {@code GetParameter} calls it replaces did.
 */
class ColdReadWireTest extends WireTest {

    private static final String PROGRESS = "CFN-ProgressParameter-Cold1Read2";
    private static final String ROLE = "the progress parameter";
    private static final Duration TIME = Duration.ofSeconds(10);
    /** The SDK's attempts at one call (its default retry mode: the first and 3 retries). */
    private static final int SDK_ATTEMPTS = 4;

    private AwsClients clients;
    private ConfigLoader loader;
    private RunStats stats;

    @BeforeEach
    void clients() {
        clients = AwsClients.fromEnvironment(fixture.environment());
        loader = new ConfigLoader(clients.ssm());
        stats = new RunStats();
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void readsTheConfigurationAndTheOtherParameterInOneCall() {
        fixture.ssm.putParameter(PROGRESS, "2026-11-23T08:00:00Z");

        ConfigLoader.WithOther both = loader.loadWith(CONFIG_PARAMETER, PROGRESS, ROLE, TIME, stats, Log.none());

        assertEquals(WireFixture.USER_POOL_ID, both.config().userPoolId());
        assertEquals("2026-11-23T08:00:00Z", both.other().orElseThrow().value());
        assertEquals(List.of("GetParameters"), operations());
        assertEquals(Map.of("Names", List.of(CONFIG_PARAMETER, PROGRESS), "WithDecryption", false),
                fixture.ssm.requests().get(0).decodedObject());
        assertEquals(1, stats.ssmCalls());
        fixture.assertNoViolations();
    }

    @Test
    void eachParameterIsFoundByItsNameWhateverOrderSsmAnswersIn() {
        String first = "/cold-read/progress"; // sorts before the configuration's name: SSM answers it first
        fixture.ssm.putParameter(first, "none");

        ConfigLoader.WithOther both = loader.loadWith(CONFIG_PARAMETER, first, ROLE, TIME, stats, Log.none());

        assertEquals(WireFixture.USER_POOL_ID, both.config().userPoolId());
        assertEquals(first, both.other().orElseThrow().name());
        assertEquals("none", both.other().orElseThrow().value());
        fixture.assertNoViolations();
    }

    @Test
    void anOtherParameterSsmDoesNotHaveIsEmpty() {
        ConfigLoader.WithOther both = loader.loadWith(CONFIG_PARAMETER, PROGRESS, ROLE, TIME, stats, Log.none());

        assertEquals(WireFixture.USER_POOL_ID, both.config().userPoolId());
        assertEquals(Optional.empty(), both.other());
        fixture.assertNoViolations();
    }

    @Test
    void aMissingOrSecureStringConfigurationFailsAsWithGetParameter() {
        fixture.ssm.putParameter(PROGRESS, "none");
        String document = fixture.ssm.value(CONFIG_PARAMETER);
        fixture.ssm.deleteParameter(CONFIG_PARAMETER);
        assertSameFailure();

        fixture.ssm.putParameter(CONFIG_PARAMETER, document, ParameterType.SECURE_STRING);
        assertSameFailure();
        fixture.assertNoViolations();
    }

    @Test
    void anSsmErrorNamesBothParametersAndTheCall() {
        fixture.ssm.failNext("GetParameters", 400, "AccessDeniedException", "User: arn:aws:sts::123456789012:"
                + "assumed-role/fn is not authorized to perform: ssm:GetParameters on resource: " + PROGRESS);

        ExportException e = assertThrows(ExportException.class,
                () -> loader.loadWith(CONFIG_PARAMETER, PROGRESS, ROLE, TIME, stats, Log.none()));

        assertTrue(e.getMessage().startsWith("Could not read the configuration parameter " + CONFIG_PARAMETER
                + " and the progress parameter " + PROGRESS + " (one GetParameters call): User: arn:aws:sts::"
                + "123456789012:assumed-role/fn is not authorized to perform: ssm:GetParameters on resource: "
                + PROGRESS), e.getMessage());
        assertEquals(1, fixture.ssm.calls("GetParameters"), "an access error is not retried");
        assertTrue(ConfigLoader.refusedBySsm(e), "reading the parameters one by one may still work");
    }

    @Test
    void onlyARefusalIsWorthReadingOneByOneNotThrottlingAServerErrorOrABadConfiguration() {
        assumeTrue(System.getenv("AWS_RETRY_MODE") == null && System.getProperty("aws.retryMode") == null,
                "counts the SDK's attempts in its default retry mode");
        fixture.ssm.putParameter(PROGRESS, "none");
        assertNotARefusal(500, "InternalServerError");
        assertNotARefusal(400, "ThrottlingException");
        assertNotARefusal(400, "UnrecognizedClientException");

        fixture.ssm.deleteParameter(CONFIG_PARAMETER);
        ExportException missing = assertThrows(ConfigException.class,
                () -> loader.loadWith(CONFIG_PARAMETER, PROGRESS, ROLE, TIME, stats, Log.none()));
        assertEquals(false, ConfigLoader.refusedBySsm(missing), missing.getMessage());
    }

    @Test
    void theProgressStoreTakesInAnOfferedValueWithoutReadingIt() {
        ProgressStore store = new ProgressStore(clients.ssm(), PROGRESS);
        assertTrue(store.unread());

        store.offer(Optional.of(software.amazon.awssdk.services.ssm.model.Parameter.builder().name(PROGRESS)
                .type(ParameterType.STRING).value("2026-11-23T08:00:00Z").build()));

        assertEquals(false, store.unread());
        assertEquals(Optional.of(Instant.parse("2026-11-23T08:00:00Z")), store.recorded(stats));
        assertEquals(0, stats.ssmCalls());
        assertEquals(List.of(), operations());
    }

    @Test
    void anOfferedAbsenceFailsAsAMissingParameterAndForgetDropsAnOffer() {
        ProgressStore store = new ProgressStore(clients.ssm(), PROGRESS);
        store.offer(Optional.empty());

        ExportException e = assertThrows(ExportException.class, () -> store.recorded(stats));

        assertTrue(e.getMessage().startsWith("The progress parameter " + PROGRESS + " does not exist: redeploy the "
                + "stack to create it"), e.getMessage());
        // An offer not taken in is dropped by forget: the next read asks SSM
        fixture.ssm.putParameter(PROGRESS, "none");
        ProgressStore again = new ProgressStore(clients.ssm(), PROGRESS);
        again.offer(Optional.empty());
        again.forget();
        assertTrue(again.unread());
        assertEquals(Optional.empty(), again.recorded(stats));
        assertEquals(List.of("GetParameter"), operations());
        fixture.assertNoViolations();
    }

    /** An error SSM answers every attempt with, which reading the parameters one by one would meet again. */
    private void assertNotARefusal(int status, String errorCode) {
        int before = fixture.ssm.calls("GetParameters");
        for (int attempt = 0; attempt < SDK_ATTEMPTS; attempt++) {
            fixture.ssm.failNext("GetParameters", status, errorCode, "no");
        }
        ExportException e = assertThrows(ExportException.class,
                () -> loader.loadWith(CONFIG_PARAMETER, PROGRESS, ROLE, TIME, stats, Log.none()));
        assertTrue(e.getMessage().contains("(one GetParameters call): no"), e.getMessage());
        assertEquals(false, ConfigLoader.refusedBySsm(e), errorCode);
        int attempts = fixture.ssm.calls("GetParameters") - before;
        assertTrue(attempts >= 1 && attempts <= SDK_ATTEMPTS, errorCode + ": " + attempts + " attempts");
        // What an error the SDK does not retry left queued must not reach the next case: use it up
        for (int left = SDK_ATTEMPTS - attempts; left > 0; left--) {
            try {
                loader.loadWith(CONFIG_PARAMETER, PROGRESS, ROLE, TIME, stats, Log.none());
                break;
            } catch (ExportException used) {
                // one more queued failure gone
            }
        }
    }

    /** The configuration error of {@code loadWith} is the one {@code load} gives, and is said the same way. */
    private void assertSameFailure() {
        String alone = assertThrows(ConfigException.class,
                () -> loader.load(CONFIG_PARAMETER, TIME, stats, Log.none())).getMessage();
        String both = assertThrows(ConfigException.class,
                () -> loader.loadWith(CONFIG_PARAMETER, PROGRESS, ROLE, TIME, stats, Log.none())).getMessage();
        assertEquals(alone, both);
        assertTrue(both.startsWith("Configuration parameter " + CONFIG_PARAMETER + " "), both);
    }

    private List<String> operations() {
        return fixture.ssm.requests().stream().map(RecordedRequest::operation).toList();
    }
}
