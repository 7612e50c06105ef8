package io.github.cognitomackerel.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.wire.Boto3;
import io.github.cognitomackerel.runtime.wire.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the machine's boto3 (which speaks AWS JSON 1.0 to CloudWatch) against {@link FakeCloudWatch}: the client the
 * benchmark's Python script uses. Skipped, with the reason, where {@code python3} with boto3 is missing.
 */
class FakeCloudWatchBoto3Test {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, String> POOL_CLIENT = Map.of("UserPool", "ap-northeast-1_AbCdEf123",
            "UserPoolClient", "client1");

    /**
     * One GetMetricData, ListMetrics through boto3's paginator, and a misaligned window that must surface as
     * botocore's modeled {@code InvalidParameterValueException} (found through the query error code). Prints JSON.
     */
    private static final String SCRIPT = String.join("\n",
            "import datetime, json, os, sys",
            "import boto3",
            "cw = boto3.client('cloudwatch', region_name='ap-northeast-1')",
            "utc = datetime.timezone.utc",
            "t0 = datetime.datetime.fromtimestamp(int(sys.argv[1]), utc)",
            "metric = {'Namespace': 'AWS/Cognito', 'MetricName': 'SignInSuccesses', 'Dimensions': [",
            "    {'Name': 'UserPool', 'Value': 'ap-northeast-1_AbCdEf123'},",
            "    {'Name': 'UserPoolClient', 'Value': 'client1'}]}",
            "def query(start, end):",
            "    return cw.get_metric_data(StartTime=start, EndTime=end, MetricDataQueries=[",
            "        {'Id': 's', 'MetricStat': {'Metric': metric, 'Period': 300, 'Stat': 'Sum'}},",
            "        {'Id': 'n', 'MetricStat': {'Metric': metric, 'Period': 300, 'Stat': 'SampleCount'}}])",
            "answer = query(t0, t0 + datetime.timedelta(seconds=600))",
            "results = {r['Id']: {'times': [int(t.timestamp()) for t in r['Timestamps']], 'values': r['Values'],",
            "                     'status': r['StatusCode']} for r in answer['MetricDataResults']}",
            "listed = []",
            "for page in cw.get_paginator('list_metrics').paginate(Namespace='AWS/Cognito'):",
            "    listed += [m['MetricName'] + ':' + m['Dimensions'][1]['Value'] for m in page['Metrics']]",
            "try:",
            "    query(t0 + datetime.timedelta(seconds=60), t0 + datetime.timedelta(seconds=600))",
            "    error = None",
            "except cw.exceptions.InvalidParameterValueException as e:",
            "    error = {'code': e.response['Error']['Code'], 'type': e.response['Error'].get('Type'),",
            "             'status': e.response['ResponseMetadata']['HTTPStatusCode']}",
            "print(json.dumps({'results': results, 'listed': listed, 'error': error}))",
            "");

    private FakeCloudWatch fake;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        fake = FakeCloudWatch.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void boto3ReadsSeededValuesPagesListMetricsAndGetsModeledErrors() throws Exception {
        String python = Boto3.interpreterOrSkip();
        fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(30), 4, 4);
        fake.putSample("SignInSuccesses", POOL_CLIENT, T0.plusSeconds(330), 6, 3);
        for (int i = 2; i <= 4; i++) {
            fake.putSample("SignInSuccesses", Map.of("UserPool", "ap-northeast-1_AbCdEf123", "UserPoolClient",
                    "client" + i), T0, 1, 1);
        }
        fake.setListMetricsPageSize(2);
        Path script = tmp.resolve("cloudwatch_check.py");
        Files.writeString(script, SCRIPT);

        String out = run(List.of(python, script.toString(), String.valueOf(T0.getEpochSecond())));

        Map<String, Object> answer = (Map<String, Object>) Json.decode(out.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> results = (Map<String, Object>) answer.get("results");
        Map<String, Object> sum = (Map<String, Object>) results.get("s");
        assertEquals(List.of(T0.getEpochSecond() + 300, T0.getEpochSecond()), sum.get("times"));
        assertEquals(List.of(6.0, 4.0), sum.get("values"));
        assertEquals("Complete", sum.get("status"));
        assertEquals(List.of(3.0, 4.0), ((Map<String, Object>) results.get("n")).get("values"));
        assertEquals(List.of("SignInSuccesses:client1", "SignInSuccesses:client2", "SignInSuccesses:client3",
                "SignInSuccesses:client4"), answer.get("listed"));
        assertEquals(Map.of("code", "InvalidParameterValue", "type", "Sender", "status", 400L), answer.get("error"));

        List<RecordedRequest> requests = fake.requests();
        assertTrue(requests.stream().allMatch(r -> "/".equals(r.path())
                && "application/x-amz-json-1.0".equals(r.header("Content-Type"))), "boto3 spoke AWS JSON 1.0: "
                + requests);
        assertEquals(T0, fake.requests("GetMetricData").get(0).decodedObject().get("StartTime"));
        assertEquals(2, fake.calls("ListMetrics"));
        assertEquals(1, fake.violations().size(), "only the misaligned window: " + fake.violations());
        assertTrue(fake.violations().get(0).contains("aligned to the period 300"), fake.violations().toString());
    }

    /** Runs a command against the fake with static credentials and no profile files; returns its stdout. */
    private String run(List<String> command) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", "AKIDFAKE");
        env.put("AWS_SECRET_ACCESS_KEY", "fake-secret");
        env.put("AWS_ENDPOINT_URL_CLOUDWATCH", fake.endpoint().toString());
        env.put("AWS_CONFIG_FILE", "/nonexistent/cognito-mackerel-test/config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/cognito-mackerel-test/credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        ChildJvm.Result result = ChildJvm.run(command, env, Boto3.PROCESS_LIMIT);
        assertEquals(0, result.exit(), () -> "the boto3 script failed: " + result.stderr());
        return result.stdout();
    }
}
