package dev.udpm.deploy.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.udpm.deploy.Fleet;
import dev.udpm.deploy.kube.Manifest;
import dev.udpm.deploy.kube.Manifests;
import dev.udpm.deploy.kube.Node;
import dev.udpm.deploy.kube.Workloads;
import dev.udpm.schemas.ObjectKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object store: the services and the setup Job agree on endpoint, bucket and account, and the setup script
 * (run here with a fake mc) creates the bucket, expires exactly the job outputs after the configured days,
 * limits the services' account to the bucket, is safe to re-run and refuses placeholder secrets.
 */
class MinioSetupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Manifests manifests = Fleet.manifests();
    private final Manifest setupConfig = manifests.get("ConfigMap", "udpm-minio-setup");
    private final Node setupContainer = Workloads.container(manifests.get("Job", "udpm-minio-setup"), "setup");
    private final String script = setupConfig.at("data", "setup.sh").text();

    @Test
    void theServicesAndTheSetupJobReadEndpointBucketAndAccountFromTheSameKeys() {
        Map<String, String> jobToService = Map.of("MINIO_URL", "UDPM_STORAGE_ENDPOINT", "BUCKET", "UDPM_STORAGE_BUCKET",
                "APP_ACCESS_KEY", "UDPM_STORAGE_ACCESS_KEY", "APP_SECRET_KEY", "UDPM_STORAGE_SECRET_KEY");
        for (Manifest deployment : manifests.ofKind("Deployment")) {
            Node container = Workloads.podSpec(deployment).at("containers").items().get(0);
            jobToService.forEach((jobVar, serviceVar) -> assertEquals(
                    source(setupContainer, jobVar), source(container, serviceVar),
                    deployment.id() + " " + serviceVar + " must come from the same key as the setup Job's " + jobVar));
        }
    }

    @Test
    void theBucketIsAValidBucketNameAndTheEndpointIsTheMinioService() {
        Map<String, String> fleet = manifests.get("ConfigMap", "udpm-fleet").at("data").textMap();
        assertTrue(fleet.get("storage-bucket").matches("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"),
                "storage-bucket must be an S3 bucket name (model-published.schema.json location.bucket)");
        Manifest service = manifests.get("Service", "udpm-minio");
        String api = service.at("spec", "ports").named("api").orElseThrow().at("port").text();
        assertEquals("https://" + service.name() + "." + service.namespace() + ".svc:" + api, fleet.get("storage-endpoint"),
                "the MinIO Service, over https (StorageTlsManifestTest)");
    }

    @Test
    void theScriptCreatesTheBucketExpiresOnlyJobOutputsAndLimitsTheAccountToTheBucket(@TempDir Path dir)
            throws Exception {
        String days = setupConfig.at("data", "jobs-expiry-days").text();
        SetupScript.Run run = SetupScript.run(script, env(days, "s3cr3t-app"), false, "", dir);

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.mcCalls().contains("mb --ignore-existing udpm/udpm"), "bucket creation: " + run.mcCalls());
        JsonNode rules = JSON.readTree(run.lifecycleJson()).path("Rules");
        assertEquals(1, rules.size(), run.lifecycleJson());
        JsonNode rule = rules.get(0);
        String jobs = ObjectKeys.jobPrefix("any-job");
        String expiring = rule.path("Filter").path("Prefix").asText();
        assertEquals(jobs.substring(0, jobs.indexOf('/') + 1), expiring, "the rule must cover every job's objects");
        assertFalse(ObjectKeys.modelPrefix("m", "1").startsWith(expiring), "models must never expire");
        assertEquals(Integer.parseInt(days), rule.path("Expiration").path("Days").asInt());
        assertEquals("Enabled", rule.path("Status").asText());

        JsonNode policy = JSON.readTree(Files.readString(run.workDir().resolve("app-policy.json")));
        List<String> resources = new ArrayList<>();
        policy.path("Statement").forEach(statement -> statement.path("Resource")
                .forEach(resource -> resources.add(resource.asText())));
        assertEquals(List.of("arn:aws:s3:::udpm", "arn:aws:s3:::udpm/*"), resources,
                "the services' account is limited to the bucket");
        assertTrue(run.mcCalls().contains("admin user add udpm udpm-app s3cr3t-app"), run.mcCalls().toString());
        assertTrue(run.mcCalls().contains("admin policy attach udpm udpm-app --user udpm-app"), run.mcCalls().toString());
    }

    @Test
    void aSecondRunAcceptsTheAlreadyAttachedPolicyButNotAMissingOne(@TempDir Path dir) {
        SetupScript.Run again = SetupScript.run(script, env("7", "s3cr3t-app"), true, "PolicyName: udpm-app",
                dir.resolve("again"));
        assertEquals(0, again.exitCode(), again.stderr());
        SetupScript.Run broken = SetupScript.run(script, env("7", "s3cr3t-app"), true, "PolicyName: readonly",
                dir.resolve("broken"));
        assertEquals(1, broken.exitCode(), "attach failed and the policy is not attached: the Job must fail");
        assertTrue(broken.stderr().contains("udpm-app"), broken.stderr());
    }

    @Test
    void theShippedPlaceholderSecretsAreRefusedBeforeAnythingIsChanged(@TempDir Path dir) {
        String placeholder = manifests.get("Secret", "udpm-storage-credentials").at("stringData", "secret-key").text();
        SetupScript.Run run = SetupScript.run(script, env("7", placeholder), false, "", dir);
        assertEquals(2, run.exitCode(), "placeholder secrets must stop the Job");
        assertTrue(run.stderr().contains("CHANGE-ME"), run.stderr());
        assertEquals(List.of(), run.mcCalls(), "nothing may be created with placeholder credentials");
    }

    @Test
    void anExpiryThatIsNotAPositiveNumberOfDaysIsRefused(@TempDir Path dir) {
        for (String days : List.of("0", "7d", "", "-1")) {
            SetupScript.Run run = SetupScript.run(script, env(days, "s3cr3t-app"), false, "",
                    dir.resolve("days-" + Math.abs(days.hashCode())));
            assertEquals(2, run.exitCode(), "jobs-expiry-days '" + days + "' must be refused");
            assertTrue(run.stderr().contains("jobs-expiry-days"), run.stderr());
        }
    }

    private static Map<String, String> env(String days, String appSecret) {
        Map<String, String> env = new HashMap<>();
        env.put("MINIO_URL", "http://udpm-minio.udpm.svc:9000");
        env.put("BUCKET", "udpm");
        env.put("JOBS_EXPIRY_DAYS", days);
        env.put("MINIO_ROOT_USER", "admin");
        env.put("MINIO_ROOT_PASSWORD", "root-password-1");
        env.put("APP_ACCESS_KEY", "udpm-app");
        env.put("APP_SECRET_KEY", appSecret);
        return env;
    }

    /** Where env var {@code name} of {@code container} comes from: "ConfigMap/name/key", "Secret/..." or its value. */
    private static String source(Node container, String name) {
        Node env = Workloads.env(container, name).orElseThrow(() -> new AssertionError(container.where() + " sets no " + name));
        Node configMap = env.at("valueFrom", "configMapKeyRef");
        if (configMap.exists()) {
            return "ConfigMap/" + configMap.at("name").text() + "/" + configMap.at("key").text();
        }
        Node secret = env.at("valueFrom", "secretKeyRef");
        if (secret.exists()) {
            return "Secret/" + secret.at("name").text() + "/" + secret.at("key").text();
        }
        return "value " + env.at("value").text();
    }
}
