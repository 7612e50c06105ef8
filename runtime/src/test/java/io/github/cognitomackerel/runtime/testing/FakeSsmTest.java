package io.github.cognitomackerel.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** Drives the real SDK v2 {@link SsmClient} (AWS JSON 1.1) against {@link FakeSsm}. */
class FakeSsmTest {

    private FakeSsm fake;
    private SsmClient client;

    @BeforeEach
    void start() {
        fake = FakeSsm.start();
        client = SsmClient.builder()
                .endpointOverride(fake.endpoint())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE",
                        "fake-secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void paginatesByPathTenAtATime() {
        for (int i = 0; i < 23; i++) {
            fake.putParameter(String.format("/app/clients/c%02d", i), "id" + i);
        }
        fake.putParameter("/application/x", "not under /app");

        GetParametersByPathRequest request = GetParametersByPathRequest.builder().path("/app").recursive(true)
                .maxResults(10).build();
        GetParametersByPathResponse first = client.getParametersByPath(request);
        assertEquals(10, first.parameters().size());
        assertNotNull(first.nextToken());

        List<String> names = new ArrayList<>();
        int pages = 0;
        for (GetParametersByPathResponse page : client.getParametersByPathPaginator(request)) {
            page.parameters().forEach(p -> names.add(p.name()));
            assertTrue(++pages < 10, "pagination does not end");
        }
        assertEquals(3, pages);
        assertEquals(23, names.size());
        assertEquals("/app/clients/c00", names.get(0));
        assertEquals("/app/clients/c22", names.get(22));
        assertEquals(4, fake.calls("GetParametersByPath"));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void nonRecursiveReturnsOnlyDirectChildren() {
        fake.putParameter("/app/user-pool-id", "pool");
        fake.putParameter("/app/clients/web", "client1");
        fake.putParameter("/app", "the path itself is not a child");

        List<String> direct = names(client.getParametersByPath(b -> b.path("/app")).parameters());
        List<String> recursive = names(client.getParametersByPath(b -> b.path("/app/").recursive(true))
                .parameters());

        assertEquals(List.of("/app/user-pool-id"), direct);
        assertEquals(List.of("/app/clients/web", "/app/user-pool-id"), recursive);
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void returnsParameterFieldsAsTheSdkReadsThem() {
        Instant before = Instant.now().minusSeconds(1);
        fake.putParameter("/app/user-pool-id", "old");
        fake.putParameter("/app/user-pool-id", "ap-northeast-1_AbCdEf123");

        Parameter parameter = client.getParameter(b -> b.name("/app/user-pool-id")).parameter();

        assertEquals("ap-northeast-1_AbCdEf123", parameter.value());
        assertEquals(ParameterType.STRING, parameter.type());
        assertEquals(2L, parameter.version());
        assertEquals("text", parameter.dataType());
        assertEquals("arn:aws:ssm:ap-northeast-1:123456789012:parameter/app/user-pool-id", parameter.arn());
        assertTrue(Duration.between(before, parameter.lastModifiedDate()).getSeconds() < 60,
                parameter.lastModifiedDate().toString());
    }

    @Test
    void secureStringIsPlainOnlyWithDecryption() {
        fake.putParameter("/app/key", "s3cr3t-mackerel-key", ParameterType.SECURE_STRING);

        GetParameterResponse encrypted = client.getParameter(b -> b.name("/app/key"));
        GetParameterResponse decrypted = client.getParameter(b -> b.name("/app/key").withDecryption(true));
        String viaPath = client.getParametersByPath(b -> b.path("/app")).parameters().get(0).value();

        assertEquals(ParameterType.SECURE_STRING, encrypted.parameter().type());
        assertFalse(encrypted.parameter().value().contains("s3cr3t"), encrypted.parameter().value());
        assertFalse(viaPath.contains("s3cr3t"), viaPath);
        assertEquals("s3cr3t-mackerel-key", decrypted.parameter().value());
    }

    @Test
    void missingParameterIsParameterNotFoundAndNotAViolation() {
        ParameterNotFoundException e = assertThrows(ParameterNotFoundException.class,
                () -> client.getParameter(b -> b.name("/app/nope")));
        assertEquals(400, e.statusCode());
        assertEquals("ParameterNotFound", e.awsErrorDetails().errorCode());
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void getParametersListsMissingNamesAsInvalidAndTheOthersInNameOrder() {
        fake.putParameter("/app/a", "1");
        fake.putParameter("/app/b", "2");

        GetParametersResponse response = client.getParameters(b -> b.names("/app/b", "/app/missing", "/app/a"));

        assertEquals(List.of("/app/a", "/app/b"), names(response.parameters()), "not the request's order");
        assertEquals(List.of("/app/missing"), response.invalidParameters());
        assertEquals(1, fake.calls("GetParameters"));
    }

    @Test
    void rejectsInvalidInputWithValidationException() {
        SsmException badPath = assertThrows(SsmException.class,
                () -> client.getParametersByPath(b -> b.path("app")));
        assertEquals("ValidationException", badPath.awsErrorDetails().errorCode());
        SsmException tooMany = assertThrows(SsmException.class,
                () -> client.getParametersByPath(b -> b.path("/app").maxResults(11)));
        assertTrue(tooMany.awsErrorDetails().errorMessage().contains("maxResults"), tooMany.getMessage());
        assertThrows(InvalidNextTokenException.class,
                () -> client.getParametersByPath(b -> b.path("/app").nextToken("forged")));
        assertEquals(3, fake.violations().size());
    }

    @Test
    void injectedFailureAndDeletion() {
        fake.putParameter("/app/a", "1");
        fake.failNext("GetParameter", 400, "InternalServerError", "injected");
        SsmException e = assertThrows(SsmException.class, () -> client.getParameter(b -> b.name("/app/a")));
        assertEquals("injected", e.awsErrorDetails().errorMessage());
        assertEquals("1", client.getParameter(b -> b.name("/app/a")).parameter().value());

        assertTrue(fake.deleteParameter("/app/a"));
        assertThrows(ParameterNotFoundException.class, () -> client.getParameter(b -> b.name("/app/a")));
        assertNull(fake.requests("GetParameter").get(0).decodedObject().get("WithDecryption"));
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void rejectsInvalidNamesWhenSeeding() {
        assertThrows(IllegalArgumentException.class, () -> fake.putParameter("app/x", "v"));
        assertThrows(IllegalArgumentException.class, () -> fake.putParameter("/app/x/", "v"));
        assertThrows(IllegalArgumentException.class, () -> fake.putParameter("/app/x", ""));
    }

    @Test
    void unknownTargetOrUnsignedRequestIsAViolation() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder base = HttpRequest.newBuilder(fake.endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":\"/app/a\"}"));

        HttpResponse<String> unknown = http.send(base.copy().header("X-Amz-Target", "AmazonSSM.DeleteParameter")
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unsigned = http.send(base.copy().header("X-Amz-Target", "AmazonSSM.GetParameter")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("\"__type\":\"UnknownOperationException\""), unknown.body());
        assertEquals(400, unsigned.statusCode());
        assertTrue(unsigned.body().contains("SigV4"), unsigned.body());
        assertEquals(2, fake.violations().size());
        assertEquals(1, fake.calls("DeleteParameter"));
    }

    private static List<String> names(List<Parameter> parameters) {
        return parameters.stream().map(Parameter::name).toList();
    }

    @Test
    void putParameterOverwritesOnlyWhenAskedAndCountsVersions() {
        fake.putParameter("/progress", "none");

        software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException exists = assertThrows(
                software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException.class,
                () -> client.putParameter(r -> r.name("/progress").value("2026-11-23T12:05:00Z")));
        assertTrue(exists.getMessage().contains("overwrite"), exists.getMessage());
        assertEquals("none", fake.value("/progress"));

        // Type may be left out when updating; the stored type stays String
        assertEquals(2L, client.putParameter(r -> r.name("/progress").value("2026-11-23T12:05:00Z").overwrite(true))
                .version());
        GetParameterResponse read = client.getParameter(r -> r.name("/progress"));
        assertEquals("2026-11-23T12:05:00Z", read.parameter().value());
        assertEquals(ParameterType.STRING, read.parameter().type());
        assertEquals(2L, read.parameter().version());
        assertEquals("Standard", client.putParameter(r -> r.name("/progress").value("x").overwrite(true))
                .tierAsString());
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void putParameterNeedsATypeToCreateAndAValidValue() {
        SsmException noType = assertThrows(SsmException.class,
                () -> client.putParameter(r -> r.name("/new").value("v").overwrite(true)));
        assertTrue(noType.getMessage().contains("type is required"), noType.getMessage());
        assertNull(fake.value("/new"));
        assertEquals(List.of(), fake.violations(), "a refused creation is the service's answer, not a violation");

        assertEquals(1L, client.putParameter(r -> r.name("/new").value("v").type(ParameterType.STRING)).version());
        assertThrows(SsmException.class, () -> client.putParameter(r -> r.name("/new").value("x".repeat(4097))
                .overwrite(true)));
        assertThrows(SsmException.class, () -> client.putParameter(r -> r.name("bad name").value("v")
                .type(ParameterType.STRING)));
        assertEquals(2, fake.violations().size(), fake.violations()::toString);
        assertEquals("v", fake.value("/new"));
    }
}
