package io.github.cognitomackerel.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDocumentTest {

    @Test
    void rendersOneSettingALineInDocumentOrderWithClientsByAlias() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("zero-fill", "false");
        settings.put("clients.web", "w1");
        settings.put("user-pool-id", "ap-northeast-1_AbC");
        settings.put("clients.app", "a1");
        settings.put("legacy-metric-names-client", null);
        assertEquals(ConfigDocument.HEADER + "\n"
                + "user-pool-id=ap-northeast-1_AbC\n"
                + "clients.app=a1\n"
                + "clients.web=w1\n"
                + "zero-fill=false\n", ConfigDocument.render(settings));
    }

    @Test
    void readGivesBackWhatRenderWroteWhateverTheCharacters() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("user-pool-id", " leading space");
        settings.put("mackerel-service-name", "back\\slash = colon: hash# bang! tab\tend");
        settings.put("metric-name-prefix", "line\nbreak\r\f");
        settings.put("mackerel-api-base-url", "https://例え.jp/");
        settings.put("activities", "");
        assertEquals(settings, ConfigDocument.read(ConfigDocument.render(settings)));
    }

    @Test
    void anOperatorsHandWrittenDocumentIsRead() {
        Map<String, String> read = ConfigDocument.read("# my edit\n\nuser-pool-id = ap-northeast-1_AbC\n"
                + "  mackerel-service-name:svc\r\nclients.web=w1\nunknown=1\n");
        assertEquals(List.of("user-pool-id", "clients.web", "mackerel-service-name", "unknown"),
                List.copyOf(read.keySet()));
        assertEquals("svc", read.get("mackerel-service-name"));
    }

    @Test
    void malformedEscapeIsAProblemNotACrash() {
        SettingsException e = assertThrows(SettingsException.class, () -> ConfigDocument.read("a=\\uZZZZ\n"));
        assertTrue(e.getMessage().startsWith("the configuration document is not java.util.Properties text"),
                e.getMessage());
    }

    @Test
    void sizeIsCountedInUtf8Bytes() {
        assertEquals(3, ConfigDocument.bytes("例"));
    }
}
