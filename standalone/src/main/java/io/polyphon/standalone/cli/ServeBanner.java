package io.polyphon.standalone.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code serve} prints once the stack is up. Its "Try" line is meant to be pasted into a second terminal, so it
 * names whatever that command needs to reach this server: the port (in the URL), and the key's file when the data
 * folder is not the one {@code generate --server} looks in by default.
 */
record ServeBanner(String url, double startSeconds, String apiKey, boolean keyCreated, Path data, Path home,
                   Path workingDirectory, Map<String, String> metrics) {

    /** For the stack just started, as seen from where {@code serve} runs; {@code metrics}: service → scrape URL. */
    static ServeBanner of(String url, double startSeconds, String apiKey, boolean keyCreated, Path data,
                          Map<String, String> metrics) {
        return new ServeBanner(url, startSeconds, apiKey, keyCreated, data, Models.home(), Path.of(""), metrics);
    }

    /** The "Try" command's words, the launcher first. */
    List<String> tryCommand() {
        Path root = home.toAbsolutePath().normalize();
        // from the repository root the short spelling works; from anywhere else only absolute paths do
        boolean atRoot = root.equals(workingDirectory.toAbsolutePath().normalize());
        List<String> words = new ArrayList<>(List.of(
                atRoot ? "./polyphon" : root.resolve("polyphon").toString(), "generate",
                atRoot ? "examples/band.mid" : root.resolve("examples/band.mid").toString(),
                "--server", url));
        Path keyFile = Models.keyFile(data.toAbsolutePath().normalize());
        if (!keyFile.equals(Models.keyFile(root.resolve("data")))) {
            words.add("--key-file");
            words.add(keyFile.toString());
        }
        words.addAll(List.of("--count", "20", "--infill", "2:5-8", "--out", "variations/"));
        return words;
    }

    /** A word as a POSIX shell reads it back unchanged: quoted only when it must be. */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./:=,@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    String text() {
        Path keyFile = Models.keyFile(data.toAbsolutePath().normalize());
        return String.format(Locale.ROOT, """

                Polyphon is running (started in %.0f s)
                  Studio:    %s/   the studio: see and hear a piece, mark bars, generate, audition
                  API docs:  %s/docs
                  API key:   %s
                  Key file:  %s%s
                  Try:       %s
                %s  Stop:      Ctrl-C (your pieces, jobs and samples stay in %s)
                """, startSeconds, url, url, apiKey, keyFile, keyCreated ? "  (new)" : "",
                String.join(" ", tryCommand().stream().map(ServeBanner::shellWord).toList()), metricsLines(),
                data.toAbsolutePath().normalize());
    }

    /** One line per service: where Prometheus scrapes it (its management port, not the API's). */
    private String metricsLines() {
        StringBuilder lines = new StringBuilder();
        String label = "Metrics:";
        int width = metrics.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, String> service : metrics.entrySet()) {
            lines.append(String.format(Locale.ROOT, "  %-11s%-" + width + "s  %s%n", label, service.getKey(), service.getValue()));
            label = "";
        }
        return lines.toString();
    }
}
