package io.polyphon.worker.gpu;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few functions of ONNX Runtime's C API ({@code struct OrtApi}) that I/O binding needs, called through the FFM
 * API on the {@code libonnxruntime} the Java API already loaded. Each function is read from the table
 * {@code OrtGetApiBase()->GetApi(ORT_API_VERSION)} at its index in the struct.
 */
final class OrtApi {

    /** ONNX Runtime 1.23's {@code ORT_API_VERSION}; GetApi returns null if the loaded library is older. */
    static final int ORT_API_VERSION = 23;

    /*
     * Indices of the members of struct OrtApi, counted in declaration order (every member is one function pointer)
     * from include/onnxruntime/core/session/onnxruntime_c_api.h of microsoft/onnxruntime at ORT_API_VERSION 13, the
     * version of the header available to the author: its members were transcribed one a line and numbered from 0.
     * ONNX Runtime only appends to OrtApi (a member's place never changes; that is what lets an older header run
     * against a newer library), so these hold for 1.23. OrtApiTest checks several at run time: the allocator and
     * memory-info round trip reads back "Cpu", and the binding's run reproduces the Java API's logits.
     */
    static final int GET_ERROR_CODE = 1;
    static final int GET_ERROR_MESSAGE = 2;
    static final int CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE = 49;
    static final int GET_TENSOR_MUTABLE_DATA = 51;
    static final int CREATE_MEMORY_INFO = 68;
    static final int CREATE_CPU_MEMORY_INFO = 69;
    static final int MEMORY_INFO_GET_NAME = 71;
    static final int ALLOCATOR_ALLOC = 75;
    static final int ALLOCATOR_FREE = 76;
    static final int ALLOCATOR_GET_INFO = 77;
    static final int GET_ALLOCATOR_WITH_DEFAULT_OPTIONS = 78;
    static final int RELEASE_STATUS = 93;
    static final int RELEASE_MEMORY_INFO = 94;
    static final int RELEASE_VALUE = 96;
    static final int CREATE_ALLOCATOR = 131;
    static final int RELEASE_ALLOCATOR = 132;
    static final int RUN_WITH_BINDING = 133;
    static final int CREATE_IO_BINDING = 134;
    static final int RELEASE_IO_BINDING = 135;
    static final int BIND_INPUT = 136;
    static final int BIND_OUTPUT = 137;
    static final int BIND_OUTPUT_TO_DEVICE = 138;
    static final int GET_BOUND_OUTPUT_VALUES = 140;
    static final int CLEAR_BOUND_INPUTS = 141;
    static final int CLEAR_BOUND_OUTPUTS = 142;
    /** One past the highest index used: how much of the table is read. */
    private static final int USED = 143;

    /** ONNXTensorElementDataType */
    static final int FLOAT = 1;
    static final int INT64 = 7;
    /** OrtAllocatorType.OrtDeviceAllocator and OrtMemType.OrtMemTypeDefault */
    static final int DEVICE_ALLOCATOR = 0;
    static final int MEM_TYPE_DEFAULT = 0;

    private static final FunctionDescriptor STATUS_OF_1 = FunctionDescriptor.of(ADDRESS, ADDRESS);
    private static final FunctionDescriptor STATUS_OF_2 = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor STATUS_OF_3 = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor VOID_OF_1 = FunctionDescriptor.ofVoid(ADDRESS);

    private static volatile OrtApi instance;

    private final String version;
    private final MethodHandle getErrorCode;
    private final MethodHandle getErrorMessage;
    private final MethodHandle releaseStatus;
    final MethodHandle createTensorWithDataAsOrtValue;
    final MethodHandle getTensorMutableData;
    final MethodHandle createMemoryInfo;
    final MethodHandle createCpuMemoryInfo;
    final MethodHandle memoryInfoGetName;
    final MethodHandle releaseMemoryInfo;
    final MethodHandle allocatorAlloc;
    final MethodHandle allocatorFree;
    final MethodHandle allocatorGetInfo;
    final MethodHandle getAllocatorWithDefaultOptions;
    final MethodHandle createAllocator;
    final MethodHandle releaseAllocator;
    final MethodHandle releaseValue;
    final MethodHandle runWithBinding;
    final MethodHandle createIoBinding;
    final MethodHandle releaseIoBinding;
    final MethodHandle bindInput;
    final MethodHandle bindOutput;
    final MethodHandle bindOutputToDevice;
    final MethodHandle getBoundOutputValues;
    final MethodHandle clearBoundInputs;
    final MethodHandle clearBoundOutputs;

