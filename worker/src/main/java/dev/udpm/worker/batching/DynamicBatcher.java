package dev.udpm.worker.batching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Dynamic batching of image tasks across jobs: the images of several jobs that need the SAME model version share
 * one chain call ({@code UdpmModel.generate} on {@code [N, ...]} latents), up to {@link BatchPolicy#maxBatchSize()}
 * images, after waiting at most {@link BatchPolicy#maxWait()} for companions.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A job is queued with its model key, its priority and the image indices still to compute (a large job is
 *       simply cut into several batches; nothing of it is materialised here).</li>
 *   <li>A model's queue is <em>due</em> when it holds at least {@code maxBatchSize} images, or when the job that
 *       has waited longest in it was submitted at least {@code maxWait} ago.</li>
 *   <li>Among due queues, the one whose best job (highest priority, then earliest submission) is best goes
 *       first; with fair share, ties in priority go to the queue whose tenant is next in turn.</li>
 *   <li>A batch takes images from that queue's jobs in order of priority (higher first). Within one priority,
 *       a {@linkplain #submit(Object, ModelKey, int, String, boolean, int[]) resumed} job (one an interrupted
 *       attempt left part-done: its worker died or lost its partitions) goes before fresh ones, so work that moves
 *       to this worker after a failover does not wait behind this worker's own backlog; then,
 *       with {@link FairShare#enabled() fair share} off, in submission order (FIFO); with it on, image by image
 *       to the tenant next in turn (weighted round-robin: each tenant's turn advances by {@code 1/share} per
 *       image, a tenant that had nothing queued joins at the current turn, so waiting earns no credit), FIFO
 *       among one tenant's jobs. Each job contributes its next indices in ascending order, until
 *       {@code maxBatchSize}; a job's images are adjacent in the batch.</li>
 * </ul>
 * So with fair share a tenant's bulk job of a million images delays another tenant's small job by about one
 * batch, not by the million images queued before it; higher priorities still run first.
 * Batches are formed on demand ({@link #take()}/{@link #poll()}) when the chain is free to run one, so while a
 * chain call runs the queue fills and the next batch is as large as the load allows; under light load an image
 * waits at most {@code maxWait}.
 *
 * <p>Thread-safe; the clock is injectable so the rules can be tested without sleeping.
 *
 * @param <J> the job handle type; handles are compared with {@code equals}, one entry per handle
 */
public final class DynamicBatcher<J> {

    private final BatchPolicy policy;
    private final LongSupplier nanoClock;
    private final long maxWaitNanos;
    /** Queued jobs in submission order. Guarded by {@code this}. */
    private final Map<J, Queued<J>> queued = new LinkedHashMap<>();
    private final FairShare fairShare;
    /** Images queued per tenant (tenants with none are absent). Guarded by {@code this}. */
    private final Map<String, Integer> tenantImages = new HashMap<>();
    /** Each tenant with images queued: its turn (virtual time of its next image). Guarded by {@code this}. */
    private final Map<String, Long> turns = new HashMap<>();
    /** Turn of the last image handed out: where a tenant that had nothing queued joins. Guarded by {@code this}. */
    private long virtualTime;
    private long nextSequence;
    private boolean closed;

    /** A batcher on {@link System#nanoTime()}. */
    public DynamicBatcher(BatchPolicy policy) {
        this(policy, System::nanoTime);
    }

    /**
     * @param policy batch size and wait
     * @param nanoClock monotonic time in nanoseconds (tests pass a fake)
     */
    public DynamicBatcher(BatchPolicy policy, LongSupplier nanoClock) {
        this.policy = Objects.requireNonNull(policy, "batch policy");
        this.nanoClock = Objects.requireNonNull(nanoClock, "clock");
        this.maxWaitNanos = policy.maxWait().toNanos();
        this.fairShare = policy.fairShare();
    }

    public BatchPolicy policy() {
        return policy;
    }

    /** {@link #submit(Object, ModelKey, int, String, int[])} for a job without tenant. */
    public void submit(J job, ModelKey model, int priority, int[] indices) {
        submit(job, model, priority, null, indices);
    }

    /** {@link #submit(Object, ModelKey, int, String, boolean, int[])} for a fresh (not resumed) job. */
    public void submit(J job, ModelKey model, int priority, String tenant, int[] indices) {
        submit(job, model, priority, tenant, false, indices);
    }

    /**
     * Queues the images {@code indices} of {@code job}. An empty index array queues nothing.
     *
     * @param priority higher runs sooner (the request's effective priority)
     * @param tenant the request's tenant, or null (served as {@link FairShare#defaultTenant()})
     * @param resumed whether an interrupted attempt of this job already stored some of its images: it then runs
     *        before the fresh jobs of its priority
     * @param indices image indices to compute, in the order they should run (normally ascending)
     * @throws IllegalArgumentException if {@code job} is already queued
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized void submit(J job, ModelKey model, int priority, String tenant, boolean resumed,
            int[] indices) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(model, "model key");
        if (closed) {
            throw new IllegalStateException("the batcher is closed; job " + job + " cannot be queued");
        }
        if (queued.containsKey(job)) {
            throw new IllegalArgumentException("job " + job + " is already queued; submit each job once");
        }
        if (indices.length == 0) {
            return;
        }
        String served = fairShare.tenantOf(tenant);
        queued.put(job, new Queued<>(job, model, priority, served, resumed, nextSequence++, nanoClock.getAsLong(),
                indices.clone()));
        if (tenantImages.merge(served, indices.length, Integer::sum) == indices.length) {
            turns.put(served, virtualTime);
        }
        notifyAll();
    }

    /**
     * Drops the images of {@code job} that are still queued (images already handed out in a batch are not
     * affected).
     *
     * @return the number of images dropped
     */
    public synchronized int cancel(J job) {
        Queued<J> removed = queued.remove(job);
        if (removed == null) {
            return 0;
        }
        int dropped = removed.remaining();
        dequeued(removed.tenant, dropped);
        return dropped;
    }

    /** Images queued per tenant (as served: a job without tenant counts for the default tenant). */
    public synchronized Map<String, Integer> queuedImagesByTenant() {
        return Map.copyOf(tenantImages);
    }

    /** Images queued over all jobs. */
    public synchronized int queuedImages() {
        return queued.values().stream().mapToInt(Queued::remaining).sum();
    }

    /** Images of {@code job} still queued. */
    public synchronized int queuedImages(J job) {
        Queued<J> entry = queued.get(job);
        return entry == null ? 0 : entry.remaining();
    }

    /** The next batch if one is due now (see the class rules), without waiting. */
    public synchronized Optional<Batch<J>> poll() {
        return Optional.ofNullable(formDue(nanoClock.getAsLong()));
    }

    /**
     * Nanoseconds until some queue becomes due if nothing else is submitted: 0 if one is due now,
     * {@link Long#MAX_VALUE} if nothing is queued.
     */
    public synchronized long nanosUntilDue() {
        return nanosUntilDue(nanoClock.getAsLong());
    }

    /**
     * Waits for the next due batch.
     *
     * @return the batch, or empty once the batcher is {@link #close() closed}
     */
    public synchronized Optional<Batch<J>> take() throws InterruptedException {
        while (!closed) {
            long now = nanoClock.getAsLong();
            Batch<J> batch = formDue(now);
            if (batch != null) {
                return Optional.of(batch);
            }
            long wait = nanosUntilDue(now);
            if (wait == Long.MAX_VALUE) {
                wait();
            } else {
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(wait, 1));
            }
        }
        return Optional.empty();
    }

    /** Stops {@link #take()} (it returns empty) and refuses new submissions; queued images stay queued. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private long nanosUntilDue(long now) {
        long best = Long.MAX_VALUE;
        for (Group<J> group : groups().values()) {
            if (group.images >= policy.maxBatchSize()) {
                return 0;
            }
            best = Math.min(best, Math.max(0, group.oldestSubmission + maxWaitNanos - now));
        }
        return best;
    }

    private Batch<J> formDue(long now) {
        Group<J> chosen = null;
        for (Group<J> group : groups().values()) {
            boolean due = group.images >= policy.maxBatchSize() || now - group.oldestSubmission >= maxWaitNanos;
            if (due && (chosen == null || groupOrder(group, chosen) < 0)) {
                chosen = group;
            }
        }
        if (chosen == null) {
            return null;
        }
        chosen.members.sort(RUN_ORDER);
        Map<Queued<J>, Integer> counts = fairShare.enabled() ? fairCounts(chosen.members)
                : fifoCounts(chosen.members);
        List<BatchSlice<J>> slices = new ArrayList<>();
        for (Map.Entry<Queued<J>, Integer> count : counts.entrySet()) {
            Queued<J> entry = count.getKey();
            int[] taken = entry.take(count.getValue());
            slices.add(new BatchSlice<>(entry.job, taken, now - entry.submittedAt));
            dequeued(entry.tenant, taken.length);
            if (entry.remaining() == 0) {
                queued.remove(entry.job);
            }
        }
        return new Batch<>(chosen.model, slices);
    }

    /** First come first served: whole jobs in run order until the batch is full. */
    private Map<Queued<J>, Integer> fifoCounts(List<Queued<J>> members) {
        Map<Queued<J>, Integer> counts = new LinkedHashMap<>();
        int room = policy.maxBatchSize();
        for (Queued<J> entry : members) {
            if (room == 0) {
                break;
            }
            int n = Math.min(room, entry.remaining());
            counts.put(entry, n);
            room -= n;
        }
        return counts;
    }

    /**
     * Weighted round-robin within the top priority still queued: image by image to the tenant whose turn is
     * earliest (ties: its earliest job), each image advancing that tenant's turn by {@code STRIDE / share}.
     * {@code members} is in run order, so a tenant's first candidate is its earliest job.
     */
    private Map<Queued<J>, Integer> fairCounts(List<Queued<J>> members) {
        Map<Queued<J>, Integer> counts = new LinkedHashMap<>();
        for (int room = policy.maxBatchSize(); room > 0; room--) {
            Queued<J> pick = null;
            long pickTurn = 0;
            for (Queued<J> entry : members) {
                if (entry.remaining() - counts.getOrDefault(entry, 0) == 0) {
                    continue;
                }
                if (pick != null && entry.priority < pick.priority) {
                    break;
                }
                long turn = turns.get(entry.tenant);
                if (pick == null || turn < pickTurn) {
                    pick = entry;
                    pickTurn = turn;
                }
            }
            if (pick == null) {
                break;
            }
            counts.merge(pick, 1, Integer::sum);
            turns.put(pick.tenant, pickTurn + STRIDE / fairShare.shareOf(pick.tenant));
            virtualTime = Math.max(virtualTime, pickTurn);
        }
        return counts;
    }

    /** Bookkeeping after {@code images} of {@code tenant} left the queue (handed out or cancelled). */
    private void dequeued(String tenant, int images) {
        if (images == 0) {
            return;
        }
        Integer left = tenantImages.merge(tenant, -images, Integer::sum);
        if (left != null && left == 0) {
            tenantImages.remove(tenant);
            turns.remove(tenant);
        }
    }

    /**
     * Order of due queues: best priority first; with fair share, then the queue holding the tenant earliest in
     * turn at that priority; then earliest submission.
     */
    private int groupOrder(Group<J> a, Group<J> b) {
        if (a.best.priority != b.best.priority || !fairShare.enabled()) {
            return RUN_ORDER.compare(a.best, b.best);
        }
        int byTurn = Long.compare(earliestTurn(a), earliestTurn(b));
        return byTurn != 0 ? byTurn : RUN_ORDER.compare(a.best, b.best);
    }

    private long earliestTurn(Group<J> group) {
        long earliest = Long.MAX_VALUE;
        for (Queued<J> entry : group.members) {
            if (entry.priority == group.best.priority) {
                earliest = Math.min(earliest, turns.get(entry.tenant));
            }
        }
        return earliest;
    }

    private Map<ModelKey, Group<J>> groups() {
        Map<ModelKey, Group<J>> groups = new HashMap<>();
        for (Queued<J> entry : queued.values()) {
            groups.computeIfAbsent(entry.model, Group::new).add(entry);
        }
        return groups;
    }

    /** Virtual time one image costs a tenant of share 1 (a tenant of share s pays {@code STRIDE / s}). */
    private static final long STRIDE = 720_720L * FairShare.MAX_SHARE;

    /** Higher priority first, then resumed before fresh, then earlier submission. */
    private static final Comparator<Queued<?>> RUN_ORDER = Comparator
            .comparingInt((Queued<?> q) -> -q.priority)
            .thenComparing((Queued<?> q) -> !q.resumed)
            .thenComparingLong(q -> q.sequence);

    /** One queued job and its cursor. */
    private static final class Queued<J> {
        final J job;
        final ModelKey model;
        final int priority;
        final String tenant;
        final boolean resumed;
        final long sequence;
        final long submittedAt;
        final int[] indices;
        int cursor;

        Queued(J job, ModelKey model, int priority, String tenant, boolean resumed, long sequence, long submittedAt,
                int[] indices) {
            this.job = job;
            this.model = model;
            this.priority = priority;
            this.tenant = tenant;
            this.resumed = resumed;
            this.sequence = sequence;
            this.submittedAt = submittedAt;
            this.indices = indices;
        }

        int remaining() {
            return indices.length - cursor;
        }

        int[] take(int max) {
            int n = Math.min(max, remaining());
            int[] out = new int[n];
            System.arraycopy(indices, cursor, out, 0, n);
            cursor += n;
            return out;
        }
    }

    /** The queued jobs of one model key. */
    private static final class Group<J> {
        final ModelKey model;
        final List<Queued<J>> members = new ArrayList<>();
        int images;
        long oldestSubmission = Long.MAX_VALUE;
        Queued<J> best;

        Group(ModelKey model) {
            this.model = model;
        }

        void add(Queued<J> entry) {
            members.add(entry);
            images += entry.remaining();
            oldestSubmission = Math.min(oldestSubmission, entry.submittedAt);
            if (best == null || RUN_ORDER.compare(entry, best) < 0) {
                best = entry;
            }
        }
    }
}
