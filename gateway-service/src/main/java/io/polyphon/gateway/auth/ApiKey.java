package io.polyphon.gateway.auth;

/** The API key a request came with, once checked: its id (never its secret) owns what the request makes. */
public record ApiKey(String id, String name) {

    static final String ATTRIBUTE = ApiKey.class.getName();
}
