package io.github.cognitomackerel.runtime.internal;

import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.ExporterSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Configurations for unit tests, checked by the same rules as a loaded document. */
public final class Configs {

    private Configs() {
    }

    /** The required settings only. */
    public static Map<String, String> minimal() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ExporterSettings.USER_POOL_ID, "ap-northeast-1_AbCdEf123");
        settings.put(ExporterSettings.SERVICE_NAME, "my-service");
        settings.put(ExporterSettings.API_KEY_PARAMETER, "/mackerel/api-key");
        return settings;
    }

    /** The minimal settings plus {@code extra}, parsed. */
    public static ExporterConfig with(Map<String, String> extra) {
        Map<String, String> settings = minimal();
        settings.putAll(extra);
        return ExporterSettings.parse(settings);
    }
}
