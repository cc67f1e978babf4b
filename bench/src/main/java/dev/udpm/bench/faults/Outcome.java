package dev.udpm.bench.faults;

import java.util.List;

/**
 * What one scenario did and what came out of it. Times are seconds; NaN where they do not apply.
 *
 * @param scenario its name
 * @param fault what was done, when (e.g. "kill -9 worker-b (peer) at 812/2400 images, restarted")
 * @param jobs jobs sent
 * @param completed jobs whose first terminal event is {@code completed}
 * @param failed jobs whose first terminal event is {@code failed} (codes in {@code notes})
 * @param neverEnded jobs with no terminal event within the suite's timeout
 * @param terminalsPerJob terminal events of each job, after a settling wait
 * @param lost images of the undisturbed run missing
 * @param duplicated images stored or listed in the manifests more than once, or stored but not in the
 *     undisturbed run
 * @param corrupt images whose bytes differ from the undisturbed run's, or from their manifest's sha256
 * @param byteIdentical every job completed with exactly the undisturbed run's images, byte for byte
 * @param firstImageS from the fault to the first new image of the work it hit (the worst of several faults)
 * @param firstImageAfterEndS from the end of the fault (resume, restart) to that image
 * @param completionS from the fault to the last job's terminal event
 * @param overheadS submit-to-last-terminal minus the same for the undisturbed run of the same requests
 * @param notes failure codes, what the first-image time was measured on, anomalies
 */
record Outcome(String scenario, String fault, int jobs, int completed, int failed, int neverEnded,
        List<Integer> terminalsPerJob, int lost, int duplicated, int corrupt, boolean byteIdentical, double firstImageS,
        double firstImageAfterEndS, double completionS, double overheadS, String notes) {

    Outcome {
        terminalsPerJob = List.copyOf(terminalsPerJob);
    }

    /** The data invariants: every job completed, once, with the undisturbed run's bytes. */
    boolean invariantsHold() {
        return completed == jobs && failed == 0 && neverEnded == 0 && lost == 0 && duplicated == 0 && corrupt == 0
                && byteIdentical && terminalsPerJob.stream().allMatch(n -> n == 1);
    }

    /** "1" when every job had one terminal event, else the distinct counts with how many jobs had each. */
    String terminalsSummary() {
        java.util.SortedMap<Integer, Long> counts = new java.util.TreeMap<>();
        terminalsPerJob.forEach(n -> counts.merge(n, 1L, Long::sum));
        if (counts.size() == 1) {
            return counts.firstKey() + (jobs > 1 ? " (each of " + jobs + ")" : "");
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((n, c) -> b.append(b.length() == 0 ? "" : ", ").append(c).append(" jobs x ").append(n));
        return b.toString();
    }
}
