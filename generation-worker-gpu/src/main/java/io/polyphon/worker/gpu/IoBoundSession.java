package io.polyphon.worker.gpu;

import ai.onnxruntime.OrtSession;
import io.polyphon.mmm.vocab.Vocabulary;
import io.polyphon.worker.engine.ModelMetadata;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One session of the in-place-cache graph (model/export_onnx.py) run through ONNX Runtime's I/O binding: every input
 * and output is bound once to an OrtValue over memory this object owns, and a step only writes the new token ids,
 * positions and lengths into the bound host buffers, runs, and reads the logits from the bound logits buffer. The
 * pool and cache buffers stay bound, so no run hands ONNX Runtime a new copy of them; on CUDA, with {@link
 * Memory#device}, they would stay in device memory.
 *
 * <p>Shapes: {@code rows} rows (every run covers all of them), cache {@code [rows, heads, capacity, headSize]} and
 * pool {@code [1, heads, poolCapacity, headSize]} per layer and kind, new keys and values {@code [rows, heads, steps,
 * headSize]} with {@code steps <= maxSteps} (rebound when a run's steps differ from the last run's).
 */
public final class IoBoundSession implements AutoCloseable {

    /** Where the pool, the cache and the new keys and values live; token ids, lengths and logits are always on the host. */
    public sealed interface Memory {

        /** Off-heap host memory of this process (a Java arena): what the CPU execution provider reads in place. */
        static Memory host() {
            return new Host();
        }

        /**
         * Memory from the session's allocator for an {@code OrtMemoryInfo} of this name and device id: {@code ("Cuda",
         * 0)} for the CUDA execution provider's device memory, {@code ("Cpu", 0)} on the CPU.
         */
        static Memory device(String name, int id) {
            return new Device(name, id);
        }

        record Host() implements Memory {
        }

        record Device(String name, int id) implements Memory {
        }
    }

    private final OrtApi api = OrtApi.get();
    private final Arena arena = Arena.ofShared();
    private final List<MemorySegment> ownedValues = new ArrayList<>();
    private final List<MemorySegment> allocated = new ArrayList<>();
    private final MemorySegment session;
    private final MemorySegment binding;
    private final MemorySegment hostInfo;
    private MemorySegment deviceInfo = MemorySegment.NULL; // hostInfo where memory is Host
    private MemorySegment allocator = MemorySegment.NULL; // the session's allocator for deviceInfo; NULL where Host
    private boolean hostAccessible;
    private final int layers;
    private final int heads;
    private final int headSize;
    private final int rows;
    private final int capacity;
    private final int maxSteps;

    // host buffers of the small inputs and the logits
    private final MemorySegment ids;
    private final MemorySegment positions;
    private final MemorySegment prefixStart;
    private final MemorySegment prefixEnd;
    private final MemorySegment cacheLength;
    private final MemorySegment lastToken;
    private final MemorySegment logits;
    // per layer, in memory
    private final MemorySegment[] cacheKeys;
    private final MemorySegment[] cacheValues;
    private final MemorySegment[] poolKeys;
    private final MemorySegment[] poolValues;
    private final MemorySegment[] freshKeys;
    private final MemorySegment[] freshValues;
    // the OrtValues whose shapes follow a run's steps
    private final List<MemorySegment> stepValues = new ArrayList<>();
    private int boundSteps = -1;
    private int cacheBindings;

    private IoBoundSession(OrtSession javaSession, ModelMetadata m, int rows, int capacity, int poolCapacity,
                           int maxSteps, Memory memory) {
        this.session = OrtApi.sessionHandle(javaSession);
        this.layers = m.layers();
        this.heads = m.heads();
        this.headSize = m.headSize();
        this.rows = rows;
        this.capacity = capacity;
        this.maxSteps = maxSteps;
        this.binding = created(api.createIoBinding, "CreateIoBinding", session);
        this.hostInfo = created(api.createCpuMemoryInfo, "CreateCpuMemoryInfo", OrtApi.DEVICE_ALLOCATOR, OrtApi.MEM_TYPE_DEFAULT);
        try {
            if (memory instanceof Memory.Device(String name, int id)) {
                this.deviceInfo = created(api.createMemoryInfo, "CreateMemoryInfo", arena.allocateFrom(name),
                        OrtApi.DEVICE_ALLOCATOR, id, OrtApi.MEM_TYPE_DEFAULT);
                this.allocator = created(api.createAllocator, "CreateAllocator", session, deviceInfo);
                this.hostAccessible = "Cpu".equals(name);
            } else {
                this.deviceInfo = hostInfo;
                this.allocator = MemorySegment.NULL;
                this.hostAccessible = true;
            }

            ids = arena.allocate(JAVA_LONG, (long) rows * maxSteps);
            positions = arena.allocate(JAVA_LONG, (long) rows * maxSteps);
            prefixStart = arena.allocate(JAVA_LONG, rows);
            prefixEnd = arena.allocate(JAVA_LONG, rows);
            cacheLength = arena.allocate(JAVA_LONG, rows);
            lastToken = arena.allocate(JAVA_LONG, rows);
            logits = arena.allocate(JAVA_FLOAT, (long) rows * Vocabulary.SIZE);

            long cacheBytes = 4L * rows * heads * capacity * headSize;
            long poolBytes = 4L * heads * poolCapacity * headSize;
            long freshBytes = 4L * rows * heads * maxSteps * headSize;
            cacheKeys = new MemorySegment[layers];
            cacheValues = new MemorySegment[layers];
            poolKeys = new MemorySegment[layers];
            poolValues = new MemorySegment[layers];
            freshKeys = new MemorySegment[layers];
            freshValues = new MemorySegment[layers];
            for (int l = 0; l < layers; l++) {
                cacheKeys[l] = memory(cacheBytes);
                cacheValues[l] = memory(cacheBytes);
                poolKeys[l] = memory(poolBytes);
                poolValues[l] = memory(poolBytes);
                freshKeys[l] = memory(freshBytes);
                freshValues[l] = memory(freshBytes);
            }

            bindInput("prefix_start", owned(tensor(hostInfo, prefixStart, OrtApi.INT64, rows)));
            bindInput("prefix_end", owned(tensor(hostInfo, prefixEnd, OrtApi.INT64, rows)));
            bindInput("cache_length", owned(tensor(hostInfo, cacheLength, OrtApi.INT64, rows)));
            bindInput("last_token", owned(tensor(hostInfo, lastToken, OrtApi.INT64, rows)));
            long[] pool = {1, heads, poolCapacity, headSize};
            long[] cache = {rows, heads, capacity, headSize};
            for (int l = 0; l < layers; l++) {
                bindInput("prefix_key_values." + l + ".key", owned(tensor(deviceInfo, poolKeys[l], OrtApi.FLOAT, pool)));
                bindInput("prefix_key_values." + l + ".value", owned(tensor(deviceInfo, poolValues[l], OrtApi.FLOAT, pool)));
                bindInput("cache_key_values." + l + ".key", owned(tensor(deviceInfo, cacheKeys[l], OrtApi.FLOAT, cache)));
                bindInput("cache_key_values." + l + ".value", owned(tensor(deviceInfo, cacheValues[l], OrtApi.FLOAT, cache)));
            }
            cacheBindings++;
            bindOutput("logits", owned(tensor(hostInfo, logits, OrtApi.FLOAT, rows, Vocabulary.SIZE)));
        } catch (RuntimeException e) {
            close(); // what was made so far
            throw e;
        }
    }

    /**
     * Binds a session of the in-place-cache graph. The Java session stays the owner of the OrtSession; close this
     * before it.
     */
    public static IoBoundSession open(OrtSession session, ModelMetadata metadata, int rows, int capacity, int poolCapacity,
                                      int maxSteps, Memory memory) {
        if (rows < 1 || capacity < 1 || poolCapacity < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("rows, capacity, pool capacity and steps must be >= 1");
        }
        return new IoBoundSession(session, metadata, rows, capacity, poolCapacity, maxSteps, memory);
    }

    /**
     * One run over {@code steps} new tokens in every row; the arguments are those of the engine's
     * {@code OnnxLanguageModel.run} for rows {@code [0, rows)}. Returns each row's logits after its last new token,
     * {@code [rows * vocabulary]}; the new keys and values stay in the bound buffers ({@link #writeFresh}).
     */
    public float[] run(long[] ids, long[] positions, int steps, long[] prefixStart, long[] prefixEnd,
                       long[] cacheLength, long[] lastToken) {
        if (steps < 1 || steps > maxSteps) throw new IllegalArgumentException("steps " + steps + " not in [1, " + maxSteps + "]");
        if (steps != boundSteps) bindSteps(steps);
        MemorySegment.copy(ids, 0, this.ids, JAVA_LONG, 0, rows * steps);
        MemorySegment.copy(positions, 0, this.positions, JAVA_LONG, 0, rows * steps);
        MemorySegment.copy(prefixStart, 0, this.prefixStart, JAVA_LONG, 0, rows);
        MemorySegment.copy(prefixEnd, 0, this.prefixEnd, JAVA_LONG, 0, rows);
        MemorySegment.copy(cacheLength, 0, this.cacheLength, JAVA_LONG, 0, rows);
        MemorySegment.copy(lastToken, 0, this.lastToken, JAVA_LONG, 0, rows);
        api.call(api.runWithBinding, "RunWithBinding", session, MemorySegment.NULL, binding);
        return logits.toArray(JAVA_FLOAT);
    }

    /**
     * Writes positions {@code [at, at + count)} of cache row {@code row} from the last run's new keys and values of
     * batch row {@code from}, steps {@code [0, count)}: like the engine's {@code KvBuffers.write}, a copy of the new
     * positions only. Only where the memory is the host's; on a device this needs a device copy (see the README).
     */
    public void writeFresh(int row, int at, int from, int count) {
        if (!hostAccessible) {
            throw new UnsupportedOperationException("the cache is in device memory; writing new positions into it needs a "
                    + "device copy, which this binding does not have (see generation-worker-gpu/README.md)");
        }
        long block = (long) count * headSize * Float.BYTES;
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                long target = (((long) row * heads + h) * capacity + at) * headSize * Float.BYTES;
                long source = (((long) from * heads + h) * boundSteps) * headSize * Float.BYTES;
                MemorySegment.copy(freshKeys[l], source, cacheKeys[l], target, block);
                MemorySegment.copy(freshValues[l], source, cacheValues[l], target, block);
            }
        }
    }

    /** How many times the pool and cache buffers were bound: once, at open, however many runs follow. */
    int cacheBindings() {
        return cacheBindings;
    }

    /** Where the bound keys of one layer's cache lie (host or device address). */
    long cacheKeysAddress(int layer) {
        return cacheKeys[layer].address();
    }

    /** Where the new keys of one layer are written. */
    long freshKeysAddress(int layer) {
        return freshKeys[layer].address();
    }

    /**
     * The data addresses of the OrtValues the binding holds for its outputs after a run, in the order bound (logits,
     * then new keys and values per layer); equal to this object's buffers where ONNX Runtime wrote into them.
     */
    long[] boundOutputAddresses() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment defaultAllocator = createdIn(call, api.getAllocatorWithDefaultOptions, "GetAllocatorWithDefaultOptions");
            MemorySegment array = call.allocate(ADDRESS);
            MemorySegment count = call.allocate(JAVA_LONG);
            api.call(api.getBoundOutputValues, "GetBoundOutputValues", binding, defaultAllocator, array, count);
            int n = (int) count.get(JAVA_LONG, 0);
            MemorySegment values = OrtApi.out(array).reinterpret(n * ADDRESS.byteSize());
            long[] addresses = new long[n];
            for (int i = 0; i < n; i++) {
                MemorySegment value = values.getAtIndex(ADDRESS, i);
                MemorySegment data = call.allocate(ADDRESS);
                api.call(api.getTensorMutableData, "GetTensorMutableData", value, data);
                addresses[i] = OrtApi.out(data).address();
                api.callVoid(api.releaseValue, "ReleaseValue", value);
            }
            if (n > 0) api.call(api.allocatorFree, "AllocatorFree", defaultAllocator, OrtApi.out(array));
            return addresses;
        }
    }

    private void bindSteps(int steps) {
        releaseStepValues();
        MemorySegment idsValue = tensor(hostInfo, ids, OrtApi.INT64, rows, steps);
        MemorySegment positionsValue = tensor(hostInfo, positions, OrtApi.INT64, rows, steps);
        stepValues.add(idsValue);
        stepValues.add(positionsValue);
        bindInput("input_ids", idsValue);
        bindInput("position_ids", positionsValue);
        for (int l = 0; l < layers; l++) {
            MemorySegment k = tensor(deviceInfo, freshKeys[l], OrtApi.FLOAT, rows, heads, steps, headSize);
            MemorySegment v = tensor(deviceInfo, freshValues[l], OrtApi.FLOAT, rows, heads, steps, headSize);
            stepValues.add(k);
            stepValues.add(v);
            bindOutput("new_key_values." + l + ".key", k);
            bindOutput("new_key_values." + l + ".value", v);
        }
        boundSteps = steps;
    }

    private void releaseStepValues() {
        // the binding keeps its own references to what it was given, so ours can go once they are replaced
        for (MemorySegment value : stepValues) api.callVoid(api.releaseValue, "ReleaseValue", value);
        stepValues.clear();
    }

    private void bindInput(String name, MemorySegment value) {
        api.call(api.bindInput, "BindInput(" + name + ")", binding, arena.allocateFrom(name), value);
    }

    private void bindOutput(String name, MemorySegment value) {
        api.call(api.bindOutput, "BindOutput(" + name + ")", binding, arena.allocateFrom(name), value);
    }

    /** {@code bytes} of the binding's memory: off-heap host memory, or the session allocator's. */
    private MemorySegment memory(long bytes) {
        if (allocator.address() == 0) return arena.allocate(bytes, 64);
        MemorySegment block = created(api.allocatorAlloc, "AllocatorAlloc", allocator, bytes);
        allocated.add(block);
        // a device address is only handed to ONNX Runtime; a host one (the "Cpu" allocator) may also be written
        return hostAccessible ? block.reinterpret(bytes) : block;
    }

    /** An OrtValue over {@code data}: not copied, so the memory must outlive the value. */
    private MemorySegment tensor(MemorySegment info, MemorySegment data, int type, long... shape) {
        long elements = 1;
        for (long d : shape) elements *= d;
        long bytes = elements * (type == OrtApi.FLOAT ? Float.BYTES : Long.BYTES);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment dims = call.allocateFrom(JAVA_LONG, shape);
            MemorySegment out = call.allocate(ADDRESS);
            api.call(api.createTensorWithDataAsOrtValue, "CreateTensorWithDataAsOrtValue", info,
                    MemorySegment.ofAddress(data.address()), bytes, dims, (long) shape.length, type, out);
            return OrtApi.out(out);
        }
    }

    /** Keeps an OrtValue bound for the session's life, to be released at close. */
    private MemorySegment owned(MemorySegment value) {
        ownedValues.add(value);
        return value;
    }

    /** Calls a {@code Create...(arguments..., T** out)} function and returns what it wrote to {@code out}. */
    private MemorySegment created(MethodHandle function, String name, Object... arguments) {
        return createdIn(arena, function, name, arguments);
    }

    private MemorySegment createdIn(Arena in, MethodHandle function, String name, Object... arguments) {
        MemorySegment out = in.allocate(ValueLayout.ADDRESS);
        Object[] all = new Object[arguments.length + 1];
        System.arraycopy(arguments, 0, all, 0, arguments.length);
        all[arguments.length] = out;
        api.call(function, name, all);
        return OrtApi.out(out);
    }

    @Override
    public void close() {
        api.callVoid(api.releaseIoBinding, "ReleaseIoBinding", binding);
        releaseStepValues();
        for (MemorySegment value : ownedValues) api.callVoid(api.releaseValue, "ReleaseValue", value);
        ownedValues.clear();
        for (MemorySegment block : allocated) api.call(api.allocatorFree, "AllocatorFree", allocator, block);
        allocated.clear();
        if (allocator.address() != 0) api.callVoid(api.releaseAllocator, "ReleaseAllocator", allocator);
        if (deviceInfo.address() != 0 && deviceInfo != hostInfo) {
            api.callVoid(api.releaseMemoryInfo, "ReleaseMemoryInfo", deviceInfo);
        }
        api.callVoid(api.releaseMemoryInfo, "ReleaseMemoryInfo", hostInfo);
        arena.close();
    }
}
