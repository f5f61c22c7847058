package org.kfm.breakglass.testkit;

import java.security.SecureRandom;
import java.util.Base64;

/** Random passwords and tokens for one run of the testkit. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** 32 random bytes, URL-safe Base64 (43 characters, no quoting needed in SQL or shells). */
    static String password() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String token() {
        return "kfm-demo-" + password();
    }
}
