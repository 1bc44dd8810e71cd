package io.polyphon.mmm.vocab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Our hand-written tables against MIDI-GPT's published {@code yellow_encoder.json} in ../shared/mmm. */
class PublishedTablesTest {

    private static String encoderJson() throws IOException {
        Path file = Path.of(System.getProperty("polyphon.corpus", "../../shared/corpus")).resolveSibling("mmm")
                .resolve("yellow_encoder.json");
        assumeTrue(Files.exists(file), "skipped: " + file + " is absent (the shared folder is not beside the checkout)");
        return Files.readString(file);
    }

    @Test
    void layout2026FollowsThePublishedTokenDomainOrder() throws IOException {
        Matcher m = Pattern.compile("\"domain_size\":\\s*(\\d+),\\s*\"type\":\\s*\"(\\w+)\"").matcher(encoderJson());
        List<Integer> sizes = new ArrayList<>();
        while (m.find()) sizes.add(Integer.parseInt(m.group(1)));
        assertThat(sizes).containsExactlyElementsOf(IdLayout.MIDIGPT_2026.order().stream().map(TokenType::size).toList());
    }

    @Test
    void timeSignaturesFollowThePublishedOrder() throws IOException {
        String json = encoderJson();
        String list = json.substring(json.indexOf("\"time_signatures\""));
        list = list.substring(list.indexOf('[') + 1, list.indexOf(']'));
        List<String> published = Pattern.compile("\"([0-9/]+)\"").matcher(list).results().map(r -> r.group(1)).toList();
        assertThat(published).containsExactlyElementsOf(TimeSignatures.ALL.stream().map(Object::toString).toList());
    }
}
