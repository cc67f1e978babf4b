package dev.udpm.deploy.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.udpm.deploy.Fleet;
import dev.udpm.deploy.RepoPaths;
import dev.udpm.deploy.config.ServiceConfig;
import dev.udpm.deploy.kube.Manifest;
import dev.udpm.deploy.kube.Node;
import dev.udpm.deploy.kube.Workloads;
import org.junit.jupiter.api.Test;

/**
 * The container images, checked without a Docker engine: every COPY source is something the Maven build
 * produces (the Quarkus fast-jar layout of the module), the GPU image's base is CUDA 12.5 with cuDNN 9 at the
 * version TensorFlow 2.18 needs, each image refuses the wrong native build, runs as the Deployment's non-root
 * user, starts with the JVM options the manifests set and exposes the service's port.
 */
class DockerfilesTest {

    /** What {@code quarkus-maven-plugin} writes to {@code target/quarkus-app/} (package type fast-jar). */
    static final Set<String> FAST_JAR = Set.of("lib/", "app/", "quarkus/", "quarkus-run.jar");
    private static final Pattern APP_OUTPUT = Pattern.compile("^([a-z-]+)/target/quarkus-app/(.+)$");
    private static final Pattern CUDA_BASE = Pattern.compile("^nvidia/cuda:12\\.5\\.\\d+-cudnn-runtime-ubuntu\\d\\d\\.\\d\\d$");
    private static final Pattern CUDNN = Pattern.compile("^(\\d+)\\.(\\d+)\\.\\d+\\.\\d+-\\d+$");

    private final RootPom rootPom = RootPom.read(RepoPaths.root());

    @Test
    void everyCopySourceIsAFastJarEntryOfAQuarkusModule() throws IOException {
        for (Dockerfile dockerfile : dockerfiles()) {
            Set<String> copied = new HashSet<>();
            String module = null;
            for (Dockerfile.Copy copy : dockerfile.copies()) {
                if (copy.from().isPresent()) {
                    continue;
                }
                for (String source : copy.sources()) {
                    Matcher m = APP_OUTPUT.matcher(source);
                    assertTrue(m.matches(), where(dockerfile, copy) + ": COPY " + source + " is not under"
                            + " <module>/target/quarkus-app/ (the build context is the repository root)");
                    module = m.group(1);
                    Path pom = RepoPaths.root().resolve(module).resolve("pom.xml");
                    assertTrue(Files.readString(pom).contains("<artifactId>quarkus-maven-plugin</artifactId>"),
                            where(dockerfile, copy) + ": " + module + " does not build a Quarkus application");
                    assertTrue(FAST_JAR.contains(m.group(2)), where(dockerfile, copy) + ": " + m.group(2)
                            + " is not part of the fast-jar layout " + FAST_JAR);
                    copied.add(m.group(2));
                    Path built = RepoPaths.root().resolve(module).resolve("target/quarkus-app");
                    if (Files.isDirectory(built)) {
                        assertTrue(Files.exists(RepoPaths.root().resolve(source)),
                                where(dockerfile, copy) + ": " + source + " is missing from the packaged application");
                    }
                }
            }
            assertEquals(FAST_JAR, copied, dockerfile.file().getFileName() + " must copy the whole fast-jar");
            ServiceConfig service = ServiceConfig.of(RepoPaths.root(), module);
            assertEquals("fast-jar", service.property("quarkus.package.jar.type").orElse("fast-jar"),
                    dockerfile.file().getFileName() + " expects " + module + "'s fast-jar packaging");
            Path ignore = dockerfile.file().resolveSibling(dockerfile.file().getFileName() + ".dockerignore");
            assertTrue(Files.readAllLines(ignore).contains("!" + module + "/target/quarkus-app/"),
                    ignore.getFileName() + " must let " + module + "/target/quarkus-app/ into the build context");
        }
    }

    @Test
    void theGpuImageIsCuda125WithCudnn9AtLeastTheVersionTensorFlowWasBuiltWith() {
        Dockerfile gpu = Dockerfile.read(RepoPaths.docker().resolve("worker-gpu.Dockerfile"));
        assertTrue(CUDA_BASE.matcher(gpu.finalBase()).matches(),
                "the GPU image must be based on a CUDA 12.5 runtime image with cuDNN, got " + gpu.finalBase());
        String cudnn = gpu.argDefaults().get("CUDNN_VERSION");
        Matcher version = CUDNN.matcher(cudnn == null ? "" : cudnn);
        assertTrue(version.matches(), "ARG CUDNN_VERSION must pin a libcudnn9-cuda-12 package version, got " + cudnn);
        assertEquals(9, Integer.parseInt(version.group(1)), "cuDNN major version");
        assertTrue(Integer.parseInt(version.group(2)) >= 3,
                "TensorFlow 2.18 refuses a cuDNN 9 older than 9.3 (the version it was built with), got " + cudnn);
        assertTrue(gpu.runCommands().contains("libcudnn9-cuda-12=${CUDNN_VERSION}"), "install the pinned cuDNN");
        assertTrue(gpu.runCommands().contains("libcudnn.so.9"), "check that cuDNN 9 is what the image ends up with");
    }

