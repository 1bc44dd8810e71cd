# syntax=docker/dockerfile:1
#
# One image per HTTP service: gateway-service, midi-service or storage-service.
# Build from the repository root (the whole reactor is the build context):
#
#   docker build -f docker/service.Dockerfile --build-arg MODULE=gateway-service -t polyphon/gateway-service:0.1.0 .
#
# docker-compose.yml does this for every service; the worker has its own Dockerfiles beside this one.

# ---- build: the module and the modules it depends on, tests skipped (CI runs them) ----
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MODULE
# extra Maven profiles, comma separated (the services need none; the GPU worker passes "gpu")
ARG MAVEN_PROFILES=""
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so a code change does not download the dependencies again.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "$MODULE" || { echo "pass --build-arg MODULE=<gateway-service|midi-service|storage-service>"; exit 1; }; \
    mvn -B -ntp -DskipTests ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} -pl "$MODULE" -am package \
    && cp "$MODULE/target/$MODULE-exec.jar" /app.jar

# ---- run ----
FROM eclipse-temurin:17-jre
# A fixed numeric uid, so Kubernetes can check runAsNonRoot without a user database.
RUN useradd --system --uid 10001 --user-group --no-create-home polyphon
WORKDIR /opt/polyphon
COPY --from=build /app.jar app.jar
# The JVM sizes its heap from the container's memory limit; 75% leaves room for metaspace and threads.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
USER 10001
ENTRYPOINT ["java", "-jar", "/opt/polyphon/app.jar"]
