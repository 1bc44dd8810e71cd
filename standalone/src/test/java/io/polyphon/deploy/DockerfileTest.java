package io.polyphon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles under docker/, read as text: no engine here can build them, so this checks what a build would
 * trip on late (a jar name that Maven does not produce, a model the worker cannot find) and what ops rely on
 * (pinned bases, non-root users, the CUDA 12 + cuDNN 9 runtime the GPU build needs).
 */
class DockerfileTest {

    private static final Path ROOT = ServiceSettings.repoRoot();
    private static final String MODEL = "model/polyphon-mmm.onnx";
    /** Set by an image for the OS or the JVM, not for a service. */
    private static final Set<String> OS_NAMES = Set.of("JAVA_HOME", "PATH", "LANG");

    @Test
    void everyDockerfileBuildsItsModuleWithMavenAndRunsTheExecJarOnJava17() {
        for (Path file : dockerfiles()) {
            List<List<String[]>> stages = stages(ServiceSettings.read(file));
            List<String[]> build = stages.get(0);
            assertThat(build.get(0)[1]).as(file.toString()).isEqualTo("maven:3.9-eclipse-temurin-17 AS build");
            assertThat(args(build, "ARG")).as(file.toString()).anyMatch(a -> a.startsWith("MAVEN_PROFILES"));
            String mvn = args(build, "RUN").stream().filter(r -> r.contains("mvn ")).findFirst().orElseThrow();
            assertThat(mvn).as(file.toString())
                    .contains("-B -ntp -DskipTests", "${MAVEN_PROFILES:+-P$MAVEN_PROFILES}", " -am package")
                    .containsPattern("-pl \"?\\$?\\{?[A-Za-z-]+\\}?\"?");

            String run = stages.get(stages.size() - 1).get(0)[1];
            assertThat(run).as("%s runs on a Java 17 JRE", file).matches("eclipse-temurin:17-jre|nvidia/cuda:.*");
            assertThat(String.join(" ", args(stages.get(stages.size() - 1), "ENTRYPOINT"))).contains("\"java\", \"-jar\"");
        }
        // The jar each Dockerfile copies is <module>/target/<module>-exec.jar: the modules must keep building it so.
        for (String module : ServiceSettings.MODULES) {
            String pom = ServiceSettings.read(ROOT.resolve(module).resolve("pom.xml"));
            assertThat(pom).as(module).contains("<finalName>" + module + "</finalName>", "<classifier>exec</classifier>");
        }
        assertThat(ServiceSettings.read(ROOT.resolve("docker/service.Dockerfile"))).contains("$MODULE/target/$MODULE-exec.jar");
        for (String worker : List.of("generation-worker.Dockerfile", "generation-worker-gpu.Dockerfile")) {
            assertThat(ServiceSettings.read(ROOT.resolve("docker").resolve(worker))).contains("generation-worker/target/generation-worker-exec.jar");
        }
    }

    @Test
    void imagesRunAsANonRootUserWithAFixedUid() {
        for (Path file : dockerfiles()) {
            List<List<String[]>> stages = stages(ServiceSettings.read(file));
            List<String> users = args(stages.get(stages.size() - 1), "USER");
            assertThat(users).as(file.toString()).isNotEmpty();
            String user = users.get(users.size() - 1);
            // numeric, so Kubernetes can check runAsNonRoot; the chart runs pods as this uid
            assertThat(user).as(file.toString()).matches("[1-9][0-9]*");
            assertThat(ServiceSettings.read(ROOT.resolve("helm/polyphon/templates/_helpers.tpl"))).contains("runAsUser: " + user);
        }
    }

    @Test
    void workerImagesCarryTheModelAndPointTheWorkerAtIt() {
        assertThat(ROOT.resolve(MODEL)).isRegularFile();
        for (String name : List.of("generation-worker.Dockerfile", "generation-worker-gpu.Dockerfile")) {
            String dockerfile = ServiceSettings.read(ROOT.resolve("docker").resolve(name));
            String inImage = copiedModelPath(dockerfile);
            assertThat(env(dockerfile)).as(name).containsEntry("POLYPHON_WORKER_MODEL", inImage);
            // and the chart's default points at the same file
            assertThat(ServiceSettings.read(ROOT.resolve("helm/polyphon/values.yaml"))).contains("modelPath: " + inImage);
        }
    }

