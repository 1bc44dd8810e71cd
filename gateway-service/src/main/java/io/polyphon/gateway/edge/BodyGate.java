package io.polyphon.gateway.edge;

import io.polyphon.gateway.auth.ApiKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds the requests whose bodies are being read at once, overall and per key. A body arrives as fast as its
 * client sends it, and while it does it holds a server thread: without a bound a few slow uploads could hold all of
 * them. A request over a bound is refused before its body is read (multipart is resolved lazily, so nothing is
 * read before this runs), with {@code Retry-After}: 429 when its key has its share in flight, 503 when the gateway
 * as a whole has.
 */
final class BodyGate implements HandlerInterceptor {

    private static final String HELD = BodyGate.class.getName() + ".held";

    private final Semaphore overall;
    private final int perKey;
    private final long retryAfterSeconds;
    // key id → its bodies in flight; an entry leaves when its count is back to zero, so the map stays small
    private final ConcurrentMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    BodyGate(EdgeProperties properties) {
        this.overall = new Semaphore(properties.maxConcurrentBodies());
        this.perKey = properties.maxConcurrentBodiesPerKey();
        this.retryAfterSeconds = properties.retryAfterSeconds();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!hasBody(request) || !(request.getAttribute(ApiKey.class.getName()) instanceof ApiKey key)) return true;
        boolean[] admitted = {false};
        inFlight.compute(key.id(), (id, count) -> {
            int now = count == null ? 0 : count;
            admitted[0] = now < perKey;
            return admitted[0] ? now + 1 : (now == 0 ? null : now);
        });
        if (!admitted[0]) {
            throw new NoRoomException(HttpStatus.TOO_MANY_REQUESTS, "too-many-uploads", "This key already has "
                    + perKey + " requests with a body in flight; wait for one to finish.", retryAfterSeconds);
        }
        if (!overall.tryAcquire()) {
            release(key.id());
            throw new NoRoomException(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                    "The gateway is reading as many request bodies as it takes at once; try again shortly.",
                    retryAfterSeconds);
        }
        request.setAttribute(HELD, key.id());
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (request.getAttribute(HELD) instanceof String keyId) {
            request.removeAttribute(HELD);
            overall.release();
            release(keyId);
        }
    }

    private void release(String keyId) {
        inFlight.computeIfPresent(keyId, (id, count) -> count <= 1 ? null : count - 1);
    }

    /** Whether the request says it carries a body: a length above zero, or a chunked one of unknown length. */
    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
