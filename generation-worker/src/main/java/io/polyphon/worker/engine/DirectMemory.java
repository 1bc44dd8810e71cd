package io.polyphon.worker.engine;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Frees direct buffers at once. The JDK frees one only when the garbage collector finds it unreachable, which for a
 * cache grown a chunk at a time leaves every outgrown copy resident until a collection happens to run; the JDK's
 * own {@code Unsafe.invokeCleaner} (module jdk.unsupported, as Netty and Lucene use it) frees it now.
 */
final class DirectMemory {

    private static final sun.misc.Unsafe UNSAFE = unsafe();

    private DirectMemory() {
    }

    /** Frees the buffers; none may be used afterwards (nor any tensor or view made over them). */
    static void free(ByteBuffer... buffers) {
        for (ByteBuffer buffer : buffers) {
            if (UNSAFE != null && buffer != null && buffer.isDirect()) UNSAFE.invokeCleaner(buffer);
        }
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (sun.misc.Unsafe) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // then the garbage collector frees them, later
        }
    }
}
