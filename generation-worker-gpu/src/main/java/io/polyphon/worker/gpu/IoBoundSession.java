package io.polyphon.worker.gpu;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.polyphon.mmm.vocab.Vocabulary;
import io.polyphon.worker.engine.ModelMetadata;
import io.polyphon.worker.engine.OnnxLanguageModel;

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
 * One session of the serving graph (model/export_onnx.py) run through ONNX Runtime's I/O binding: every input
 * and output is bound once to an OrtValue over memory this object owns, and a step only writes the new token ids,
 * positions and lengths into the bound host buffers, runs, and reads the logits from the bound logits buffer. The
 * pool and cache buffers stay bound, so no run hands ONNX Runtime a new copy of them; on CUDA, with {@link
 * Memory#device}, they would stay in device memory.
 *
 * <p>Two layouts ({@code polyphon.graph}): {@value #IN_PLACE_GRAPH}, whose runs return the new keys and values
 * ({@code new_key_values}, bound to buffers of this object) for the caller to write into the cache ({@link
 * #writeFresh}, a host copy); and {@value #DEVICE_CACHE_GRAPH} ({@code export_onnx.py --device-cache}), whose runs
 * write them into the cache themselves: each {@code cache_out.*} output is bound to the very OrtValue bound as its
 * {@code cache_key_values.*} input, and ONNX Runtime's ScatterND, given the same buffer as input and output, writes
 * only the new positions, in place, wherever the memory is. There {@code new_key_values} is not bound, so no run
 * hands it out (it stays in ONNX Runtime's own memory), and a run that would write past the capacity is refused.
 *
 * <p>Shapes: {@code rows} rows (every run covers all of them), cache {@code [rows, heads, capacity, headSize]} and
 * pool {@code [1, heads, poolCapacity, headSize]} per layer and kind, new keys and values {@code [rows, heads, steps,
 * headSize]} with {@code steps <= maxSteps} (rebound when a run's steps differ from the last run's).
 */
public final class IoBoundSession implements AutoCloseable {

    /** The layout whose runs return the new keys and values for the caller to write: the engine's own. */
    public static final String IN_PLACE_GRAPH = OnnxLanguageModel.GRAPH;
    /** The layout whose runs write the new keys and values into the bound cache themselves. */
    public static final String DEVICE_CACHE_GRAPH = "device-cache-1";

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
    private final boolean writesCache;

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
    // the OrtValues over the cache, bound as cache_key_values and, where the graph writes the cache, as cache_out
    private final MemorySegment[] cacheKeyValues;
    private final MemorySegment[] cacheValueValues;
    // the OrtValues whose shapes follow a run's steps
    private final List<MemorySegment> stepValues = new ArrayList<>();
    private int boundSteps = -1;
    private int cacheBindings;

    private IoBoundSession(OrtSession javaSession, ModelMetadata m, int rows, int capacity, int poolCapacity,
                           int maxSteps, Memory memory, boolean writesCache) {
        this.session = OrtApi.sessionHandle(javaSession);
        this.writesCache = writesCache;
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
            cacheKeyValues = new MemorySegment[layers];
            cacheValueValues = new MemorySegment[layers];
            for (int l = 0; l < layers; l++) {
                cacheKeys[l] = memory(cacheBytes);
                cacheValues[l] = memory(cacheBytes);
                poolKeys[l] = memory(poolBytes);
                poolValues[l] = memory(poolBytes);
                if (!writesCache) { // where the graph writes the cache, the new keys and values need no buffer of ours
                    freshKeys[l] = memory(freshBytes);
                    freshValues[l] = memory(freshBytes);
                }
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
                cacheKeyValues[l] = owned(tensor(deviceInfo, cacheKeys[l], OrtApi.FLOAT, cache));
                cacheValueValues[l] = owned(tensor(deviceInfo, cacheValues[l], OrtApi.FLOAT, cache));
                bindInput("cache_key_values." + l + ".key", cacheKeyValues[l]);
                bindInput("cache_key_values." + l + ".value", cacheValueValues[l]);
            }
            cacheBindings++;
            bindOutput("logits", owned(tensor(hostInfo, logits, OrtApi.FLOAT, rows, Vocabulary.SIZE)));
            if (writesCache) {
                // the same OrtValue as input and output: ScatterND sees one buffer and copies nothing into it
                for (int l = 0; l < layers; l++) {
                    bindOutput("cache_out." + l + ".key", cacheKeyValues[l]);
                    bindOutput("cache_out." + l + ".value", cacheValueValues[l]);
                }
            }
        } catch (RuntimeException e) {
            close(); // what was made so far
            throw e;
        }
    }

    /**
     * Binds a session of either layout (its {@code polyphon.graph}; any other is refused). The Java session stays
     * the owner of the OrtSession; close this before it.
     */
    public static IoBoundSession open(OrtSession session, ModelMetadata metadata, int rows, int capacity, int poolCapacity,
                                      int maxSteps, Memory memory) {
        if (rows < 1 || capacity < 1 || poolCapacity < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("rows, capacity, pool capacity and steps must be >= 1");
        }
        String graph;
        try {
            graph = session.getMetadata().getCustomMetadata().get("polyphon.graph");
        } catch (OrtException e) {
            throw new IllegalStateException("cannot read the model's metadata", e);
        }
        if (!IN_PLACE_GRAPH.equals(graph) && !DEVICE_CACHE_GRAPH.equals(graph)) {
            throw new IllegalArgumentException("the model's graph is '" + graph + "'; this binding runs '" + IN_PLACE_GRAPH
                    + "' and '" + DEVICE_CACHE_GRAPH + "' (model/export_onnx.py, with --device-cache for the second)");
        }
        return new IoBoundSession(session, metadata, rows, capacity, poolCapacity, maxSteps, memory,
                DEVICE_CACHE_GRAPH.equals(graph));
    }

    /** Whether the graph's runs write their new keys and values into the bound cache ({@value #DEVICE_CACHE_GRAPH}). */
    public boolean writesCache() {
        return writesCache;
    }

    /**
     * One run over {@code steps} new tokens in every row; the arguments are those of the engine's
     * {@code OnnxLanguageModel.run} for rows {@code [0, rows)}. Returns each row's logits after its last new token,
     * {@code [rows * vocabulary]}. The new keys and values are then in the bound buffers ({@link #writeFresh}), or,
     * where the graph {@linkplain #writesCache writes the cache}, already at positions {@code [cacheLength[b],
     * cacheLength[b] + steps)} of each row's cache (a right-padded row's padding too, which the mask hides and the
     * next run overwrites); a run that would write past the capacity is refused before anything is written.
     */
    public float[] run(long[] ids, long[] positions, int steps, long[] prefixStart, long[] prefixEnd,
                       long[] cacheLength, long[] lastToken) {
        if (steps < 1 || steps > maxSteps) throw new IllegalArgumentException("steps " + steps + " not in [1, " + maxSteps + "]");
        if (writesCache) {
            for (int b = 0; b < rows; b++) {
                if (cacheLength[b] < 0 || cacheLength[b] + steps > capacity) {
                    throw new IllegalArgumentException("row " + b + " would write positions [" + cacheLength[b] + ", "
                            + (cacheLength[b] + steps) + ") of a cache of capacity " + capacity);
                }
            }
        }
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
        if (writesCache) {
            throw new UnsupportedOperationException("the " + DEVICE_CACHE_GRAPH + " graph writes the cache itself");
        }
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

    /** A copy of one layer's cache keys, {@code [rows, heads, capacity, headSize]}; only where the memory is the host's. */
    float[] cacheKeys(int layer) {
        if (!hostAccessible) throw new UnsupportedOperationException("the cache is in device memory");
        return cacheKeys[layer].toArray(JAVA_FLOAT);
    }

    /** Where the new keys of one layer are written. */
    long freshKeysAddress(int layer) {
        return freshKeys[layer].address();
    }

    /**
     * The data addresses of the OrtValues the binding holds for its outputs after a run, in the order bound (logits,
     * then per layer the new keys and values, or {@code cache_out}'s where the graph writes the cache); equal to this
     * object's buffers where ONNX Runtime wrote into them.
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
        for (int l = 0; l < layers && !writesCache; l++) {
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

    /**
     * {@code bytes} of the binding's memory, zeroed: off-heap host memory (zeroed by the arena), or the session
     * allocator's. An allocator hands out what was there before, and the positions of a cache no run has written yet
     * must not hold NaN or infinity: the mask hides them by arithmetic, and NaN survives arithmetic.
     */
    private MemorySegment memory(long bytes) {
        if (allocator.address() == 0) return arena.allocate(bytes, 64);
        MemorySegment block = created(api.allocatorAlloc, "AllocatorAlloc", allocator, bytes);
        allocated.add(block);
        // a device address is only handed to ONNX Runtime; a host one (the "Cpu" allocator) may also be written.
        // Device memory is not zeroed here: that needs a device memset or copy (see the README, On CUDA)
        return hostAccessible ? block.reinterpret(bytes).fill((byte) 0) : block;
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
