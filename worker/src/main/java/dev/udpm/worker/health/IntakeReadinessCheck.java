package dev.udpm.worker.health;

import dev.udpm.worker.intake.JobsRebalanceListener;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@value #NAME}: UP once the consumer group told the job intake which partitions of
 * {@code udpm.jobs} it holds (some, or none when the group has more workers than partitions), DOWN before the first
 * assignment and after the partitions were lost (the session expired) until the group assigns again. A worker that
 * says ready therefore already takes jobs, instead of reporting ready while its first rebalance is still pending.
 * Reads two fields: never blocks.
 */
@Readiness
@ApplicationScoped
public class IntakeReadinessCheck implements HealthCheck {

    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "job-intake";

    @Inject
    @Identifier(JobsRebalanceListener.NAME)
    JobsRebalanceListener partitions;

    @Override
    public HealthCheckResponse call() {
        return evaluate(partitions.assignmentKnown(), partitions.ownedCount());
    }

    /** The verdict for an intake whose assignment is {@code known} with {@code owned} partitions. */
    static HealthCheckResponse evaluate(boolean known, int owned) {
        if (!known) {
            return HealthCheckResponse.named(NAME).down()
                    .withData("reason", "waiting for the consumer group (udpm-workers) to assign udpm.jobs partitions")
                    .build();
        }
        return HealthCheckResponse.named(NAME).up().withData("partitions", owned).build();
    }
}
