package dev.udpm.fleet;

import java.nio.file.Path;

/**
 * One Quarkus service of the fleet, run as a child process from its fast-jar.
 *
 * @param name     {@code worker}, {@code trainer} or {@code webhooks}; also the name of its log file and data folder
 * @param jar      {@code <module>/target/quarkus-app/quarkus-run.jar}
 * @param httpPort the port it serves HTTP (REST, {@code /q/health}) on
 * @param buildHint the command that builds the jar, shown when it is missing
 */
public record AppSpec(String name, Path jar, int httpPort, String buildHint) {

    /** {@code http://127.0.0.1:<httpPort>}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }
}
