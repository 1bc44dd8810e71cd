package io.polyphon.midi.audio;

import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;

/** The samples of a rendered WAV file (16-bit mono), for tests that listen to it crudely. */
public record Wav(short[] samples, float rate) {

    public static Wav of(byte[] wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            byte[] pcm = in.readAllBytes();
            short[] samples = new short[pcm.length / 2];
            for (int i = 0; i < samples.length; i++) samples[i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
            return new Wav(samples, in.getFormat().getSampleRate());
        }
    }

    public double seconds() {
        return samples.length / (double) rate;
    }

    /** Root mean square of the samples from {@code from} to {@code to} seconds: 0 is digital silence. */
    public double rms(double from, double to) {
        double sum = 0;
        int a = (int) (from * rate), b = (int) (to * rate);
        for (int i = a; i < b; i++) sum += samples[i] * (double) samples[i];
        return Math.sqrt(sum / (b - a));
    }

    /** How often the signal changes sign: a crude brightness, high for noise (cymbals, snares), low for a bass. */
    public double zeroCrossingsPerSecond(double from, double to) {
        int crossings = 0;
        for (int i = (int) (from * rate) + 1; i < (int) (to * rate); i++) {
            if ((samples[i - 1] < 0) != (samples[i] < 0)) crossings++;
        }
        return crossings / (to - from);
    }
}