    @Test
    void eachImageRefusesTheOtherNativeBuild() {
        String version = rootPom.property("tensorflow.version");
        String cpu = rootPom.property("tensorflow.native.classifier");
        String gpu = rootPom.profileProperty("gpu", "tensorflow.native.classifier");
        Map<String, String> expected = Map.of("worker.Dockerfile", cpu, "trainer.Dockerfile", cpu,
                "worker-gpu.Dockerfile", gpu);
        for (Dockerfile dockerfile : dockerfiles()) {
            String classifier = expected.get(dockerfile.file().getFileName().toString());
            String jar = "/deployments/lib/main/org.tensorflow.tensorflow-core-native-" + version + "-" + classifier
                    + ".jar";
            assertTrue(dockerfile.runCommands().contains("test -f " + jar + " "), dockerfile.file().getFileName()
                    + " must check that it copied the " + classifier + " natives (" + jar + ")");
        }
    }

    @Test
    void eachImageRunsAsTheDeploymentsNonRootUserWithItsJvmOptionsAndPort() {
        for (Manifest deployment : Fleet.manifests().ofKind("Deployment")) {
            Node container = Workloads.podSpec(deployment).at("containers").items().get(0);
            String image = container.at("image").text();
            String repository = image.substring(0, image.lastIndexOf(':'));
            Path file = RepoPaths.docker().resolve(repository.substring("udpm/".length()) + ".Dockerfile");
            assertTrue(Files.exists(file), deployment.id() + " runs " + image + ", but " + file + " does not exist");
            Dockerfile dockerfile = Dockerfile.read(file);

            String user = dockerfile.single("USER").split(":")[0];
            assertTrue(user.matches("\\d+") && !user.equals("0"), file.getFileName() + ": USER must be a numeric"
                    + " non-root uid (Kubernetes checks runAsNonRoot only on numbers), got " + user);
            assertEquals(Workloads.podSpec(deployment).at("securityContext", "runAsUser").text(), user,
                    deployment.id() + ": runAsUser must be the image's user, which owns its writable directories");

            String entrypoint = dockerfile.single("ENTRYPOINT");
            assertTrue(entrypoint.contains("$JAVA_OPTS") && entrypoint.contains("quarkus-run.jar"),
                    file.getFileName() + ": the ENTRYPOINT must pass $JAVA_OPTS (set by the Deployment) to the fast-jar");
            String imageCacheDir = cacheDir(dockerfile.env("JAVA_OPTS"));
            assertEquals(cacheDir(Workloads.envValue(container, "JAVA_OPTS")), imageCacheDir,
                    deployment.id() + ": the image and the Deployment must put the JavaCPP cache in the same place");
            assertTrue(dockerfile.runCommands().matches("(?s).*mkdir -p [^\\n]*" + Pattern.quote(imageCacheDir) + ".*")
                            && dockerfile.runCommands().matches("(?s).*chown " + user + ":[^\\n]*"
                                    + Pattern.quote(imageCacheDir) + ".*"),
                    file.getFileName() + ": the image must create " + imageCacheDir + " owned by " + user);

            String port = Fleet.serviceOf(deployment.name()).property("quarkus.http.port").orElse("8080");
            assertEquals(port, dockerfile.single("EXPOSE"), file.getFileName() + ": EXPOSE the service's HTTP port");
        }
    }

    @Test
    void eachWorkerImageMakesItsClassDataSharingArchiveWithItsOwnJvmAndStartsWithIt() {
        for (String name : List.of("worker.Dockerfile", "worker-gpu.Dockerfile")) {
            Dockerfile dockerfile = Dockerfile.read(RepoPaths.docker().resolve(name));
            Matcher made = Pattern.compile("java -XX:ArchiveClassesAtExit=(\\S+) -Dquarkus\\.appcds\\.generate=true -jar"
                    + " /deployments/quarkus-run\\.jar").matcher(dockerfile.runCommands());
            assertTrue(made.find(), name + ": a RUN step must write the archive with the image's JVM (an archive from"
                    + " the build machine's JDK would be ignored)");
            String entrypoint = dockerfile.single("ENTRYPOINT");
            assertTrue(entrypoint.contains("exec java -XX:SharedArchiveFile=" + made.group(1) + " $JAVA_OPTS -jar"
                    + " /deployments/quarkus-run.jar"), name + ": the ENTRYPOINT must start with the archive the image"
                    + " made (" + made.group(1) + "): " + entrypoint);
        }
    }

    @Test
    void everyDockerfileHasItsOwnIgnoreFileAndTheCpuWorkerImageExistsToo() throws IOException {
        try (Stream<Path> listing = Files.list(RepoPaths.docker())) {
            List<String> names = listing.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("trainer.Dockerfile", "trainer.Dockerfile.dockerignore", "worker-gpu.Dockerfile",
                    "worker-gpu.Dockerfile.dockerignore", "worker.Dockerfile", "worker.Dockerfile.dockerignore"), names);
        }
        assertFalse(Dockerfile.read(RepoPaths.docker().resolve("worker.Dockerfile")).finalBase().startsWith("nvidia/"),
                "the CPU worker image needs no CUDA base");
    }

    private static String cacheDir(String javaOpts) {
        Matcher m = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.cachedir=(\\S+)").matcher(javaOpts);
        assertTrue(m.find(), "JAVA_OPTS must set -Dorg.bytedeco.javacpp.cachedir: " + javaOpts);
        return m.group(1);
    }

    private static List<Dockerfile> dockerfiles() {
        return Stream.of("worker.Dockerfile", "worker-gpu.Dockerfile", "trainer.Dockerfile")
                .map(name -> Dockerfile.read(RepoPaths.docker().resolve(name))).toList();
    }

    private static String where(Dockerfile dockerfile, Dockerfile.Copy copy) {
        return dockerfile.file().getFileName() + ":" + copy.line();
    }
}
