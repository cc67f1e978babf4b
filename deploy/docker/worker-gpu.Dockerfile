# syntax=docker/dockerfile:1
# UDPM worker with TensorFlow's GPU natives (linux-x86_64-gpu, TensorFlow 2.18 built against CUDA 12.5 and
# cuDNN 9.3). Build from the repository root, with the gpu Maven profile:
#   ./mvnw -B -Pgpu -pl worker -am package -DskipTests
#   docker build -f deploy/docker/worker-gpu.Dockerfile -t udpm/worker-gpu:0.1.0 .
# Needs a node with an NVIDIA driver for CUDA 12.5 (>= 555) and the NVIDIA device plugin; without a GPU the
# same image runs on the CPU (TensorFlow falls back; docs/kubernetes.md, "GPU").
FROM eclipse-temurin:17-jre-jammy AS jre

# The runtime image with CUDA 12.5 and cuDNN 9 (its cuDNN is 9.2). TensorFlow 2.18 refuses a cuDNN older than the
# one it was built with (9.3), so the pinned libcudnn9 below replaces it (the base image holds the package).
FROM nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04
ARG CUDNN_VERSION=9.3.0.75-1
RUN apt-get update \
 && apt-get install -y --no-install-recommends --allow-change-held-packages "libcudnn9-cuda-12=${CUDNN_VERSION}" \
 && apt-mark hold libcudnn9-cuda-12 \
 && rm -rf /var/lib/apt/lists/*
RUN test "$(dpkg-query -W -f='${Version}' libcudnn9-cuda-12)" = "${CUDNN_VERSION}" \
 && ldconfig -p | grep -q 'libcudnn.so.9 ' \
 || { echo "cuDNN ${CUDNN_VERSION} (libcudnn.so.9) is not the installed cuDNN" >&2; exit 1; }

ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk

RUN groupadd --system --gid 10001 udpm \
 && useradd --system --uid 10001 --gid udpm --home-dir /deployments --no-create-home --shell /usr/sbin/nologin udpm \
 && mkdir -p /deployments /var/cache/javacpp /var/cache/udpm/models \
 && chown 10001:10001 /var/cache/javacpp /var/cache/udpm/models

COPY --chown=10001:10001 worker/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=10001:10001 worker/target/quarkus-app/quarkus-run.jar /deployments/
COPY --chown=10001:10001 worker/target/quarkus-app/app/ /deployments/app/
COPY --chown=10001:10001 worker/target/quarkus-app/quarkus/ /deployments/quarkus/

# Refuse a CPU build: the GPU natives come only from ./mvnw -Pgpu.
RUN test -f /deployments/lib/main/org.tensorflow.tensorflow-core-native-1.1.0-linux-x86_64-gpu.jar \
 || { echo "worker/target/quarkus-app is not the GPU build: run ./mvnw -B -Pgpu -pl worker -am package" >&2; exit 1; }

# Class-data sharing, made with this image's JVM (an archive is bound to the JVM build that wrote it, so the one the
# Maven build leaves in target/quarkus-app is not copied): the app runs its static initialisation only and exits, and
# the JVM writes the classes it loaded; the ENTRYPOINT maps them, so a restarted pod is ready sooner.
RUN java -XX:ArchiveClassesAtExit=/deployments/app-cds.jsa -Dquarkus.appcds.generate=true -jar /deployments/quarkus-run.jar

# The JavaCPP cache holds the unpacked GPU natives (~1.3 GB): a volume in Kubernetes (050-Deployment-worker).
ENV JAVA_OPTS="-Dorg.bytedeco.javacpp.cachedir=/var/cache/javacpp -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
WORKDIR /deployments
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/bin/sh", "-c", "exec java -XX:SharedArchiveFile=/deployments/app-cds.jsa $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
