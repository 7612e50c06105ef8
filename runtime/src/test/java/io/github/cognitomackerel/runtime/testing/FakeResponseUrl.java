package io.github.cognitomackerel.runtime.testing;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pre-signed S3 URL CloudFormation gives a custom resource for its answer ({@code ResponseURL}), on 127.0.0.1.
 * It checks each answer as CloudFormation's custom-resource protocol documents it: a {@code PUT} to the URL (query
 * included) with no or an empty {@code Content-Type} (the URL is signed without one), a JSON body of at most 4096
 * bytes with {@code Status} {@code SUCCESS} or {@code FAILED}, a {@code Reason} when FAILED, a non-empty
 * {@code PhysicalResourceId} of at most 1 KB, {@code StackId}, {@code RequestId} and {@code LogicalResourceId}, and
 * optionally {@code NoEcho} and {@code Data} (an object); anything else is a violation, answered 400.
 */
public final class FakeResponseUrl implements AutoCloseable {

    private static final String PATH = "/cfn-response/stack-1/request-1";
    private static final String QUERY = "X-Amz-Signature=0123456789abcdef";
    private static final Set<String> MEMBERS = Set.of("Status", "Reason", "PhysicalResourceId", "StackId",
            "RequestId", "LogicalResourceId", "NoEcho", "Data");

    private final List<Map<String, Object>> answers = Collections.synchronizedList(new ArrayList<>());
    private final HttpFake http;

    private FakeResponseUrl() {
        this.http = HttpFake.start("FakeResponseUrl", this::handle);
    }

    /** Starts the server. */
    public static FakeResponseUrl start() {
        return new FakeResponseUrl();
    }

    /** The pre-signed URL to put in an event's {@code ResponseURL}. */
    public URI url() {
        return URI.create(http.endpoint() + PATH + "?" + QUERY);
    }

    /** Every valid answer, in arrival order. */
    public List<Map<String, Object>> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    /** Every request, as received. */
    public List<RecordedRequest> requests() {
        return http.requests();
    }

    /** Every invalid answer, described. */
    public List<String> violations() {
        return http.violations();
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpFake.Response handle(HttpFake.Incoming in) {
        in.operation = "answer";
        try {
            if (!in.method.equals("PUT")) {
                throw ServiceError.invalid("the answer must be a PUT, got " + in.method);
            }
            if (!in.path.equals(PATH + "?" + QUERY)) {
                throw ServiceError.invalid("the answer must go to the pre-signed URL exactly, got " + in.path);
            }
            String contentType = in.header("Content-Type");
            if (contentType != null && !contentType.isEmpty()) {
                throw ServiceError.invalid("the URL is signed without a content type, got Content-Type: "
                        + contentType);
            }
            if (in.body.length > 4096) {
                throw ServiceError.invalid("the answer is " + in.body.length + " bytes; CloudFormation takes 4096");
            }
            Object decoded;
            try {
                decoded = Json.decode(in.body);
            } catch (IOException e) {
                throw ServiceError.invalid("the answer is not JSON: " + e.getMessage());
            }
            in.decoded = decoded;
            Map<String, Object> answer = Members.object(decoded, "answer");
            Members.onlyKnown(answer, "answer", MEMBERS, Set.of());
            String status = Members.string(answer, "Status", "answer", true);
            if (!status.equals("SUCCESS") && !status.equals("FAILED")) {
                throw ServiceError.invalid("Status must be SUCCESS or FAILED, got " + status);
            }
            String reason = Members.string(answer, "Reason", "answer", false);
            if (status.equals("FAILED") && (reason == null || reason.isBlank())) {
                throw ServiceError.invalid("a FAILED answer needs a Reason");
            }
            String physicalId = Members.string(answer, "PhysicalResourceId", "answer", true);
            if (physicalId.isEmpty() || physicalId.length() > 1024) {
                throw ServiceError.invalid("PhysicalResourceId must be 1-1024 characters, got " + physicalId);
            }
            for (String member : List.of("StackId", "RequestId", "LogicalResourceId")) {
                Members.string(answer, member, "answer", true);
            }
            Members.bool(answer, "NoEcho", "answer");
            if (answer.get("Data") != null) {
                Members.object(answer.get("Data"), "answer.Data");
            }
            answers.add(Collections.unmodifiableMap(answer));
            return new HttpFake.Response(200, Map.of(), new byte[0]);
        } catch (ServiceError e) {
            http.violation(in, e.getMessage());
            return new HttpFake.Response(400, Map.of("Content-Type", "text/plain"),
                    MackerelManagement.utf8(e.getMessage()));
        }
    }
}
