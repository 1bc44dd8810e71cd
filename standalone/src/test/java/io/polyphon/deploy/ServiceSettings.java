package io.polyphon.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * What each service reads from its environment, taken from the source of truth: the {@code ${NAME:default}}
 * placeholders of {@code <module>/src/main/resources/<module>.yml}. The deploy tests hold docker-compose.yml,
 * the Dockerfiles and the Helm chart to these names, so a renamed setting cannot silently stop reaching a service.
 */
final class ServiceSettings {

    /** The four deployable modules; each is also its yml's name. */
    static final List<String> MODULES = List.of("gateway-service", "midi-service", "storage-service", "generation-worker");

    /**
     * Names set by the deployment that no Polyphon yml declares, and why they are safe: each is read by the JVM or
     * by Spring Boot itself.
     */
    static final Map<String, String> PLATFORM_NAMES = Map.of(
            "JAVA_TOOL_OPTIONS", "read by the JVM itself (heap sizing)",
            "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "Spring Boot's management.endpoint.health.probes.enabled");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private ServiceSettings() {
    }

    /** The repository root: the nearest folder up from here that holds docker-compose.yml and the chart. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("docker-compose.yml")) && Files.isDirectory(d.resolve("helm/polyphon"))) return d;
        }
        throw new IllegalStateException("no docker-compose.yml with helm/polyphon beside it above " + dir);
    }

    static Path ymlOf(String module) {
        return repoRoot().resolve(module).resolve("src/main/resources").resolve(module + ".yml");
    }

    /** Every environment variable the module's yml reads, with its default ("" where it has none). */
    static Map<String, String> environmentOf(String module) {
        Matcher m = PLACEHOLDER.matcher(read(ymlOf(module)));
        Map<String, String> names = new LinkedHashMap<>();
        while (m.find()) names.putIfAbsent(m.group(1), m.group(2) == null ? "" : m.group(2));
        if (names.isEmpty()) throw new IllegalStateException(module + ".yml reads no environment variable");
        return names;
    }

    /** True where the module reads {@code name}: its yml declares it, or the JVM or Spring Boot does. */
    static boolean reads(String module, String name) {
        return environmentOf(module).containsKey(name) || PLATFORM_NAMES.containsKey(name);
    }

    /** The module's yml as a tree, for the settings that are not environment variables (consumer groups, topics). */
    static Map<String, Object> ymlTree(String module) {
        return new Yaml().load(read(ymlOf(module)));
    }

    /** A nested value of a YAML tree by its keys, or null where any of them is missing. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object tree, String... keys) {
        Object node = tree;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> map)) return null;
            node = ((Map<String, Object>) map).get(key);
        }
        return (T) node;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
