package io.polyphon.contract;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of the messages: one mapper every service uses. Unknown fields are ignored so a consumer keeps
 * working when a producer adds one; a change to an existing field shows in the golden files of the tests.
 */
public final class Messages {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Messages() {
    }

    public static JsonMapper json() {
        return MAPPER;
    }

    public static String toJson(Object message) {
        return MAPPER.writeValueAsString(message);
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }
}
