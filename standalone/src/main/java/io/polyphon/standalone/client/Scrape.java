package io.polyphon.standalone.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of a Prometheus scrape endpoint, as Prometheus reads it: series (a name and labels) with a value. */
public record Scrape(List<Series> series) {

    /** One line of the text format: {@code name{label="value",...} 12.0}. */
    public record Series(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads {@code url}; an endpoint that cannot be reached or does not answer 200 is an {@link UncheckedIOException}. */
    public static Scrape of(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new UncheckedIOException(new IOException(url + " answered " + response.statusCode()));
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metrics at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Scrape parse(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) continue;
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) throw new IllegalArgumentException("not a Prometheus line: " + line);
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher label = LABEL.matcher(m.group(2));
                while (label.find()) labels.put(label.group(1), label.group(2));
            }
            series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new Scrape(List.copyOf(series));
    }

    /** The sum of every series of {@code name} whose labels include {@code labels} (name, value pairs); 0 if none. */
    public double sum(String name, String... labels) {
        return series.stream().filter(s -> s.name().equals(name) && has(s, labels)).mapToDouble(Series::value).sum();
    }

    /** Whether any series is named {@code name}. */
    public boolean has(String name) {
        return series.stream().anyMatch(s -> s.name().equals(name));
    }

    private static boolean has(Series s, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) return false;
        }
        return true;
    }
}
