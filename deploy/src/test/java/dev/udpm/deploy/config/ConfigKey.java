package dev.udpm.deploy.config;

import java.util.Optional;

/**
 * A configuration key a service reads.
 *
 * @param name the full key ({@code udpm.worker.batching.max-size})
 * @param defaultValue the {@code @WithDefault} or application.properties value, if any
 * @param isPrefix true for a map-valued key, whose entries are {@code name.<anything>}
 * @param source where it was declared, for messages
 */
public record ConfigKey(String name, Optional<String> defaultValue, boolean isPrefix, String source) {

    /** The environment variable that sets this key (for a prefix: the start of every entry's variable). */
    public String envName() {
        return EnvNames.of(name);
    }

    /** Whether environment variable {@code env} sets this key (or, for a prefix, one of its entries). */
    public boolean acceptsEnv(String env) {
        return isPrefix ? env.startsWith(envName() + "_") : env.equals(envName());
    }
}
