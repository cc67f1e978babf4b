package dev.udpm.bench.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntSupplier;

import dev.udpm.client.JobEventRecorder;
import dev.udpm.schemas.event.JobAccepted;
import dev.udpm.schemas.event.JobCompleted;
import dev.udpm.schemas.event.JobFailed;
import dev.udpm.schemas.event.JobProgress;

/**
 * One run of a workload on the cluster, with the faults a scenario injects: sends the requests, samples the stored
 * images every 200 ms, records each fault's window and the work it hit, waits for the terminal events, and turns
 * all of it into an {@link Outcome} against the undisturbed {@link Reference}.
 */
final class ScenarioRun implements AutoCloseable {

    private static final long SAMPLE_MS = 200;

    /** Images {@code from} (inclusive) to {@code to} (exclusive) of job {@code jobId}: a shard or a whole job. */
    private record Span(String jobId, int from, int to) {
    }

    private final Cluster cluster;
    private final JobEventRecorder events;
    private final Workload workload;
    private final Map<String, Workload.Request> jobs = new LinkedHashMap<>();
    private final List<FaultWindow> windows = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean sampling = true;
    private long submitted;

    ScenarioRun(Cluster cluster, JobEventRecorder events, Workload workload, String prefix) {
        this.cluster = cluster;
        this.events = events;
        this.workload = workload;
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> ids = JobIds.spread(prefix + "-" + run, workload.requests().size(), cluster.jobPartitions());
        for (int j = 0; j < ids.size(); j++) {
            jobs.put(ids.get(j), workload.requests().get(j));
        }
        sampler = new Thread(this::sample, "fault-suite-sampler");
        sampler.setDaemon(true);
    }

    /** Sends every request at once. */
    void submit(String model) throws Exception {
        submitted = System.nanoTime();
        for (var e : jobs.entrySet()) {
            cluster.submit(e.getKey(), e.getValue().json(e.getKey(), model));
        }
        sampler.start();
    }

    List<String> jobIds() {
        return List.copyOf(jobs.keySet());
    }

    /** Images of the workload stored so far. */
    int stored() {
        return jobs.keySet().stream().mapToInt(id -> cluster.images().count(id)).sum();
    }

