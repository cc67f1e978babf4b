package dev.udpm.bench.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.udpm.client.JobEventRecorder;

/**
 * The scenarios of the fault suite. Each starts from two ready workers sharing the job intake, sends its workload,
 * injects its fault once a share of the images is stored, and leaves two ready workers behind.
 */
final class Scenarios {

    /** Every scenario, in suite order. */
    static final List<String> NAMES = List.of("kill-peer-restart", "kill-peer", "kill-owner-restart", "kill-owner",
            "kill-only-worker", "broker-pause", "broker-restart", "store-pause", "store-restart", "kills-20-jobs");

    /** The two workers' instance ids (stable: a restarted worker is the same static group member). */
    static final List<String> WORKERS = List.of("worker-a", "worker-b");

    private static final Duration GROUP_WAIT = Duration.ofMinutes(4);
    private static final Duration SERVER_RESTART = Duration.ofMinutes(4);

    private final Cluster cluster;
    private final JobEventRecorder events;
    private final FaultOptions options;
    private final Map<String, Reference> references;

    Scenarios(Cluster cluster, JobEventRecorder events, FaultOptions options, Map<String, Reference> references) {
        this.cluster = cluster;
        this.events = events;
        this.options = options;
        this.references = references;
    }

    /** The workload a scenario runs ("bulk" or "concurrent"). */
    static String workloadOf(String scenario) {
        return scenario.equals("kills-20-jobs") ? "concurrent" : "bulk";
    }

