package dev.udpm.bench.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.udpm.bench.Machine;
import dev.udpm.client.JobEventRecorder;
import dev.udpm.client.KafkaSettings;
import dev.udpm.core.model.TinyModels;

/**
 * The fault suite: real worker jars as child processes against a KRaft broker and S3Proxy that each run in a
 * process of their own, so each part can fail alone. First a warm-up (one job per partition of the jobs topic, not
 * measured), then the workloads run undisturbed (the reference images and durations), then every scenario of
 * {@link Scenarios} runs its workload again under its fault, and one row per scenario says what survived: jobs
 * completed / failed / never ended, terminal events per job, images lost / duplicated / corrupt against the
 * undisturbed run, byte-identical or not, and the times from the fault to the first
 * new image of the work it hit and to completion.
 *
 * <p>Run: {@code ./mvnw -B -q -pl bench compile exec:java -Dexec.args="faults"} (all scenarios; the packaged worker
 * first: {@code ./mvnw -B -q -pl worker -am package -DskipTests}), {@code "faults --quick"} (tiny model, small jobs,
 * short outages), {@code "faults --scenarios kill-peer,store-pause"}.
 */
public final class FaultSuite {

    private FaultSuite() {
    }

    /** {@code bench faults ...}: prints the report; exits 1 if a data invariant broke. */
    public static void main(String[] args) throws Exception {
        FaultOptions options = FaultOptions.parse(args);
        FaultReport report = run(options, System.out::println);
        String text = report.markdown();
        System.out.print(text);
        if (options.markdown().isPresent()) {
            Files.writeString(options.markdown().get(), text);
        }
        if (!report.invariantsHold()) {
            System.exit(1);
        }
    }

    /** Runs the scenarios {@code options} names; {@code progress} hears what is happening. */
    static FaultReport run(FaultOptions options, java.util.function.Consumer<String> progress) throws Exception {
        if (!Files.isRegularFile(options.workerJar())) {
            throw new IllegalStateException("no packaged worker at " + options.workerJar().toAbsolutePath()
                    + ": ./mvnw -B -q -pl worker -am package -DskipTests");
        }
        Path work = Files.createTempDirectory("udpm-faults");
        progress.accept("fault suite: work folder (logs) " + work);
        if (options.quick()) {
            TinyModels.export(work.resolve("tiny-model"), 1, TinyModels.NAME, "faults-1", 32, 1, 10);
            options = options.withBundledModel(work.resolve("tiny-model"), TinyModels.NAME);
        }
        List<String> machine = new ArrayList<>(Machine.describe());
        machine.add(String.format("model %s%s; bulk job %d images in shards of %d; %d concurrent jobs x %d images;"
                + " outages %d s; 2 workers, broker and object store: 4 JVMs besides this one", options.modelName(),
                options.quick() ? " (QUICK: tiny random model)" : "", options.bulkImages(), options.shardSize(),
                options.concurrentJobs(), options.concurrentImages(), options.outage().toSeconds()));
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, Reference> references = new LinkedHashMap<>();
        try (Cluster cluster = Cluster.start(options, work, Scenarios.WORKERS);
                JobEventRecorder events = JobEventRecorder.startAtEnd(
                        KafkaSettings.plain(cluster.bootstrapServers()), System.err::println, "fault-suite-events")) {
            cluster.awaitGroupMembers(Scenarios.WORKERS.size(), Duration.ofMinutes(2));
            // Warm both workers up first (JIT, TensorFlow's kernels at the batch sizes jobs use): otherwise the first
            // undisturbed run is the cold one, and it took ~50 s where a warm one took ~35 s (docs/benchmarks.md).
            Workload warmUp = Workload.warmUp(cluster.jobPartitions());
            ScenarioRun warming = new ScenarioRun(cluster, events, warmUp, "warm-up");
            warming.submit(options.modelName());
            progress.accept(String.format("warm-up (%d jobs x %d images, not measured): %.1f s",
                    warmUp.requests().size(), warmUp.requests().get(0).count(),
                    warming.reference(Duration.ofMinutes(10)).seconds()));
            Set<String> workloads = new LinkedHashSet<>();
            options.scenarios().forEach(s -> workloads.add(Scenarios.workloadOf(s)));
            for (String name : workloads) {
                Workload workload = name.equals("bulk") ? Workload.bulk(options.bulkImages())
                        : Workload.concurrent(options.concurrentJobs(), options.concurrentImages());
                ScenarioRun run = new ScenarioRun(cluster, events, workload, "undisturbed-" + name);
                run.submit(options.modelName());
                Reference reference = run.reference(Duration.ofMinutes(10));
                references.put(name, reference);
                progress.accept(String.format("undisturbed %s: %.1f s", name, reference.seconds()));
            }
            Scenarios scenarios = new Scenarios(cluster, events, options, references);
            for (String name : options.scenarios()) {
                scenarios.restoreTwoWorkers();
                long t0 = System.nanoTime();
                Outcome outcome = scenarios.run(name);
                outcomes.add(outcome);
                progress.accept(String.format("%s (%.0f s): %s%n  notes: %s", name, (System.nanoTime() - t0)
                        / 1e9, FaultReport.row(outcome), outcome.notes()));
            }
        }
        machine.add("load average at end (1/5/15 min): " + Machine.loadAverage());
        return new FaultReport(machine, references, outcomes);
    }
}
