package io.github.cognitomackerel.settings;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The configuration document: the exporter's settings as {@code java.util.Properties} text, one {@code key=value}
 * a line, in one SSM String parameter. The construct writes it ({@link #render}); the runtime reads it
 * ({@link #read}) and checks it with {@link ExporterSettings#parse}. It never holds the API key, only the name of
 * the parameter that does.
 *
 * <pre>
 * # CognitoMackerelMetrics configuration: one setting a line (README, "Settings")
 * user-pool-id=ap-northeast-1_AbCdEf123
 * clients.web=1example23456789
 * mackerel-service-name=my-service
 * ...
 * </pre>
 */
public final class ConfigDocument {

    /** The first line of every document the construct writes. */
    public static final String HEADER = "# CognitoMackerelMetrics configuration: one setting a line (README, \"Settings\")";

    private ConfigDocument() {
    }

    /**
     * The document for these settings: the header, then each key in {@link ExporterSettings#SETTINGS} order
     * (clients by alias), escaped so that {@link #read} gives the same values back.
     *
     * @param settings key to value; a null value is left out
     * @return the text, ending with a line break
     */
    public static String render(Map<String, String> settings) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (String key : ordered(settings)) {
            String value = settings.get(key);
            if (value != null) {
                text.append(key).append('=').append(escape(value)).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * The settings of a document.
     *
     * @param document Properties text
     * @return key to value, in document order of the known keys and then the rest sorted
     * @throws SettingsException when the text cannot be read as Properties
     */
    public static Map<String, String> read(String document) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(document));
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException(List.of(new Problem(null, null, "the configuration document is not "
                    + "java.util.Properties text (" + e.getMessage() + "): write one key=value a line")));
        }
        Map<String, String> all = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            all.put(name, properties.getProperty(name));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : ordered(all)) {
            settings.put(key, all.get(key));
        }
        return settings;
    }

    /**
     * The length of the rendered document in UTF-8 bytes.
     *
     * @param document a rendered document
     * @return its size as SSM counts it
     */
    public static int bytes(String document) {
        return document.getBytes(StandardCharsets.UTF_8).length;
    }

    private static List<String> ordered(Map<String, String> settings) {
        List<String> keys = new ArrayList<>();
        for (ExporterSettings.Setting setting : ExporterSettings.SETTINGS) {
            if (setting.key().startsWith(ExporterSettings.CLIENT_PREFIX)) {
                new TreeMap<>(settings).keySet().stream()
                        .filter(k -> k.startsWith(ExporterSettings.CLIENT_PREFIX)).forEach(keys::add);
            } else if (settings.containsKey(setting.key())) {
                keys.add(setting.key());
            }
        }
        new TreeMap<>(settings).keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }

    /** Escapes what Properties would read differently: backslashes, line breaks, leading blanks. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(i == 0 ? "\\ " : " ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
