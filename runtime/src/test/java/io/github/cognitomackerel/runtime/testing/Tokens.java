package io.github.cognitomackerel.runtime.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opaque pagination tokens: an offset bound to the request it continues (the request minus its paging members), so
 * a token replayed with a different request is rejected like the real services reject it.
 */
final class Tokens {

    private Tokens() {
    }

    /** A fingerprint of {@code request} without the members that may change from page to page. */
    static String fingerprint(String operation, Map<String, Object> request, String... pagingMembers) {
        Map<String, Object> stable = new LinkedHashMap<>(request);
        for (String member : pagingMembers) {
            stable.remove(member);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((operation + "\n" + stable).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(String fingerprint, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("fake-page:" + fingerprint + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The offset a token stands for, or -1 when it is not a token this fake issued for this request.
     */
    static int decode(String token, String fingerprint) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        String prefix = "fake-page:" + fingerprint + ":";
        if (!text.startsWith(prefix)) {
            return -1;
        }
        try {
            int offset = Integer.parseInt(text.substring(prefix.length()));
            return offset > 0 ? offset : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
