package dev.udpm.deploy.kube;

import java.time.Duration;
import java.util.Locale;

/** A {@code Duration} configuration value as Quarkus reads it: {@code 120}, {@code 120s}, {@code 2m}, {@code PT2M}. */
final class QuarkusDuration {

    private QuarkusDuration() {
    }

    static Duration parse(String value) {
        String v = value.strip();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.matches("\\d+[smhd]")) {
            String unit = v.substring(v.length() - 1);
            String amount = v.substring(0, v.length() - 1);
            return unit.equals("d") ? Duration.parse("P" + amount + "D")
                    : Duration.parse("PT" + amount + unit.toUpperCase(Locale.ROOT));
        }
        return Duration.parse(v.toUpperCase(Locale.ROOT));
    }
}
