package io.polyphon.gateway.auth;

/**
 * The API key a request came with, once checked: its id (never its secret) owns what the request makes; an admin key
 * may also manage keys and read the audit trail ({@code /v1/admin}).
 */
public record ApiKey(String id, String name, boolean admin) {

    static final String ATTRIBUTE = ApiKey.class.getName();

    /** A key without the admin scope. */
    public ApiKey(String id, String name) {
        this(id, name, false);
    }
}
