package io.polyphon.standalone.stack;

import io.polyphon.contract.Messages;
import io.polyphon.midi.MidiBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The studio as a composer uses it, in Debian's headless Chromium on the local stack: upload a song and see it drawn,
 * mark bars by dragging, generate, listen, compare, download, feed a sample back in; and a refusal shown where it
 * happened. Each stage leaves a screenshot in {@code target/studio/}. Runs in order: each stage builds on the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudioBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "studio");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private LocalStack stack;
    private ChromeDriver browser;
    private Path downloads;
    private String pieceId;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        stack = LocalStack.start(Files.createTempDirectory("polyphon-studio"), PipelineAcceptance.model(), true, 0);
        downloads = Files.createTempDirectory("polyphon-downloads");
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("polyphon-chromium"), "--window-size=1600,1000");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
                options);
        browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toString()));
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.quit();
        if (stack != null) stack.close();
    }

    @Test
    @Order(1)
    void asksForTheKeyOnceAndRemembersIt() throws Exception {
        browser.get(stack.gatewayUrl() + "/");
        WebElement key = until(d -> visible(By.id("key")));
        key.sendKeys(stack.apiKey());
        browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        until(d -> !dialogOpen("key-dialog"));
        browser.navigate().refresh();
        until(d -> browser.findElements(By.cssSelector("#pieces option")).size() >= 1);
        Thread.sleep(500); // a dialog that opens on load would be open by now
        assertThat(dialogOpen("key-dialog")).as("the key dialog after a reload").isFalse();
    }

    @Test
    @Order(2)
    void drawsEveryTrackWithItsNotes() throws Exception {
        Path song = ApiSession.SONG.name().equals("band.mid") ? bundledBand() : corpusSong();
        browser.findElement(By.id("file")).sendKeys(song.toAbsolutePath().normalize().toString());
        until(d -> !browser.findElements(By.cssSelector("svg.lane rect.note")).isEmpty());
        pieceId = browser.findElement(By.id("pieces")).getAttribute("value");
        JsonNode notes = api("/v1/pieces/" + pieceId + "/notes");
        assertNotesInViewMatch(notes);
        shot("01-piece");
    }

    @Test
    @Order(3)
    void dragAcrossFourBarsMarksThemForInfill() throws Exception {
        new Actions(browser).moveToElement(cell(1, 2)).clickAndHold().moveToElement(cell(1, 5)).release().perform();
        until(d -> browser.findElements(By.cssSelector("svg.lane[data-track='1'] rect.cell.marked")).size() == 4);
        assertThat(text("request-line")).contains("infill track 1 bars 2-5");
        shot("02-marked");
    }

    @Test
    @Order(4)
    void generatesTenSamplesWithProgressToTheEnd() throws Exception {
        WebElement count = browser.findElement(By.id("count"));
        count.clear();
        count.sendKeys("10");
        browser.findElement(By.id("generate")).click();
        until(d -> text("progress-text").startsWith("10 of 10") && text("outcome").startsWith("completed"));
        until(d -> browser.findElements(By.cssSelector("#samples li.sample")).size() == 10);
        shot("03-generated");
    }

    @Test
    @Order(5)
    void playsASampleAndItIsNotSilent() throws Exception {
        WebElement first = browser.findElements(By.cssSelector("#samples li.sample")).get(0);
        first.findElement(By.cssSelector("button.play")).click();
        String id = first.getAttribute("data-sample-id");
        until(d -> id.equals(script("return window.polyphonStudio.playing()")));
        until(d -> level() > 0.01);
        shot("04-playing");
        browser.manage().window().setSize(new Dimension(1600, 1250)); // the roll, the controls and the samples at once
        shot("04-playing-whole-page");
        browser.manage().window().setSize(new Dimension(1600, 1000));
    }

    @Test
    @Order(6)
    void abSwitchesToTheInputAndBackWhilePlayingAndSpaceStops() throws Exception {
        WebElement first = browser.findElements(By.cssSelector("#samples li.sample")).get(0);
        String id = first.getAttribute("data-sample-id");
        first.findElement(By.cssSelector("button.ab")).click();
        until(d -> (id + "@input").equals(script("return window.polyphonStudio.playing()")));
        until(d -> level() > 0.01);
        shot("05-ab-input");
        first.findElement(By.cssSelector("button.ab")).click();
        until(d -> id.equals(script("return window.polyphonStudio.playing()")));
        script("document.activeElement.blur()"); // space on a focused button would press the button instead
        new Actions(browser).sendKeys(Keys.SPACE).perform();
        until(d -> script("return window.polyphonStudio.playing()") == null);
    }

    @Test
    @Order(7)
    void downloadsASampleAsAMidiFileThatParses() throws Exception {
        browser.findElements(By.cssSelector("#samples li.sample")).get(0).findElement(By.cssSelector("button.midi")).click();
        Path file = until(d -> midiIn(downloads));
        Sequence sequence = MidiSystem.getSequence(file.toFile());
        long noteOns = Stream.of(sequence.getTracks()).mapToLong(StudioBrowserIT::noteOns).sum();
        assertThat(noteOns).as("notes in the downloaded " + file.getFileName()).isPositive();
    }

    @Test
    @Order(8)
    void aSampleUsedAsInputShowsItsParent() throws Exception {
        WebElement first = browser.findElements(By.cssSelector("#samples li.sample")).get(0);
        String sampleId = first.getAttribute("data-sample-id");
        first.findElement(By.cssSelector("button.use")).click();
        until(d -> text("lineage").contains("sample #1"));
        List<WebElement> crumbs = browser.findElements(By.cssSelector("#lineage .crumb"));
        assertThat(crumbs).hasSize(2);
        assertThat(crumbs.get(0).getText()).as("the parent, a way back up").isEqualTo(ApiSession.SONG.name().equals("band.mid")
                ? "band.mid" : corpusSong().getFileName().toString());
        String[] parts = sampleId.split(":");
        until(d -> !browser.findElements(By.cssSelector("svg.lane rect.note")).isEmpty());
        assertNotesInViewMatch(api("/v1/jobs/" + parts[0] + "/samples/" + parts[1] + "/notes"));
        shot("06-sample-as-input");
    }

    @Test
    @Order(9)
    void aFileThatIsNotMidiIsRefusedWithItsReasonInView() throws Exception {
        Path text = Files.createTempFile("notes", ".mid");
        Files.writeString(text, "these are words, not music\n");
        browser.findElement(By.id("file")).sendKeys(text.toString());
        WebElement error = until(d -> visible(By.id("pieces-error")));
        assertThat(error.getText()).contains("not-midi");
        assertThat((Boolean) script("const r = arguments[0].getBoundingClientRect();"
                + "return r.top >= 0 && r.bottom <= window.innerHeight;", error)).as("the reason is in view").isTrue();
        shot("07-not-midi");
    }

    @Test
    @Order(10)
    void drawsAHundredBarTenTrackSong() throws Exception {
        Path big = Files.createTempFile("hundred-bars", ".mid");
        Files.write(big, hundredBarsTenTracks());
        browser.findElement(By.id("file")).sendKeys(big.toString());
        until(d -> browser.findElements(By.cssSelector("svg.lane")).size() == 10
                && !browser.findElements(By.cssSelector("svg.lane[data-track='10'] rect.note")).isEmpty()
                && browser.findElement(By.tagName("body")).getAttribute("data-first-draw-ms") != null
                && !browser.findElement(By.id("pieces")).getAttribute("value").equals(pieceId));
        String id = browser.findElement(By.id("pieces")).getAttribute("value");
        System.out.printf("studio: 100 bars x 10 tracks (%d notes) drawn %s ms after upload answered%n",
                8 * 100 * 10, browser.findElement(By.tagName("body")).getAttribute("data-first-draw-ms"));
        script("document.querySelector('.roll-scroll').scrollLeft = 4000");
        until(d -> Integer.parseInt(browser.findElement(By.id("roll")).getAttribute("data-first-bar")) > 10);
        assertNotesInViewMatch(api("/v1/pieces/" + id + "/notes"));
        shot("08-hundred-bars");
    }

    @Test
    @Order(11)
    void renamesAndDeletesAPieceFromThePage() throws Exception {
        String id = browser.findElement(By.id("pieces")).getAttribute("value");
        browser.findElement(By.id("rename")).click();
        WebElement name = until(d -> visible(By.id("new-name")));
        name.clear();
        name.sendKeys("hundred bars, second take");
        browser.findElement(By.cssSelector("#rename-form button[type=submit]")).click();
        until(d -> selectedPiece().startsWith("hundred bars, second take"));
        assertThat(api("/v1/pieces/" + id).get("name").asString()).isEqualTo("hundred bars, second take");
        shot("09-renamed");

        browser.findElement(By.id("delete")).click();
        until(d -> d.switchTo().alert()).accept();
        until(d -> browser.findElements(By.cssSelector("#pieces option[value='" + id + "']")).isEmpty());
        assertThat(status("/v1/pieces/" + id)).as("the deleted piece").isEqualTo(404);
        assertThat(browser.findElements(By.cssSelector("#pieces option[value='" + pieceId + "']")))
                .as("the other pieces stay").hasSize(1);
    }

    // ---- what the page shows, against what the API says ----

    /** Every lane has one note shape per note of its track in the bars the roll says it drew. */
    private void assertNotesInViewMatch(JsonNode piece) {
        int first = Integer.parseInt(browser.findElement(By.id("roll")).getAttribute("data-first-bar"));
        int last = Integer.parseInt(browser.findElement(By.id("roll")).getAttribute("data-last-bar"));
        JsonNode tracks = piece.get("tracks");
        assertThat(browser.findElements(By.cssSelector("svg.lane"))).hasSize(tracks.size());
        for (int t = 0; t < tracks.size(); t++) {
            int expected = 0;
            for (int b = first - 1; b < last; b++) expected += tracks.get(t).get("bars").get(b).get("notes").size();
            int drawn = browser.findElements(By.cssSelector("svg.lane[data-track='" + (t + 1) + "'] rect.note")).size();
            assertThat(drawn).as("notes drawn in track %d, bars %d-%d", t + 1, first, last).isEqualTo(expected);
        }
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .header("Authorization", "Bearer " + stack.apiKey()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return Messages.json().readTree(response.body());
    }

    private int status(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .header("Authorization", "Bearer " + stack.apiKey()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String selectedPiece() {
        return (String) script("const s = document.getElementById('pieces'); return s.options[s.selectedIndex].text");
    }

    private WebElement cell(int track, int bar) {
        return browser.findElement(By.cssSelector("svg.lane[data-track='" + track + "'] rect.cell[data-bar='" + bar + "']"));
    }

    private WebElement visible(By by) {
        List<WebElement> found = browser.findElements(by);
        return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
    }

    private boolean dialogOpen(String id) {
        return Boolean.TRUE.equals(script("return document.getElementById(arguments[0]).open", id));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private double level() {
        return ((Number) script("return window.polyphonStudio.level()")).doubleValue();
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    private <T> T until(Function<org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(browser, PATIENCE, Duration.ofMillis(100)).until(d -> {
            T value = condition.apply(d);
            return value instanceof Boolean b && !b ? null : value;
        });
    }

    private void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    // ---- inputs ----

    private static Path corpusSong() {
        return Path.of(System.getProperty("polyphon.corpus", "../../shared/corpus")).resolve("songs/d8faddb8596fff7abb24d78666f73e4e.mid");
    }

    private static Path bundledBand() {
        return Path.of(System.getProperty("polyphon.home", "..")).resolve("examples/band.mid");
    }

    private static Path midiIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".mid")).findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static long noteOns(Track track) {
        long count = 0;
        for (int i = 0; i < track.size(); i++) {
            MidiEvent event = track.get(i);
            if (event.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) count++;
        }
        return count;
    }

    /** 100 bars of 4/4 in ten tracks (nine instruments and drums), eight eighth notes a bar each. */
    private static byte[] hundredBarsTenTracks() {
        int tpq = 480;
        MidiBuilder midi = new MidiBuilder(tpq).timeSignature(4, 4, 0).tempo(500_000, 0);
        int[] programs = {0, 33, 48, 25, 40, 56, 73, 81, 11};
        for (int t = 0; t < 10; t++) {
            midi.track();
            int channel = t == 9 ? 9 : t;
            if (t < 9) midi.program(channel, programs[t], 0);
            for (int bar = 0; bar < 100; bar++) {
                for (int n = 0; n < 8; n++) {
                    long on = (bar * 8L + n) * tpq / 2;
                    int pitch = t == 9 ? 36 + (n % 4) * 2 : 48 + t * 3 + ((bar + n) % 7);
                    midi.note(channel, pitch, 90, on, on + tpq / 2 - 10);
                }
            }
        }
        return midi.bytes();
    }
}
