package dev.udpm.bench.faults;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The requests of a scenario: the same requests (same content, other job ids) make the undisturbed reference, whose
 * images do not depend on the job id.
 *
 * @param name "bulk" or "concurrent"
 * @param requests the requests, sent at once
 */
record Workload(String name, List<Request> requests) {

    /** One generate job: {@code count} images from {@code seed}, split into shards when {@code bulk}. */
    record Request(int count, long seed, boolean bulk) {

        String json(String jobId, String model) {
            return """
                    {"type":"generate","jobId":"%s","submittedAt":"2025-01-31T12:00:00Z","model":{"name":"%s"},\
                    "count":%d,"seed":%d,"classLabels":[0,1,2,3,4,5,6,7,8,9]%s}""".formatted(jobId, model, count,
                    seed, bulk ? ",\"bulk\":true" : "");
        }
    }

    /** One bulk job of {@code images} images. */
    static Workload bulk(int images) {
        return new Workload("bulk", List.of(new Request(images, 4242, true)));
    }

    /** {@code jobs} single jobs of {@code images} images each, other seeds. */
    static Workload concurrent(int jobs, int images) {
        return new Workload("concurrent", IntStream.range(0, jobs).mapToObj(j -> new Request(images, 7000 + j,
                false)).toList());
    }

    /** One job of 128 images per partition of the jobs topic, so that every worker runs some before measuring. */
    static Workload warmUp(int partitions) {
        return new Workload("warm-up", IntStream.range(0, partitions).mapToObj(j -> new Request(128, 9000 + j,
                false)).toList());
    }

    int images() {
        return requests.stream().mapToInt(Request::count).sum();
    }
}
