# syntax=docker/dockerfile:1
# UDPM trainer, JVM fast-jar with TensorFlow's CPU natives (linux-x86_64). Build from the repository root:
#   ./mvnw -B -pl trainer -am package -DskipTests
#   docker build -f deploy/docker/trainer.Dockerfile -t udpm/trainer:0.1.0 .
# Runs as the non-root user 10001; the JavaCPP cache goes to /var/cache/javacpp, a volume in Kubernetes. The
# evaluation classifier is not in the image (the Kubernetes init container trains it into the data volume).
FROM eclipse-temurin:17-jre-noble

# Fashion-MNIST (the IDX .gz files, 30 MB) at /usr/share/datasets/fashion-mnist, the trainer's default
# udpm.trainer.fashion-mnist-dir: Debian's dataset-fashion-mnist, in Ubuntu's universe component.
RUN apt-get update \
 && apt-get install -y --no-install-recommends dataset-fashion-mnist \
 && rm -rf /var/lib/apt/lists/* \
 && test -f /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz

RUN groupadd --system --gid 10001 udpm \
 && useradd --system --uid 10001 --gid udpm --home-dir /deployments --no-create-home --shell /usr/sbin/nologin udpm \
 && mkdir -p /deployments /var/cache/javacpp /var/lib/udpm/trainer /var/lib/udpm/workspace \
 && chown 10001:10001 /var/cache/javacpp /var/lib/udpm/trainer /var/lib/udpm/workspace

COPY --chown=10001:10001 trainer/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=10001:10001 trainer/target/quarkus-app/quarkus-run.jar /deployments/
COPY --chown=10001:10001 trainer/target/quarkus-app/app/ /deployments/app/
COPY --chown=10001:10001 trainer/target/quarkus-app/quarkus/ /deployments/quarkus/

RUN test -f /deployments/lib/main/org.tensorflow.tensorflow-core-native-1.1.0-linux-x86_64.jar \
 || { echo "trainer/target/quarkus-app is not the CPU build: run ./mvnw -B -pl trainer -am package (without -Pgpu)" >&2; exit 1; }

ENV JAVA_OPTS="-Dorg.bytedeco.javacpp.cachedir=/var/cache/javacpp -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
WORKDIR /deployments
USER 10001:10001
EXPOSE 8081
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
