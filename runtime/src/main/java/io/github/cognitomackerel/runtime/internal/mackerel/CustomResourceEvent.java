package io.github.cognitomackerel.runtime.internal.mackerel;

import io.github.cognitomackerel.runtime.internal.Json;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One CloudFormation custom-resource request (the Lambda event of a {@code AWS::CloudFormation::CustomResource}).
 * CloudFormation passes every scalar property as a string; {@link Props} reads them back.
 *
 * @param physicalResourceId {@code null} for {@code Create}
 * @param oldProperties empty unless {@code Update}
 */
public record CustomResourceEvent(String requestType, URI responseUrl, String stackId, String requestId,
        String resourceType, String logicalResourceId, String physicalResourceId, Props properties,
        Props oldProperties) {

    /** The request types CloudFormation sends. */
    public static final String CREATE = "Create";
    /** See {@link #CREATE}. */
    public static final String UPDATE = "Update";
    /** See {@link #CREATE}. */
    public static final String DELETE = "Delete";

    /**
     * Reads an event.
     *
     * @throws IllegalArgumentException when it is not a custom-resource request; the message says which member
     */
    public static CustomResourceEvent parse(String json) {
        Object parsed = Json.parse(json);
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException("the event is not a JSON object");
        }
        Props event = new Props("the event", (Map<?, ?>) parsed);
        String type = event.string("RequestType");
        if (!type.equals(CREATE) && !type.equals(UPDATE) && !type.equals(DELETE)) {
            throw new IllegalArgumentException("RequestType must be Create, Update or Delete, got '" + type + "'");
        }
        URI responseUrl;
        try {
            responseUrl = URI.create(event.string("ResponseURL"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ResponseURL is not a URL", e);
        }
        String physicalId = type.equals(CREATE) ? null : event.string("PhysicalResourceId");
        Props properties = event.object("ResourceProperties");
        Props old = type.equals(UPDATE) ? event.object("OldResourceProperties")
                : new Props("OldResourceProperties", Map.of());
        return new CustomResourceEvent(type, responseUrl, event.string("StackId"), event.string("RequestId"),
                event.string("ResourceType"), event.string("LogicalResourceId"), physicalId, properties, old);
    }

    /** Whether the event is a Create, Update or Delete. */
    public boolean is(String type) {
        return requestType.equals(type);
    }

    /** The string, number and boolean members of an object, read the way CloudFormation passes them (strings). */
    public static final class Props {
        private final String where;
        private final Map<?, ?> values;

        /** Wraps an object read from JSON; {@code where} names it in messages. */
        public Props(String where, Map<?, ?> values) {
            this.where = Objects.requireNonNull(where, "where");
            this.values = Objects.requireNonNull(values, "values");
        }

        /** The raw members. */
        public Map<?, ?> values() {
            return values;
        }

        /** Whether a member is present and not null. */
        public boolean has(String name) {
            return values.get(name) != null;
        }

        /** A required string member. */
        public String string(String name) {
            Object value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException(where + " has no " + name);
            }
            if (value instanceof Map || value instanceof java.util.List) {
                throw new IllegalArgumentException(where + "." + name + " must be a string");
            }
            return String.valueOf(value);
        }

        /** An optional string member. */
        public String string(String name, String otherwise) {
            return has(name) ? string(name) : otherwise;
        }

        /** An optional boolean member ({@code true}/{@code false}, as a string or a JSON boolean). */
        public boolean bool(String name, boolean otherwise) {
            if (!has(name)) {
                return otherwise;
            }
            String value = string(name);
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            throw new IllegalArgumentException(where + "." + name + " must be true or false, got '" + value + "'");
        }

        /** A required object member. */
        public Props object(String name) {
            Object value = values.get(name);
            if (!(value instanceof Map)) {
                throw new IllegalArgumentException(where + "." + name + " must be an object");
            }
            return new Props(where + "." + name, (Map<?, ?>) value);
        }

        /** A list member of objects (absent: empty). */
        public java.util.List<Props> objects(String name) {
            Object value = values.get(name);
            if (value == null) {
                return java.util.List.of();
            }
            if (!(value instanceof java.util.List)) {
                throw new IllegalArgumentException(where + "." + name + " must be a list");
            }
            java.util.List<Props> out = new java.util.ArrayList<>();
            java.util.List<?> items = (java.util.List<?>) value;
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof Map)) {
                    throw new IllegalArgumentException(where + "." + name + "[" + i + "] must be an object");
                }
                out.add(new Props(where + "." + name + "[" + i + "]", (Map<?, ?>) items.get(i)));
            }
            return out;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Props && values.equals(((Props) other).values);
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }
    }
}
