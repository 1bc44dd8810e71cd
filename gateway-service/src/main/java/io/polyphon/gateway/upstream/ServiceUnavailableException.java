package io.polyphon.gateway.upstream;

/** A part of the service behind the gateway cannot take the request right now; answered 503, worth a retry. */
public class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String message) {
        super(message);
    }
}
