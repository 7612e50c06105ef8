/**
 * Local fakes of the services the runtime talks to, for wire-level and end-to-end tests.
 *
 * <p>Each fake is a real HTTP server on {@code 127.0.0.1} (an ephemeral port) that speaks the service's wire protocol
 * as the AWS SDK for Java 2.x (or a plain HTTP client, for Mackerel) sends it:
 * <ul>
 *   <li>{@link io.github.cognitomackerel.runtime.testing.FakeCloudWatch}: Smithy RPC v2 CBOR, and AWS JSON 1.0 as
 *       boto3 sends it, {@code GetMetricData} and {@code ListMetrics};</li>
 *   <li>{@link io.github.cognitomackerel.runtime.testing.FakeSsm}: AWS JSON 1.1, {@code GetParametersByPath},
 *       {@code GetParameter} and {@code GetParameters};</li>
 *   <li>{@link io.github.cognitomackerel.runtime.testing.FakeMackerel}: the service-metric API
 *       {@code POST /api/v0/services/<serviceName>/tsdb}.</li>
 * </ul>
 *
 * <p>The fakes validate what they receive. A malformed or unsupported request gets the service's error response and is
 * also recorded, so a test ends with {@code assertEquals(List.of(), fake.violations())}. Every request is recorded as a
 * {@link io.github.cognitomackerel.runtime.testing.RecordedRequest} (for assertions, and to check that a secret never
 * appears on the wire). The fakes are thread-safe and {@link java.lang.AutoCloseable}: use them in
 * try-with-resources or close them in {@code @AfterEach}.
 */
package io.github.cognitomackerel.runtime.testing;
