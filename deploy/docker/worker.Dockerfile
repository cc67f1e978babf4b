# syntax=docker/dockerfile:1
# UDPM worker, JVM fast-jar with TensorFlow's CPU natives (linux-x86_64). Build from the repository root:
#   ./mvnw -B -pl worker -am package -DskipTests
#   docker build -f deploy/docker/worker.Dockerfile -t udpm/worker:0.1.0 .
# The GPU image is worker-gpu.Dockerfile. Runs as the non-root user 10001; the JavaCPP cache (TensorFlow's
# natives, ~680 MB unpacked at first load) goes to /var/cache/javacpp, a volume in Kubernetes.
FROM eclipse-temurin:17-jre-noble

RUN groupadd --system --gid 10001 udpm \
 && useradd --system --uid 10001 --gid udpm --home-dir /deployments --no-create-home --shell /usr/sbin/nologin udpm \
 && mkdir -p /deployments /var/cache/javacpp /var/cache/udpm/models \
 && chown 10001:10001 /var/cache/javacpp /var/cache/udpm/models

# Dependencies first: they change less often than the application, so their layer is reused.
COPY --chown=10001:10001 worker/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=10001:10001 worker/target/quarkus-app/quarkus-run.jar /deployments/
COPY --chown=10001:10001 worker/target/quarkus-app/app/ /deployments/app/
COPY --chown=10001:10001 worker/target/quarkus-app/quarkus/ /deployments/quarkus/

# Refuse a GPU build copied by mistake (the two natives need different base images).
RUN test -f /deployments/lib/main/org.tensorflow.tensorflow-core-native-1.1.0-linux-x86_64.jar \
 || { echo "worker/target/quarkus-app is not the CPU build: run ./mvnw -B -pl worker -am package (without -Pgpu)" >&2; exit 1; }
# Class-data sharing, made with this image's JVM (an archive is bound to the JVM build that wrote it, so the one the
# Maven build leaves in target/quarkus-app is not copied): the app runs its static initialisation only and exits, and
# the JVM writes the classes it loaded; the ENTRYPOINT maps them, so a restarted pod is ready sooner.
RUN java -XX:ArchiveClassesAtExit=/deployments/app-cds.jsa -Dquarkus.appcds.generate=true -jar /deployments/quarkus-run.jar

ENV JAVA_OPTS="-Dorg.bytedeco.javacpp.cachedir=/var/cache/javacpp -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
WORKDIR /deployments
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/bin/sh", "-c", "exec java -XX:SharedArchiveFile=/deployments/app-cds.jsa $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
