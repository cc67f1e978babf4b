package dev.udpm.deploy.config;

import java.util.Locale;

/**
 * Quarkus' (SmallRye Config's) mapping between environment variables and configuration keys: a key is found in
 * the environment under its name with every character other than a letter or digit replaced by {@code _}, in
 * upper case ({@code udpm.storage.access-key} is {@code UDPM_STORAGE_ACCESS_KEY}).
 */
public final class EnvNames {

    private EnvNames() {
    }

    /** The environment variable that sets configuration key {@code key}. */
    public static String of(String key) {
        StringBuilder env = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            env.append(Character.isLetterOrDigit(c) ? c : '_');
        }
        return env.toString().toUpperCase(Locale.ROOT);
    }
}
