package io.polyphon.storage;

import io.polyphon.contract.InternalCredential;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The tests call the internal API as the gateway does: every MockMvc request carries the internal credential, unless
 * a test takes it off to see the refusal.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InternalCaller {

    /** The secret the test contexts start with ({@code POLYPHON_INTERNAL_SECRET}). */
    public static final String SECRET = "test-internal-secret-0123456789";

    /** The setting to start a test context with. */
    public static final String SETTING = "POLYPHON_INTERNAL_SECRET=" + SECRET;

    @Bean
    MockMvcBuilderCustomizer internalCredential() {
        return builder -> builder.defaultRequest(get("/").header(InternalCredential.HEADER, SECRET));
    }
}
