package io.polyphon.gateway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A refusal an endpoint can answer, for the API document: the status and the problem codes it comes with. The
 * document gives each one the {@link Problem} body; the refusals every endpoint shares (401, 502, 503) are added
 * to all of them and need no annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Refusal.List.class)
public @interface Refusal {

    /** The HTTP status, such as 404. */
    int status();

    /** The problem codes this status comes with, as a sentence: "unknown-piece: there is no such piece". */
    String codes();

    /** Several refusals of one endpoint. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        Refusal[] value();
    }
}
