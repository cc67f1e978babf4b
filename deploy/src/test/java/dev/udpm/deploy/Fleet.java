package dev.udpm.deploy;

import dev.udpm.deploy.config.ServiceConfig;
import dev.udpm.deploy.kube.Manifests;

/** The deployment and the services' configuration as the tests see them, read once per test JVM. */
public final class Fleet {

    private static Manifests manifests;
    private static ServiceConfig worker;
    private static ServiceConfig trainer;

    private Fleet() {
    }

    /** Every resource of {@code deploy/kubernetes/}. */
    public static synchronized Manifests manifests() {
        if (manifests == null) {
            manifests = Manifests.load(RepoPaths.kubernetes());
        }
        return manifests;
    }

    /** The worker's configuration ({@code worker/} and the modules it depends on). */
    public static synchronized ServiceConfig worker() {
        if (worker == null) {
            worker = ServiceConfig.of(RepoPaths.root(), "worker");
        }
        return worker;
    }

    /** The trainer's configuration. */
    public static synchronized ServiceConfig trainer() {
        if (trainer == null) {
            trainer = ServiceConfig.of(RepoPaths.root(), "trainer");
        }
        return trainer;
    }

    /** The configuration of the service a Deployment runs: {@code udpm-worker} is module {@code worker}. */
    public static ServiceConfig serviceOf(String deploymentName) {
        return switch (deploymentName) {
            case "udpm-worker" -> worker();
            case "udpm-trainer" -> trainer();
            default -> throw new AssertionError("Deployment " + deploymentName + " runs no known service module:"
                    + " add it to Fleet.serviceOf");
        };
    }
}
