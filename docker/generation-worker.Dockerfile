# syntax=docker/dockerfile:1
#
# The generation worker on the CPU (ONNX Runtime's CPU provider), with the bundled model inside.
# Build from the repository root:
#
#   docker build -f docker/generation-worker.Dockerfile -t polyphon/generation-worker:0.1.0 .
#
# For NVIDIA GPUs use generation-worker-gpu.Dockerfile: it needs the CUDA libraries and the gpu Maven profile.

FROM maven:3.9-eclipse-temurin-17 AS build
# extra Maven profiles, comma separated; "gpu" here would give a CUDA build without the CUDA libraries to run it
ARG MAVEN_PROFILES=""
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} -pl generation-worker -am package \
    && cp generation-worker/target/generation-worker-exec.jar /app.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --user-group --no-create-home polyphon
WORKDIR /opt/polyphon
COPY --from=build /app.jar app.jar
# The worker checks the model's metadata at start-up and refuses one that does not match its code,
# so the model ships in the same image as the code that reads it.
COPY model/polyphon-mmm.onnx /opt/polyphon/model/polyphon-mmm.onnx
ENV POLYPHON_WORKER_MODEL=/opt/polyphon/model/polyphon-mmm.onnx \
    POLYPHON_WORKER_DEVICE=cpu
# ONNX Runtime allocates its tensors outside the Java heap: give the heap only half the container's memory.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
USER 10001
ENTRYPOINT ["java", "-jar", "/opt/polyphon/app.jar"]
