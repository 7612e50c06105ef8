package io.github.cognitomackerel.runtime.wire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every wire-level test class shares: fresh fakes for each test and, after it, the check that the API key
 * showed nowhere but in Mackerel's {@code X-Api-Key} header. A class that wants its own activity data overrides
 * {@link #seedsStandardActivity()}.
 */
abstract class WireTest {

    /** The fakes, the configuration under the standard path and the handler's environment. */
    protected WireFixture fixture;

    /** Whether each test starts with the standard configuration's Cognito activity in the CloudWatch fake. */
    protected boolean seedsStandardActivity() {
        return true;
    }

    @BeforeEach
    final void startFixture() {
        fixture = WireFixture.start();
        if (seedsStandardActivity()) {
            fixture.seedStandardActivity();
        }
    }

    @AfterEach
    final void stopFixture() {
        try {
            fixture.assertKeyNeverLeaked();
        } finally {
            fixture.close();
        }
    }
}
