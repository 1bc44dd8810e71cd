package io.polyphon.worker.gpu;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The C API reached through FFM: the library the Java API loaded, and table indices that call what they name. */
class OrtApiTest {

    private final OrtApi api = OrtApi.get();

    @Test
    void reachesTheCApiOfTheOnnxRuntimeTheJavaApiLoaded() {
        assertThat(api.version()).isEqualTo("1.23.2");
    }

    @Test
    void defaultAllocatorIsFoundAndDescribesCpuMemory() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment allocator = arena.allocate(ADDRESS);
            api.call(api.getAllocatorWithDefaultOptions, "GetAllocatorWithDefaultOptions", allocator);
            assertThat(OrtApi.out(allocator).address()).isNotZero();

            MemorySegment info = arena.allocate(ADDRESS);
            api.call(api.allocatorGetInfo, "AllocatorGetInfo", OrtApi.out(allocator), info);
            MemorySegment name = arena.allocate(ADDRESS);
            api.call(api.memoryInfoGetName, "MemoryInfoGetName", OrtApi.out(info), name);
            assertThat(OrtApi.cString(OrtApi.out(name))).isEqualTo("Cpu");
        }
    }

    @Test
    void memoryInfoMadeByNameReadsBackItsName() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(ADDRESS);
            api.call(api.createMemoryInfo, "CreateMemoryInfo", arena.allocateFrom("Cpu"), OrtApi.DEVICE_ALLOCATOR, 0,
                    OrtApi.MEM_TYPE_DEFAULT, info);
            MemorySegment name = arena.allocate(ADDRESS);
            api.call(api.memoryInfoGetName, "MemoryInfoGetName", OrtApi.out(info), name);
            assertThat(OrtApi.cString(OrtApi.out(name))).isEqualTo("Cpu");
            api.callVoid(api.releaseMemoryInfo, "ReleaseMemoryInfo", OrtApi.out(info));
        }
    }

    @Test
    void failedCallThrowsOnnxRuntimesCodeAndMessage() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(ADDRESS);
            assertThatThrownBy(() -> api.call(api.createMemoryInfo, "CreateMemoryInfo", arena.allocateFrom("Nowhere"),
                    OrtApi.DEVICE_ALLOCATOR, 0, OrtApi.MEM_TYPE_DEFAULT, info))
                    .isInstanceOfSatisfying(OrtCallException.class, e -> {
                        assertThat(e.function()).isEqualTo("CreateMemoryInfo");
                        assertThat(e.code()).isEqualTo(2); // ORT_INVALID_ARGUMENT
                        assertThat(e.getMessage()).contains("Specified device is not supported");
                    });
        }
    }
}
