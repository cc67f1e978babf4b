package dev.udpm.worker.tenants;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The one home of per-tenant image accounting on this worker instance, and of the quota rule both doors apply: the
 * REST front door asks {@link #check} before it writes a job to {@code udpm.jobs}, the Kafka intake's admission
 * ({@link #admit}, {@link #admitBulk}) charges or refuses the job before its {@code accepted}.
 *
 * <ul>
 *   <li><b>In flight</b> ({@value TenantLimits#IN_FLIGHT}): images of the tenant's executions (whole jobs and bulk
 *       shards) admitted here and not yet ended (queued in the batcher, in a chain call, being stored or
 *       finalised). A job counts all its images from admission until its terminal event; a {@link Hold} is released
 *       once, whatever the ending (completed, failed, cancelled).</li>
 *   <li><b>Per hour</b> ({@value TenantLimits#PER_HOUR}): images admitted here in a sliding hour ({@link SlidingWindow}
 *       of 60 one-minute buckets: an image counts for 60 to 61 minutes after its admission). Not given back when a
 *       job fails or is cancelled: it limits admitted work, which has been spent.</li>
 *   <li>A job is refused when its images would take the tenant above a limit; a job larger than a limit on its own
 *       is refused always (its message says so). A bulk job is charged its whole count to the hour at its split and
 *       needs room for its first shard in flight; its shards are then held as they run, never refused (refusing a
 *       shard would fail a job already accepted), so bulk shards can take the in-flight use above the limit: new
 *       jobs are refused until it is below again.</li>
 * </ul>
 * Also kept here for the per-tenant metrics ({@link TenantMetrics}): images stored per second (last minute) and,
 * through {@link Activity}, every rejection and stored image. Thread-safe (one lock; every operation is O(1) but the
 * occasional sweep of idle tenants). Plain Java, clock injected.
 */
public final class TenantQuotas {

    /** What happens to tenants, for counters kept elsewhere (metrics). */
    public interface Activity {
        /** A request or job of {@code tenant} was refused over {@code limit} (a config key). */
        void rejected(String tenant, String limit);

        /** {@code images} images of {@code tenant} were computed and stored. */
        void imagesDone(String tenant, int images);

        Activity NONE = new Activity() {
            @Override
            public void rejected(String tenant, String limit) {
            }

            @Override
            public void imagesDone(String tenant, int images) {
            }
        };
    }

    /** Images held in flight by one admitted execution; {@link #release()} gives them back, once. */
    public interface Hold {
        void release();
    }

    /** A tenant's use now. */
    public record Usage(long imagesInFlight, int executions, long imagesLastHour, double imagesPerSecond) {
    }

    /** Retry-After of an in-flight refusal when no image of the tenant was stored in the last minute. */
    static final Duration IN_FLIGHT_RETRY_UNKNOWN = Duration.ofSeconds(5);
    /** Longest Retry-After of an in-flight refusal (use frees as jobs end; a client should look again soon). */
    static final Duration IN_FLIGHT_RETRY_MAX = Duration.ofSeconds(60);
    /** Retry-After of a job that can never fit (larger than the limit on its own). */
    static final Duration NEVER = Duration.ofHours(1);
    /** Tenants tracked before idle ones (nothing held, nothing in the windows) are forgotten. */
    static final int SWEEP_ABOVE = 1024;

    private final Function<String, TenantLimits> limits;
    private final String defaultTenant;
    private final Clock clock;
    private final Activity activity;
    private final Map<String, Account> accounts = new HashMap<>();

    /**
     * @param limits the quotas of a tenant
     * @param defaultTenant the tenant of a job that names none
     */
    public TenantQuotas(Function<String, TenantLimits> limits, String defaultTenant, Clock clock, Activity activity) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.defaultTenant = Objects.requireNonNull(defaultTenant, "default tenant");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.activity = Objects.requireNonNull(activity, "activity");
    }

    /** No quota for anyone (accounting only); the tenant of a job without one is {@code default}. */
    public static TenantQuotas unlimited(Clock clock) {
        return new TenantQuotas(tenant -> TenantLimits.unlimited(), "default", clock, Activity.NONE);
    }

    /** The tenant a job named {@code tenant} counts against ({@code null}: the default tenant). */
    public String tenantOf(String tenant) {
        return tenant == null ? defaultTenant : tenant;
    }

    /**
     * Whether a job of {@code images} images would be admitted now (the REST door's early answer; nothing is
     * charged). A refusal is counted.
     *
     * @param inFlight images the job needs in flight at once (a bulk job: its first shard)
     * @throws QuotaExceeded naming the limit, the use and when to retry
     */
    public void check(String tenant, int inFlight, int images) throws QuotaExceeded {
        String name = tenantOf(tenant);
        QuotaExceeded refused;
        synchronized (this) {
            refused = over(name, account(name), inFlight, images, clock.instant());
        }
        throwIfRefused(refused);
    }

    /**
     * Admits a whole job of {@code images} images: charged in flight (until the hold is released) and to the hour.
     *
     * @throws QuotaExceeded (counted, nothing charged) when the job would take the tenant over a limit
     */
    public Hold admit(String tenant, int images) throws QuotaExceeded {
        String name = tenantOf(tenant);
        QuotaExceeded refused;
        synchronized (this) {
            Instant now = clock.instant();
            Account account = account(name);
            refused = over(name, account, images, images, now);
            if (refused == null) {
                account.perHour.add(now, images);
                return account.hold(images);
            }
        }
        throwIfRefused(refused);
        throw new AssertionError(refused);
    }

    /**
     * Admits a bulk job of {@code images} images at its split: charged to the hour whole; in flight it needs room for
     * {@code firstShard} images now, and its shards are held as they run ({@link #hold}).
     *
     * @throws QuotaExceeded (counted, nothing charged) when it would take the tenant over a limit
     */
    public void admitBulk(String tenant, int images, int firstShard) throws QuotaExceeded {
        String name = tenantOf(tenant);
        QuotaExceeded refused;
        synchronized (this) {
            Instant now = clock.instant();
            Account account = account(name);
            refused = over(name, account, Math.min(images, firstShard), images, now);
            if (refused == null) {
                account.perHour.add(now, images);
            }
        }
        throwIfRefused(refused);
    }

    /** Holds {@code images} images of an execution that may not be refused (a shard of an admitted bulk job). */
    public Hold hold(String tenant, int images) {
        String name = tenantOf(tenant);
        synchronized (this) {
            return account(name).hold(images);
        }
    }

    /** {@code images} images of {@code tenant} were computed and stored. */
    public void imagesDone(String tenant, int images) {
        String name = tenantOf(tenant);
        synchronized (this) {
            account(name).done.add(clock.instant(), images);
        }
        activity.imagesDone(name, images);
    }

    /** A REST request of {@code tenant} was refused by its request rate ({@code max-requests-per-second}). */
    public void rateLimited(String tenant) {
        activity.rejected(tenantOf(tenant), "max-requests-per-second");
    }

    /** The use of {@code tenant} now (zeros for a tenant never seen). */
    public Usage usage(String tenant) {
        String name = tenantOf(tenant);
        synchronized (this) {
            Account account = accounts.get(name);
            if (account == null) {
                return new Usage(0, 0, 0, 0);
            }
            Instant now = clock.instant();
            return new Usage(account.inFlight, account.executions, account.perHour.sum(now),
                    account.done.completedSum(now) / account.done.spanSeconds());
        }
    }

    /** The tenants with any use now. */
    public synchronized Set<String> tenants() {
        return Set.copyOf(accounts.keySet());
    }

    /** Why a demand of {@code inFlight} images at once and {@code images} in the hour is refused, or null. */
    private QuotaExceeded over(String tenant, Account account, int inFlight, int images, Instant now) {
        TenantLimits limit = limits.apply(tenant);
        OptionalLong maxInFlight = limit.maxImagesInFlight();
        if (maxInFlight.isPresent() && account.inFlight + inFlight > maxInFlight.getAsLong()) {
            return (new QuotaExceeded(tenant, TenantLimits.IN_FLIGHT, maxInFlight.getAsLong(), account.inFlight,
                    inFlight, inFlight > maxInFlight.getAsLong() ? NEVER
                            : inFlightRetry(account, now, account.inFlight + inFlight - maxInFlight.getAsLong()),
                    inFlight > maxInFlight.getAsLong() ? "this job alone is larger than the limit and is never"
                            + " admitted: split it into jobs of at most " + maxInFlight.getAsLong() + " images (or make it a"
                            + " bulk job: its shards run a few at a time)"
                            : "resend it once earlier jobs of the tenant have ended"));
        }
        OptionalLong maxPerHour = limit.maxImagesPerHour();
        if (maxPerHour.isPresent()) {
            long used = account.perHour.sum(now);
            if (used + images > maxPerHour.getAsLong()) {
                var freed = images > maxPerHour.getAsLong() ? java.util.Optional.<Duration>empty()
                        : account.perHour.untilFreed(now, used + images - maxPerHour.getAsLong());
                return (new QuotaExceeded(tenant, TenantLimits.PER_HOUR, maxPerHour.getAsLong(), used, images,
                        freed.orElse(NEVER), freed.map(wait -> "the hour's window has room for it in "
                                + Math.max(1, (wait.toMillis() + 999) / 1000) + " s")
                                .orElse("this job alone is larger than the limit and is never admitted: split it"
                                        + " into jobs of at most " + maxPerHour.getAsLong() + " images")));
            }
        }
        return null;
    }

    /** Counts and throws {@code refused} (outside the lock: the activity registers meters). */
    private void throwIfRefused(QuotaExceeded refused) throws QuotaExceeded {
        if (refused != null) {
            activity.rejected(refused.tenant(), refused.limit());
            throw refused;
        }
    }

    /**
     * Time for {@code excess} images to be stored at the tenant's rate of the last minute, 1 s to 60 s (a hint: use
     * frees as jobs end, which cannot be foreseen; cancelled jobs free it sooner).
     */
    private static Duration inFlightRetry(Account account, Instant now, long excess) {
        double perSecond = account.done.completedSum(now) / account.done.spanSeconds();
        if (perSecond <= 0) {
            return IN_FLIGHT_RETRY_UNKNOWN;
        }
        long millis = (long) Math.ceil(1000.0 * excess / perSecond);
        return Duration.ofMillis(Math.min(IN_FLIGHT_RETRY_MAX.toMillis(), Math.max(1000, millis)));
    }

    private Account account(String tenant) {
        Account account = accounts.get(tenant);
        if (account == null) {
            if (accounts.size() >= SWEEP_ABOVE) {
                Instant now = clock.instant();
                accounts.values().removeIf(idle -> idle.idle(now));
            }
            account = new Account();
            accounts.put(tenant, account);
        }
        return account;
    }

    /** One tenant's use; guarded by the {@link TenantQuotas} lock. */
    private final class Account {
        private final SlidingWindow perHour = new SlidingWindow(Duration.ofHours(1), 60);
        private final SlidingWindow done = new SlidingWindow(Duration.ofMinutes(1), 60);
        private long inFlight;
        private int executions;

        Hold hold(int images) {
            inFlight += images;
            executions++;
            AtomicBoolean released = new AtomicBoolean();
            return () -> {
                if (released.compareAndSet(false, true)) {
                    synchronized (TenantQuotas.this) {
                        inFlight -= images;
                        executions--;
                    }
                }
            };
        }

        boolean idle(Instant now) {
            return executions == 0 && perHour.empty(now) && done.empty(now);
        }
    }
}