    Outcome run(String name) throws Exception {
        return switch (name) {
            case "kill-peer-restart" -> kill(name, false, true);
            case "kill-peer" -> kill(name, false, false);
            case "kill-owner-restart" -> kill(name, true, true);
            case "kill-owner" -> kill(name, true, false);
            case "kill-only-worker" -> killOnlyWorker(name);
            case "broker-pause" -> outage(name, cluster.broker(), "broker", true);
            case "broker-restart" -> outage(name, cluster.broker(), "broker", false);
            case "store-pause" -> outage(name, cluster.objectStore(), "object store", true);
            case "store-restart" -> outage(name, cluster.objectStore(), "object store", false);
            case "kills-20-jobs" -> repeatedKills(name);
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }

    /** kill -9 of the job's owner (the worker that accepted it) or of the other worker, mid-bulk. */
    private Outcome kill(String name, boolean owner, boolean restart) throws Exception {
        Workload workload = Workload.bulk(options.bulkImages());
        List<String> notes = new ArrayList<>();
        try (ScenarioRun run = new ScenarioRun(cluster, events, workload, name)) {
            run.submit(options.modelName());
            String ownerId = run.owner(GROUP_WAIT);
            String victim = owner ? ownerId : other(ownerId);
            await(run, 0.25, notes);
            if (!run.awaitBusy(victim, Duration.ofSeconds(30))) {
                notes.add(victim + " ran no shard of the job when it was killed");
            }
            int at = run.stored();
            run.faultOn(victim);
            cluster.killWorker(victim);
            if (restart) {
                cluster.startWorker(victim);
            }
            run.faultEnds();
            String fault = String.format("kill -9 %s (%s) at %d/%d images%s", victim, owner ? "owner" : "peer", at,
                    workload.images(), restart ? ", restarted at once" : ", not restarted");
            Outcome outcome = run.finish(name, fault, references.get("bulk"), timeout(), settle(), notes);
            if (!restart) {
                cluster.startWorker(victim);
            }
            return outcome;
        }
    }

    /** One worker left; kill -9 of it mid-bulk and restart. */
    private Outcome killOnlyWorker(String name) throws Exception {
        cluster.stopWorker(WORKERS.get(1));
        cluster.awaitGroupMembers(1, GROUP_WAIT);
        Workload workload = Workload.bulk(options.bulkImages());
        List<String> notes = new ArrayList<>();
        Outcome outcome;
        try (ScenarioRun run = new ScenarioRun(cluster, events, workload, name)) {
            run.submit(options.modelName());
            await(run, 0.4, notes);
            int at = run.stored();
            run.faultOnAll();
            cluster.killWorker(WORKERS.get(0));
            long t0 = System.nanoTime();
            cluster.startWorker(WORKERS.get(0));
            notes.add(String.format("the restarted worker was ready %.1f s after the kill", (System.nanoTime() - t0)
                    / 1e9));
            run.faultEnds();
            String fault = String.format("kill -9 the only worker at %d/%d images, restarted at once", at,
                    workload.images());
            outcome = run.finish(name, fault, references.get("bulk"), timeout(), settle(), notes);
        }
        cluster.startWorker(WORKERS.get(1));
        return outcome;
    }

    /** The broker or the object store paused (SIGSTOP ... SIGCONT) or stopped and started again on its data. */
    private Outcome outage(String name, ServerProcess server, String what, boolean pause) throws Exception {
        Workload workload = Workload.bulk(options.bulkImages());
        List<String> notes = new ArrayList<>();
        try (ScenarioRun run = new ScenarioRun(cluster, events, workload, name)) {
            run.submit(options.modelName());
            await(run, 0.3, notes);
            int at = run.stored();
            run.faultOnAll();
            if (pause) {
                server.pause();
                Thread.sleep(options.outage().toMillis());
                server.resume();
            } else {
                server.stop();
                Thread.sleep(options.outage().toMillis());
                server.restart(SERVER_RESTART);
            }
            run.faultEnds();
            String fault = String.format("%s %s %d s at %d/%d images", what, pause ? "paused (SIGSTOP/SIGCONT)"
                    : "stopped and restarted on its data after", options.outage().toSeconds(), at, workload.images());
            return run.finish(name, fault, references.get("bulk"), timeout(), settle(), notes);
        }
    }

    /** Many single jobs in flight; kill -9 of one worker three times, restarted each time. */
    private Outcome repeatedKills(String name) throws Exception {
        Workload workload = Workload.concurrent(options.concurrentJobs(), options.concurrentImages());
        List<String> notes = new ArrayList<>();
        String victim = WORKERS.get(1);
        List<Integer> at = new ArrayList<>();
        try (ScenarioRun run = new ScenarioRun(cluster, events, workload, name)) {
            run.submit(options.modelName());
            for (double fraction : new double[] {0.15, 0.45, 0.75}) {
                if (!run.awaitStored(fraction, timeout())) {
                    notes.add("the jobs ended before a kill at " + Math.round(100 * fraction) + "%");
                    break;
                }
                run.awaitBusy(victim, Duration.ofSeconds(10));
                at.add(run.stored());
                run.faultOn(victim);
                cluster.killWorker(victim);
                cluster.startWorker(victim);
                run.faultEnds();
            }
            String fault = String.format("%d jobs x %d images; kill -9 %s at %s images, restarted each time",
                    options.concurrentJobs(), options.concurrentImages(), victim, at);
            return run.finish(name, fault, references.get("concurrent"), timeout(), settle(), notes);
        }
    }

    /** Makes sure both workers run and share the intake (after a scenario that left one down). */
    void restoreTwoWorkers() throws InterruptedException {
        cluster.awaitGroupMembers(WORKERS.size(), GROUP_WAIT);
    }

    private void await(ScenarioRun run, double fraction, List<String> notes) throws InterruptedException {
        if (!run.awaitStored(fraction, timeout())) {
            notes.add("the fault landed late: the job had ended (or stalled) before " + Math.round(100 * fraction)
                    + "% of its images were stored");
        }
    }

    private Duration timeout() {
        double slowest = references.values().stream().mapToDouble(Reference::seconds).max().orElse(60);
        return Duration.ofSeconds((long) (4 * slowest) + options.outage().toSeconds() + 180);
    }

    private Duration settle() {
        return Duration.ofSeconds(options.quick() ? 3 : 5);
    }

    private static String other(String worker) {
        return worker.equals(WORKERS.get(0)) ? WORKERS.get(1) : WORKERS.get(0);
    }
}