    /**
     * Waits until {@code fraction} of the workload's images are stored; returns false if the jobs all ended first
     * (the fault would land on nothing).
     */
    boolean awaitStored(double fraction, Duration timeout) throws InterruptedException {
        int target = (int) Math.ceil(fraction * workload.images());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stored() < target) {
            if (events.allEnded(jobs.keySet()) || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return !events.allEnded(jobs.keySet());
    }

    /** The worker that accepted the first job (the owner of its record), once it did. */
    String owner(Duration timeout) throws InterruptedException {
        String id = jobs.keySet().iterator().next();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> w = events.events(id).stream().filter(s -> s.event() instanceof JobAccepted)
                    .map(s -> s.event().workerId()).findFirst();
            if (w.isPresent()) {
                return w.get();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no accepted event for " + id + " within " + timeout);
    }

    /**
     * Waits up to {@code timeout} until {@code worker} is running unfinished work of this workload (a shard or job
     * whose latest progress event is its); returns whether it is.
     */
    boolean awaitBusy(String worker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unfinishedWorkOf(worker).isEmpty()) {
            if (System.nanoTime() > deadline || events.allEnded(jobs.keySet())) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** A fault that hits the work of {@code worker} (a kill) begins now. */
    void faultOn(String worker) {
        List<Span> work = unfinishedWorkOf(worker);
        if (work.isEmpty()) {
            faultBegins(this::stored, -1, "every image (" + worker + " held no unfinished work)");
            return;
        }
        IntSupplier watched = () -> {
            int n = 0;
            for (Span span : work) {
                for (int i = span.from(); i < span.to(); i++) {
                    n += cluster.images().has(span.jobId(), i) ? 1 : 0;
                }
            }
            return n;
        };
        int images = work.stream().mapToInt(r -> r.to() - r.from()).sum();
        faultBegins(watched, images, "the " + work.size() + " shards/jobs " + worker + " was running (" + images
                + " images)");
    }

    /** A fault that hits every job (broker, object store, the only worker) begins now. */
    void faultOnAll() {
        faultBegins(this::stored, -1, "every image");
    }

    private void faultBegins(IntSupplier watched, int total, String what) {
        synchronized (windows) {
            windows.add(new FaultWindow(System.nanoTime(), watched, total, what));
        }
    }

    /** The fault begun last ends now (process resumed or restarted). */
    void faultEnds() {
        synchronized (windows) {
            FaultWindow w = windows.get(windows.size() - 1);
            w.end = System.nanoTime();
        }
    }

    /** Jobs or shards whose latest progress event is {@code worker}'s and whose images are not all stored. */
    private List<Span> unfinishedWorkOf(String worker) {
        List<Span> work = new ArrayList<>();
        for (var job : jobs.entrySet()) {
            String id = job.getKey();
            if (!events.terminals(id).isEmpty()) {
                continue;
            }
            Map<Integer, JobProgress> latest = new HashMap<>();
            for (JobEventRecorder.Seen s : events.events(id)) {
                if (s.event() instanceof JobProgress p) {
                    latest.put(p.shard() == null ? -1 : p.shard().index(), p);
                }
            }
            for (var e : latest.entrySet()) {
                JobProgress p = e.getValue();
                if (!worker.equals(p.workerId())) {
                    continue;
                }
                int from = e.getKey() < 0 ? 0 : e.getKey() * cluster.shardSize();
                int to = e.getKey() < 0 ? job.getValue().count() : Math.min(job.getValue().count(),
                        from + cluster.shardSize());
                int present = 0;
                for (int i = from; i < to; i++) {
                    present += cluster.images().has(id, i) ? 1 : 0;
                }
                if (present < to - from) {
                    work.add(new Span(id, from, to));
                }
            }
        }
        return work;
    }

    private void sample() {
        while (sampling) {
            long now = System.nanoTime();
            synchronized (windows) {
                for (FaultWindow w : windows) {
                    w.sample(now);
                }
            }
            try {
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Waits until every job ended (or {@code timeout}), then {@code settle} more for late duplicates, and measures.
     */
    Outcome finish(String scenario, String fault, Reference reference, Duration timeout, Duration settle,
            List<String> notes) throws IOException, InterruptedException {
        boolean ended = events.awaitEnded(jobs.keySet(), timeout);
        Thread.sleep(settle.toMillis());
        sampling = false;
        sampler.interrupt();
        sampler.join(5000);
        int completed = 0;
        int failed = 0;
        int never = 0;
        long lastTerminal = -1;
        List<Integer> terminals = new ArrayList<>();
        int lost = 0;
        int duplicated = 0;
        int corrupt = 0;
        boolean identical = true;
        List<String> all = new ArrayList<>(notes);
        Map<String, Integer> failures = new TreeMap<>();
        Verifier verifier = new Verifier(cluster.images());
        int j = 0;
        for (String id : jobs.keySet()) {
            List<JobEventRecorder.Seen> ends = events.terminals(id);
            terminals.add(ends.size());
            boolean ok = false;
            if (ends.isEmpty()) {
                never++;
            } else {
                lastTerminal = Math.max(lastTerminal, ends.get(0).nanos());
                if (ends.get(0).event() instanceof JobCompleted) {
                    completed++;
                    ok = true;
                } else {
                    failed++;
                }
                ends.stream().filter(s -> s.event() instanceof JobFailed).forEach(s -> failures.merge(
                        ((JobFailed) s.event()).code() + " " + ((JobFailed) s.event()).message(), 1, Integer::sum));
            }
            Verifier.Diff d = verifier.check(id, reference.shas(j++), ok);
            lost += d.lost();
            duplicated += d.duplicated();
            corrupt += d.corrupt();
            identical &= ok && d.identical();
            if (!d.note().isEmpty()) {
                all.add(id + ": " + d.note());
            }
        }
        failures.forEach((f, n) -> all.add(n + " x failed " + f));
        if (!ended) {
            all.add(never + " job(s) without a terminal event after " + timeout.toSeconds() + " s");
        }
        double first = Double.NaN;
        double firstAfterEnd = Double.NaN;
        long firstFault = Long.MAX_VALUE;
        synchronized (windows) {
            for (FaultWindow w : windows) {
                firstFault = Math.min(firstFault, w.start);
                if (w.firstNew < 0 && w.nothingLeftToMove()) {
                    all.add("the " + w.total + " images of the hit work were all stored when the fault began: no"
                            + " image had to move, so no first-image time");
                    continue;
                }
                double s = w.firstNew < 0 ? Double.POSITIVE_INFINITY : (w.firstNew - w.start) / 1e9;
                double e = w.firstNew < 0 ? Double.POSITIVE_INFINITY : Math.max(0, (w.firstNew - w.end) / 1e9);
                first = Double.isNaN(first) ? s : Math.max(first, s);
                firstAfterEnd = Double.isNaN(firstAfterEnd) ? e : Math.max(firstAfterEnd, e);
            }
            if (!windows.isEmpty()) {
                all.add("first new image measured on " + windows.get(0).watchedWhat
                        + (windows.size() > 1 ? " (worst of " + windows.size() + " faults)" : ""));
            }
        }
        double completion = firstFault == Long.MAX_VALUE || lastTerminal < 0 || never > 0 ? Double.NaN
                : (lastTerminal - firstFault) / 1e9;
        double overhead = lastTerminal < 0 || never > 0 ? Double.NaN
                : (lastTerminal - submitted) / 1e9 - reference.seconds();
        return new Outcome(scenario, fault, jobs.size(), completed, failed, never, terminals, lost, duplicated,
                corrupt, identical, first, firstAfterEnd, completion, overhead, String.join("; ", all));
    }

    /**
     * Waits for the undisturbed run to end and returns its images and duration.
     *
     * @throws IllegalStateException if a job did not complete exactly once with every image
     */
    Reference reference(Duration timeout) throws IOException, InterruptedException {
        if (!events.awaitEnded(jobs.keySet(), timeout)) {
            throw new IllegalStateException("the undisturbed " + workload.name() + " run did not end within "
                    + timeout);
        }
        long last = 0;
        List<Map<String, String>> images = new ArrayList<>();
        for (var job : jobs.entrySet()) {
            JobEventRecorder.Seen end = events.terminals(job.getKey()).get(0);
            if (!(end.event() instanceof JobCompleted completed)) {
                throw new IllegalStateException("undisturbed job " + job.getKey() + " ended " + end.event());
            }
            last = Math.max(last, end.nanos());
            Map<String, String> shas = cluster.images().sha256s(job.getKey());
            if (shas.size() != job.getValue().count() || (completed.objectCount() != null && completed.objectCount() < job.getValue().count())) {
                throw new IllegalStateException("undisturbed job " + job.getKey() + " stored " + shas.size()
                        + " images of " + job.getValue().count());
            }
            images.add(shas);
        }
        close();
        return new Reference(images, (last - submitted) / 1e9);
    }

    @Override
    public void close() {
        sampling = false;
        sampler.interrupt();
    }
}
