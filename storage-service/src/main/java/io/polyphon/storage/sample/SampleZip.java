package io.polyphon.storage.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a job's stored samples as one zip, {@code sample-0001.mid} for index 0 on, reading them a page at a time so
 * that a thousand MIDI files never sit in memory together. A running job's zip holds what is stored so far.
 */
final class SampleZip {

    private static final int PAGE = 50;

    private final SampleRepository samples;

    SampleZip(SampleRepository samples) {
        this.samples = samples;
    }

    static String entryName(int index) {
        return String.format("sample-%04d.mid", index + 1);
    }

    void write(String jobId, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            int last = -1;
            List<SampleRepository.Midi> page;
            do {
                // the next page starts after the last index written, not at an offset: samples stored meanwhile
                // can neither shift a page nor appear twice
                page = samples.midiAfter(jobId, last, PAGE);
                for (SampleRepository.Midi midi : page) {
                    zip.putNextEntry(new ZipEntry(entryName(midi.index())));
                    zip.write(midi.file());
                    zip.closeEntry();
                    last = midi.index();
                }
            } while (page.size() == PAGE);
        }
    }
}
