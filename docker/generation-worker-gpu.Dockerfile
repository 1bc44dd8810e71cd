# syntax=docker/dockerfile:1
#
# The generation worker on an NVIDIA GPU. onnxruntime_gpu 1.23 is built against CUDA 12 and cuDNN 9
# (any CUDA 12.x minor works), so the run stage is NVIDIA's CUDA 12 + cuDNN runtime image with
# Temurin's JRE copied in. The host needs the NVIDIA driver and container toolkit; in Kubernetes,
# the NVIDIA device plugin (see the chart's worker.gpu values).
#
#   docker build -f docker/generation-worker-gpu.Dockerfile -t polyphon/generation-worker-gpu:0.1.0 .

FROM maven:3.9-eclipse-temurin-17 AS build
# the gpu profile swaps onnxruntime for onnxruntime_gpu (same classes, CUDA provider inside)
ARG MAVEN_PROFILES="gpu"
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} -pl generation-worker -am package \
    && cp generation-worker/target/generation-worker-exec.jar /app.jar

FROM eclipse-temurin:17-jre AS jre

FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH \
    LANG=C.UTF-8
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
RUN useradd --system --uid 10001 --user-group --no-create-home polyphon
WORKDIR /opt/polyphon
COPY --from=build /app.jar app.jar
COPY model/polyphon-mmm.onnx /opt/polyphon/model/polyphon-mmm.onnx
# cuda, and fail at start-up where CUDA cannot start instead of quietly running on the CPU
ENV POLYPHON_WORKER_MODEL=/opt/polyphon/model/polyphon-mmm.onnx \
    POLYPHON_WORKER_DEVICE=cuda \
    POLYPHON_WORKER_REQUIRE_GPU=true
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
USER 10001
ENTRYPOINT ["java", "-jar", "/opt/polyphon/app.jar"]
