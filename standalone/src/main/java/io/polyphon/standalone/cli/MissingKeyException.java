package io.polyphon.standalone.cli;

/** No API key could be found for a command that talks to a server; the message says where it looked. */
final class MissingKeyException extends RuntimeException {

    MissingKeyException(String message) {
        super(message);
    }
}