    @Test
    void theGpuImageIsCuda12WithCudnnAJreAndTheGpuBuild() {
        String dockerfile = ServiceSettings.read(ROOT.resolve("docker/generation-worker-gpu.Dockerfile"));
        List<List<String[]>> stages = stages(dockerfile);
        // onnxruntime_gpu 1.23 is built for CUDA 12.x and cuDNN 9
        assertThat(stages.get(stages.size() - 1).get(0)[1]).matches("nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-ubuntu[0-9.]+");
        assertThat(args(stages.get(0), "ARG")).contains("MAVEN_PROFILES=\"gpu\"");
        assertThat(String.join("\n", args(stages.get(stages.size() - 1), "COPY"))).contains("--from=jre /opt/java/openjdk /opt/java/openjdk");
        assertThat(stages.stream().map(s -> s.get(0)[1])).contains("eclipse-temurin:17-jre AS jre");
        assertThat(env(dockerfile)).containsEntry("POLYPHON_WORKER_DEVICE", "cuda").containsEntry("POLYPHON_WORKER_REQUIRE_GPU", "true");
    }

    @Test
    void environmentNamesInWorkerImagesAreOnesTheWorkerReads() {
        for (Path file : dockerfiles()) {
            for (String name : env(ServiceSettings.read(file)).keySet()) {
                if (OS_NAMES.contains(name)) continue;
                assertThat(ServiceSettings.reads(fixedModuleOr(file), name)).as("%s sets %s", file.getFileName(), name).isTrue();
            }
        }
    }

    @Test
    void theBuildContextLeavesOutBuildOutputsAndKeepsTheModel() {
        List<String> ignored = ServiceSettings.read(ROOT.resolve(".dockerignore")).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored).contains("**/target", ".git", "data", "model/out");
        assertThat(ignored).as("the worker images copy " + MODEL).noneMatch(l -> l.equals("model") || l.equals("model/") || l.endsWith(".onnx") || l.equals("model/*"));
    }

    /** Where a worker Dockerfile copies the bundled model to. */
    static String copiedModelPath(String dockerfile) {
        Matcher copy = Pattern.compile("(?m)^COPY\\s+" + Pattern.quote(MODEL) + "\\s+(\\S+)\\s*$").matcher(dockerfile);
        if (!copy.find()) throw new AssertionError("no COPY " + MODEL + " in\n" + dockerfile);
        return copy.group(1);
    }

    /** The module a Dockerfile always builds ({@code -pl <module>}), or null where it takes a MODULE argument. */
    static String fixedModule(String dockerfile) {
        Matcher pl = Pattern.compile("-pl ([a-z][a-z-]+)").matcher(dockerfile);
        return pl.find() ? pl.group(1) : null;
    }

    private static String fixedModuleOr(Path file) {
        String module = fixedModule(ServiceSettings.read(file));
        // service.Dockerfile sets only the JVM's options, which every module reads
        return module != null ? module : "gateway-service";
    }

    private static List<Path> dockerfiles() {
        try (Stream<Path> files = Files.list(ROOT.resolve("docker"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".Dockerfile")).sorted().toList();
            assertThat(found).extracting(f -> f.getFileName().toString())
                    .contains("service.Dockerfile", "generation-worker.Dockerfile", "generation-worker-gpu.Dockerfile");
            return found;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Instructions (keyword, arguments), split into stages at each FROM; continuation lines joined, comments dropped. */
    private static List<List<String[]>> stages(String dockerfile) {
        List<List<String[]>> stages = new ArrayList<>();
        String joined = dockerfile.replaceAll("(?m)^\\s*#.*\\n", "").replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            String[] instruction = line.strip().split("\\s+", 2);
            if (instruction[0].isEmpty()) continue;
            if (instruction[0].equals("FROM")) stages.add(new ArrayList<>());
            stages.get(stages.size() - 1).add(new String[]{instruction[0], instruction.length > 1 ? instruction[1] : ""});
        }
        return stages;
    }

    private static List<String> args(List<String[]> stage, String keyword) {
        return stage.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
    }

    /** Every NAME=value that an ENV instruction sets (quotes removed). */
    private static Map<String, String> env(String dockerfile) {
        Map<String, String> env = new LinkedHashMap<>();
        Pattern pair = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)");
        for (List<String[]> stage : stages(dockerfile)) {
            for (String set : args(stage, "ENV")) {
                Matcher m = pair.matcher(set);
                while (m.find()) env.put(m.group(1), m.group(2).replace("\"", ""));
            }
        }
        return env;
    }
}
