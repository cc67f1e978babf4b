package dev.udpm.deploy.kube;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 500m}, {@code 2}, {@code 512Mi}, {@code 2Gi}, {@code 1G}) as numbers of
 * base units (cores, bytes), enough to compare requests with limits and sizes with needs.
 */
public final class Quantity {

    private static final Pattern FORM = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$");
    private static final Map<String, BigDecimal> SUFFIXES = Map.of(
            "m", new BigDecimal("0.001"),
            "k", BigDecimal.valueOf(1_000L),
            "M", BigDecimal.valueOf(1_000_000L),
            "G", BigDecimal.valueOf(1_000_000_000L),
            "T", BigDecimal.valueOf(1_000_000_000_000L),
            "Ki", BigDecimal.valueOf(1L << 10),
            "Mi", BigDecimal.valueOf(1L << 20),
            "Gi", BigDecimal.valueOf(1L << 30),
            "Ti", BigDecimal.valueOf(1L << 40));

    private Quantity() {
    }

    /** The value of {@code quantity} in base units; fails naming the text if it is not a quantity. */
    public static BigDecimal parse(String quantity) {
        Matcher m = FORM.matcher(quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + quantity + "' is not a Kubernetes quantity such as 500m, 2 or 4Gi");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        return m.group(2) == null ? number : number.multiply(SUFFIXES.get(m.group(2)));
    }
}
