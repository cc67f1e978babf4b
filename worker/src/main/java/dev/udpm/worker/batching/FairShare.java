package dev.udpm.worker.batching;

import java.util.Map;
import java.util.Objects;

/**
 * How {@link DynamicBatcher} shares the chain between tenants within one priority: weighted round-robin (each
 * tenant with images queued at the top priority gets images in proportion to its share) when {@link #enabled()},
 * first come first served otherwise.
 *
 * @param enabled whether tenants are served round-robin; off = the images of the earliest job first
 * @param defaultTenant the tenant of a job whose request names none (Kafka submitters that do not set
 *     {@code tenant}); all such jobs share one turn
 * @param shares the weight of a tenant, at least 1 (a tenant of share 3 gets three images for every one of a tenant
 *     of share 1 while both have work queued)
 * @param defaultShare the weight of a tenant not in {@code shares}
 */
public record FairShare(boolean enabled, String defaultTenant, Map<String, Integer> shares, int defaultShare) {

    /** The largest share: keeps the per-image cost {@code STRIDE / share} exact enough. */
    public static final int MAX_SHARE = 1000;

    public FairShare {
        Objects.requireNonNull(defaultTenant, "default tenant");
        shares = Map.copyOf(shares);
        checkShare("the default share", defaultShare);
        shares.forEach((tenant, share) -> checkShare("the share of tenant " + tenant, share));
    }

    /** First come first served: every job in one turn, as if all had the same tenant. */
    public static FairShare off() {
        return new FairShare(false, "default", Map.of(), 1);
    }

    /** Round-robin with equal shares. */
    public static FairShare equalShares() {
        return new FairShare(true, "default", Map.of(), 1);
    }

    /** The tenant a job of request tenant {@code tenant} (null = none) is served as. */
    public String tenantOf(String tenant) {
        return tenant == null ? defaultTenant : tenant;
    }

    /** The weight of {@code tenant}. */
    public int shareOf(String tenant) {
        return shares.getOrDefault(tenant, defaultShare);
    }

    private static void checkShare(String what, int share) {
        if (share < 1 || share > MAX_SHARE) {
            throw new IllegalArgumentException(what + " = " + share + " must be between 1 and " + MAX_SHARE);
        }
    }
}
