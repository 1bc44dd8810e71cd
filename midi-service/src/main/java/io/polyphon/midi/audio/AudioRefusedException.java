package io.polyphon.midi.audio;

/** A piece that was not rendered to audio, with the {@link AudioProblem} and a sentence saying why. */
public class AudioRefusedException extends RuntimeException {

    private final AudioProblem problem;

    public AudioRefusedException(AudioProblem problem, String reason) {
        super(reason);
        this.problem = problem;
    }

    public AudioProblem problem() {
        return problem;
    }
}
