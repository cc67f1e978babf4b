package dev.udpm.bench.faults;

import java.util.List;
import java.util.Map;

/**
 * The undisturbed run of a workload: file name -> sha256 of every image of each request (in request order) and the
 * seconds from sending to the last terminal event.
 */
record Reference(List<Map<String, String>> images, double seconds) {

    Reference {
        images = images.stream().map(Map::copyOf).toList();
    }

    Map<String, String> shas(int request) {
        return images.get(request);
    }
}