    private OrtApi(MemorySegment apiBase) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MemorySegment base = apiBase.reinterpret(2 * ADDRESS.byteSize());
        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        MethodHandle getApi = linker.downcallHandle(base.getAtIndex(ADDRESS, 0), FunctionDescriptor.of(ADDRESS, JAVA_INT));
        MethodHandle getVersionString = linker.downcallHandle(base.getAtIndex(ADDRESS, 1), FunctionDescriptor.of(ADDRESS));
        this.version = cString((MemorySegment) getVersionString.invoke());
        MemorySegment api = (MemorySegment) getApi.invoke(ORT_API_VERSION);
        if (api.address() == 0) {
            throw new OrtCallException("GetApi", -1, "ONNX Runtime " + version + " has no API version " + ORT_API_VERSION);
        }
        MemorySegment table = api.reinterpret(USED * ADDRESS.byteSize());
        getErrorCode = linker.downcallHandle(table.getAtIndex(ADDRESS, GET_ERROR_CODE), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getErrorMessage = linker.downcallHandle(table.getAtIndex(ADDRESS, GET_ERROR_MESSAGE), FunctionDescriptor.of(ADDRESS, ADDRESS));
        releaseStatus = linker.downcallHandle(table.getAtIndex(ADDRESS, RELEASE_STATUS), VOID_OF_1);
        // (const OrtMemoryInfo*, void* data, size_t bytes, const int64_t* shape, size_t rank, type, OrtValue** out)
        createTensorWithDataAsOrtValue = linker.downcallHandle(table.getAtIndex(ADDRESS, CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE),
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
        getTensorMutableData = linker.downcallHandle(table.getAtIndex(ADDRESS, GET_TENSOR_MUTABLE_DATA), STATUS_OF_2);
        // (const char* name, OrtAllocatorType, int device id, OrtMemType, OrtMemoryInfo** out)
        createMemoryInfo = linker.downcallHandle(table.getAtIndex(ADDRESS, CREATE_MEMORY_INFO),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        createCpuMemoryInfo = linker.downcallHandle(table.getAtIndex(ADDRESS, CREATE_CPU_MEMORY_INFO),
                FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        memoryInfoGetName = linker.downcallHandle(table.getAtIndex(ADDRESS, MEMORY_INFO_GET_NAME), STATUS_OF_2);
        releaseMemoryInfo = linker.downcallHandle(table.getAtIndex(ADDRESS, RELEASE_MEMORY_INFO), VOID_OF_1);
        allocatorAlloc = linker.downcallHandle(table.getAtIndex(ADDRESS, ALLOCATOR_ALLOC),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        allocatorFree = linker.downcallHandle(table.getAtIndex(ADDRESS, ALLOCATOR_FREE), STATUS_OF_2);
        allocatorGetInfo = linker.downcallHandle(table.getAtIndex(ADDRESS, ALLOCATOR_GET_INFO), STATUS_OF_2);
        getAllocatorWithDefaultOptions = linker.downcallHandle(table.getAtIndex(ADDRESS, GET_ALLOCATOR_WITH_DEFAULT_OPTIONS), STATUS_OF_1);
        createAllocator = linker.downcallHandle(table.getAtIndex(ADDRESS, CREATE_ALLOCATOR), STATUS_OF_3);
        releaseAllocator = linker.downcallHandle(table.getAtIndex(ADDRESS, RELEASE_ALLOCATOR), VOID_OF_1);
        releaseValue = linker.downcallHandle(table.getAtIndex(ADDRESS, RELEASE_VALUE), VOID_OF_1);
        // (OrtSession*, const OrtRunOptions* or null, const OrtIoBinding*)
        runWithBinding = linker.downcallHandle(table.getAtIndex(ADDRESS, RUN_WITH_BINDING), STATUS_OF_3);
        createIoBinding = linker.downcallHandle(table.getAtIndex(ADDRESS, CREATE_IO_BINDING), STATUS_OF_2);
        releaseIoBinding = linker.downcallHandle(table.getAtIndex(ADDRESS, RELEASE_IO_BINDING), VOID_OF_1);
        bindInput = linker.downcallHandle(table.getAtIndex(ADDRESS, BIND_INPUT), STATUS_OF_3);
        bindOutput = linker.downcallHandle(table.getAtIndex(ADDRESS, BIND_OUTPUT), STATUS_OF_3);
        bindOutputToDevice = linker.downcallHandle(table.getAtIndex(ADDRESS, BIND_OUTPUT_TO_DEVICE), STATUS_OF_3);
        // (const OrtIoBinding*, OrtAllocator*, OrtValue*** out, size_t* count)
        getBoundOutputValues = linker.downcallHandle(table.getAtIndex(ADDRESS, GET_BOUND_OUTPUT_VALUES),
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        clearBoundInputs = linker.downcallHandle(table.getAtIndex(ADDRESS, CLEAR_BOUND_INPUTS), VOID_OF_1);
        clearBoundOutputs = linker.downcallHandle(table.getAtIndex(ADDRESS, CLEAR_BOUND_OUTPUTS), VOID_OF_1);
    }

    /** The C API of the ONNX Runtime the Java API loaded (loading it first if no one has). */
    static OrtApi get() {
        OrtApi api = instance;
        if (api != null) return api;
        synchronized (OrtApi.class) {
            if (instance == null) {
                OrtEnvironment.getEnvironment(); // makes ai.onnxruntime load libonnxruntime (System.load)
                MemorySegment getApiBase = findGetApiBase().orElseThrow(() -> new OrtCallException("OrtGetApiBase", -1,
                        "libonnxruntime is not loaded in this class loader and -Donnxruntime.native.path names no "
                                + "directory that holds it"));
                try {
                    MemorySegment apiBase = (MemorySegment) Linker.nativeLinker()
                            .downcallHandle(getApiBase, FunctionDescriptor.of(ADDRESS)).invoke();
                    instance = new OrtApi(apiBase);
                } catch (OrtCallException e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException("cannot reach ONNX Runtime's C API", e);
                }
            }
            return instance;
        }
    }

    /**
     * OrtGetApiBase, the library's one exported entry point. ai.onnxruntime loads the library with System.load from
     * this class loader, so the loader's lookup finds it; where the library was loaded from a directory given by
     * {@code onnxruntime.native.path}, that file is opened as well (dlopen returns the copy already loaded).
     */
    private static Optional<MemorySegment> findGetApiBase() {
        Optional<MemorySegment> found = SymbolLookup.loaderLookup().find("OrtGetApiBase");
        if (found.isPresent()) return found;
        String dir = System.getProperty("onnxruntime.native.path");
        if (dir == null) return Optional.empty();
        Path library = Path.of(dir).resolve(System.mapLibraryName("onnxruntime"));
        return SymbolLookup.libraryLookup(library, Arena.global()).find("OrtGetApiBase");
    }

    /** The version string the loaded library reports through OrtApiBase, e.g. {@code 1.23.2}. */
    String version() {
        return version;
    }

    /** Throws the status's code and message if the call failed (a non-null OrtStatus), releasing it. */
    void check(Object status, String function) {
        MemorySegment s = (MemorySegment) status;
        if (s.address() == 0) return;
        try {
            int code = (int) getErrorCode.invoke(s);
            String message = cString((MemorySegment) getErrorMessage.invoke(s));
            throw new OrtCallException(function, code, message);
        } catch (OrtCallException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the status " + function + " returned", e);
        } finally {
            try {
                releaseStatus.invoke(s);
            } catch (Throwable ignored) {
                // the message is what matters
            }
        }
    }

    /** Calls a function that returns an OrtStatus*, throwing its error. */
    void call(MethodHandle function, String name, Object... arguments) {
        try {
            check(function.invokeWithArguments(arguments), name);
        } catch (OrtCallException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("the call " + name + " failed", e);
        }
    }

    /** Calls a function that returns nothing (the Release and Clear functions). */
    void callVoid(MethodHandle function, String name, Object... arguments) {
        try {
            function.invokeWithArguments(arguments);
        } catch (Throwable e) {
            throw new IllegalStateException("the call " + name + " failed", e);
        }
    }

    /** The OrtSession* under a Java {@link OrtSession}: its private {@code nativeHandle}. */
    static MemorySegment sessionHandle(OrtSession session) {
        try {
            Field handle = OrtSession.class.getDeclaredField("nativeHandle");
            handle.setAccessible(true);
            return MemorySegment.ofAddress(handle.getLong(session));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this ONNX Runtime's OrtSession has no long nativeHandle (javap -p "
                    + "ai.onnxruntime.OrtSession)", e);
        }
    }

    static String cString(MemorySegment pointer) {
        return pointer.address() == 0 ? null : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Reads the pointer a call wrote to an out-parameter. */
    static MemorySegment out(MemorySegment slot) {
        return slot.get(ValueLayout.ADDRESS, 0);
    }
}
