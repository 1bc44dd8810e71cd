"""
Export the MMM GPT-2 decoder to ONE ONNX graph that serves the prefill and every decode step over
keys and values the Java engine keeps in buffers of its own and writes in place:

  inputs   input_ids                    [B, T]          int64
           position_ids                 [B, T]          int64
           prefix_start, prefix_end     [B]             int64   the part of the prefix pool each row reads
           cache_length                 [B]             int64   how much of its cache buffer each row has written
           last_token                   [B]             int64   each row's last real new token (right padding after)
           prefix_key_values.{i}.key    [1, H, Q, hd]   float32 a pool of prompts rows share (Q >= 1)
           prefix_key_values.{i}.value  [1, H, Q, hd]   float32
           cache_key_values.{i}.key     [B, H, C, hd]   float32 each row's own buffer, C its capacity (C >= 1)
           cache_key_values.{i}.value   [B, H, C, hd]   float32
  outputs  logits                       [B, V]          float32 at each row's last_token
           new_key_values.{i}.key       [B, H, T, hd]   float32 the new tokens' keys and values alone
           new_key_values.{i}.value     [B, H, T, hd]   float32

Query t of row b sees prefix positions [prefix_start[b], prefix_end[b]), cache positions
[0, cache_length[b]) and new tokens 0..t. The graph never concatenates keys or values, so no step
copies the cache: the scores against the pool, the buffer and the new tokens are computed apart
and only those score rows are joined. The engine writes new_key_values into its buffers at each
row's cache_length (a prompt it shares, into the pool), so a decode step moves one position per
row, a finished row frees its slot without touching the others, and rows whose prompts share a
beginning read it from one copy in the pool. Positions are absolute (learned), so a prompt's keys
mean the same wherever in the pool they lie. B, T, Q and C are dynamic; the graph is traced with
all of them > 1 and distinct, and checked against plain forwards below.

The model file carries metadata_props: polyphon.encoder, polyphon.id_layout, polyphon.n_layer,
polyphon.n_head, polyphon.n_embd, polyphon.n_positions, polyphon.vocab_size, polyphon.model_dim,
polyphon.density_table (JSON text), polyphon.grid (how the training data read MIDI onto the 12-tpq
grid: `truncate` for published 2026 MIDI-GPT checkpoints, `round` for legacy ones and our own; the
Java side reads uploads on it and takes a model without the key as `round`).

With --device-cache the graph (polyphon.graph device-cache-1) also writes the cache itself, for a caller
that keeps the buffers on a device (generation-worker-gpu) and never copies them to the host:

  outputs  cache_out.{i}.key            [B, H, C, hd]   float32 cache_key_values.{i}.key with row b's T new keys
           cache_out.{i}.value          [B, H, C, hd]   float32 written at positions cache_length[b] + t

A ScatterND of the new keys and values into the cache. Run with I/O binding, cache_out bound to the very
memory bound as cache_key_values, ONNX Runtime's ScatterND (CPU and CUDA) skips copying its input to its
output when they are the same buffer, so a step writes only its T new positions per row, in place. The
attention reads positions < cache_length and the scatter writes positions >= cache_length, so their order
does not matter. The caller must give capacity C >= cache_length[b] + T for every row (right-padded rows
included: their padding is written too, past the row's real tokens, where the mask hides it and the next
run overwrites it); positions past C are clamped to C - 1, so a device never writes outside the buffer,
but what lands there is then wrong. The plain export has no cache_out: the CPU worker pays no scatter.

Optional extras:
  --hf-out DIR    also write the weights in Hugging Face GPT-2 layout (pytorch_model.bin +
                  config.json) for the published MIDI-GPT / transformers tooling
  --golden FILE   greedy decoding (plain argmax, no grammar mask) in PyTorch with the KV cache,
                  written as JSON for a Java test that replays it through ONNX Runtime

    /usr/bin/python3 model/export_onnx.py --ckpt out/ckpt.pt --out mmm.onnx --golden golden.json
    /usr/bin/python3 model/export_onnx.py --random-init --n-layer 6 --n-head 8 --n-embd 512 \
        --n-positions 2048 --out yellow-random.onnx
    /usr/bin/python3 model/export_onnx.py --ckpt model/polyphon-mmm.onnx --device-cache \
        --out generation-worker-gpu/src/test/resources/polyphon-mmm-device-cache.onnx
"""

import argparse
import json
import os

import onnx
import torch

from model import GPT, GPTConfig, load_checkpoint

ENCODER = 'EL_VELOCITY_DURATION_POLYPHONY_YELLOW_ENCODER'
GRIDS = ['round', 'truncate']
# track-mode start in the 2026 layout: PIECE_START(0) NUM_BARS(4) TRACK(0) INSTRUMENT(0)
# MIN_POLY(0) MAX_POLY(1) MIN_DUR(2) MAX_DUR(5) BAR TIME_SIGNATURE(4/4)
DEFAULT_PROMPT = [0, 152, 2, 43, 615, 616, 637, 640, 5, 20]
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# MIDI-GPT's published table (MIT), bundled with the Java encoder that uses it
DEFAULT_DENSITY_TABLE = os.path.join(REPO_ROOT, 'shared-schema', 'src', 'main', 'resources', 'io', 'polyphon', 'mmm',
                                     'features', 'density_quantiles.json')


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument('--ckpt', help='ckpt.pt from train.py, an HF-layout .bin/.pt/.safetensors, or an HF directory')
    src.add_argument('--random-init', action='store_true', help='export a randomly initialised model (GPT-2 init)')
    p.add_argument('--n-layer', type=int, default=6, help='with --random-init')
    p.add_argument('--n-head', type=int, help='with --random-init (default 8); with --ckpt only if the checkpoint lacks it')
    p.add_argument('--n-embd', type=int, default=512, help='with --random-init')
    p.add_argument('--n-positions', type=int, default=2048, help='with --random-init')
    p.add_argument('--vocab-size', type=int, default=647, help='with --random-init')
    p.add_argument('--seed', type=int, default=1337, help='with --random-init')
    p.add_argument('--out', help='the .onnx file to write (omit to write only --hf-out / --golden)')
    p.add_argument('--opset', type=int, default=17, help='14..17 (torch 1.13 rejects 18)')
    p.add_argument('--id-layout', choices=['2026', 'legacy'], default='2026')
    p.add_argument('--model-dim', type=int, choices=[4, 8], default=4, help='bars per window')
    p.add_argument('--density-table', default=DEFAULT_DENSITY_TABLE, help='JSON {"0": [10 ints], ..., "128": [...]}')
    p.add_argument('--grid', choices=GRIDS,
                   help='how the training data read MIDI: truncate (read at 480 tpq, then truncated; the default for '
                        'safetensors, MIDI-GPT bundles and Hugging Face directories, the published 2026 checkpoints) '
                        'or round (rounded onto 12 tpq; the default for TorchScript traces, train.py checkpoints, '
                        'bare state dicts and --random-init)')
    p.add_argument('--hf-out', help='also write pytorch_model.bin + config.json (HF GPT-2 layout) here')
    p.add_argument('--golden', help='write a greedy-decoding golden JSON file here')
    p.add_argument('--golden-prompt', help='file of space-separated prompt ids (default: the track-mode start)')
    p.add_argument('--golden-new-tokens', type=int, default=64)
    p.add_argument('--device-cache', action='store_true',
                   help='export the device-cache-1 graph: also outputs cache_out.{i}.key|value, the cache with the '
                        'new positions written (for a cache bound on a device; see the docstring)')
    p.add_argument('--threads', type=int, default=1, help='torch.set_num_threads')
    return p.parse_args()


def default_grid(info):
    """The grid a checkpoint was trained on, judged from its format (see --grid)."""
    hf_config = info.get('hf_config') or {}
    if (info.get('onnx_metadata') or {}).get('polyphon.grid') in GRIDS:
        return info['onnx_metadata']['polyphon.grid']  # one of our own exports
    if hf_config.get('polyphon_grid') in GRIDS:
        return hf_config['polyphon_grid']  # written by our own --hf-out
    if info.get('torchscript'):
        return 'round'  # legacy MMM / MIDI-GPT 2025 trace
    if 'safetensors_metadata' in info or 'format_version' in info or 'hf_config' in info:
        return 'truncate'  # MIDI-GPT 2026: its Python tokenize path truncates
    return 'round'


def read_density_table(path):
    with open(path) as f:
        table = json.load(f)
    for k, row in table.items():
        if not (k.isdigit() and 0 <= int(k) <= 128 and isinstance(row, list) and len(row) == 10
                and all(isinstance(v, int) for v in row)):
            raise ValueError(f'{path}: entry {k!r} is not "<0..128>": [10 ints]')
    return table


GRAPH = 'in-place-cache-1'  # polyphon.graph: the input and output layout above, which the worker checks


class OnnxDecoder(torch.nn.Module):
    """Flat positional inputs and outputs around GPT.decode, in the order of the ONNX names."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, position_ids, prefix_start, prefix_end, cache_length, last_token, *kv_flat):
        n = self.model.config.n_layer
        prefix = [(kv_flat[2 * i], kv_flat[2 * i + 1]) for i in range(n)]
        cache = [(kv_flat[2 * (n + i)], kv_flat[2 * (n + i) + 1]) for i in range(n)]
        allowed = visible(input_ids.size(1), prefix[0][0].size(2), cache[0][0].size(2), prefix_start, prefix_end,
                          cache_length)
        logits, new = self.model.decode(input_ids, position_ids, allowed, cache, prefix, last_token)
        out = [logits]
        for k, v in new:
            out += [k, v]
        return tuple(out)


def visible(T, Q, C, prefix_start, prefix_end, cache_length):
    """[B,1,T,Q+C+T] bool: which pool positions, cache positions and new tokens each query sees."""
    B = prefix_start.size(0)
    q = torch.arange(Q)
    from_prefix = (q.unsqueeze(0) >= prefix_start.unsqueeze(1)) & (q.unsqueeze(0) < prefix_end.unsqueeze(1))  # [B,Q]
    from_cache = torch.arange(C).unsqueeze(0) < cache_length.unsqueeze(1)                                     # [B,C]
    t = torch.arange(T)
    causal = t.unsqueeze(0) <= t.unsqueeze(1)                                                                # [T,T]
    return torch.cat([from_prefix.view(B, 1, 1, Q).expand(B, 1, T, Q),
                      from_cache.view(B, 1, 1, C).expand(B, 1, T, C),
                      causal.view(1, 1, T, T).expand(B, 1, T, T)], dim=-1)


DEVICE_GRAPH = 'device-cache-1'  # polyphon.graph with --device-cache: the layout above plus cache_out


class DeviceCacheDecoder(torch.nn.Module):
    """OnnxDecoder's outputs, then each cache with the new keys and values written: cache_out, in the ONNX order."""

    def __init__(self, model):
        super().__init__()
        self.decoder = OnnxDecoder(model)

    def forward(self, input_ids, position_ids, prefix_start, prefix_end, cache_length, last_token, *kv_flat):
        out = self.decoder(input_ids, position_ids, prefix_start, prefix_end, cache_length, last_token, *kv_flat)
        cache, new = kv_flat[len(kv_flat) // 2:], out[1:]                     # per layer: key, value
        index = write_index(cache_length, new[0].shape, cache[0].size(2))      # one for every layer and kind
        return out + tuple(ScatterND.apply(c, index, n) for c, n in zip(cache, new))


def write_index(cache_length, new_shape, C):
    """
    [B,H,T,3] int64: (row, head, position) for each new key, position cache_length[b] + t kept inside the
    capacity [0, C), so a device can never write outside the buffer.
    """
    B, H, T, _ = new_shape
    at = cache_length.unsqueeze(1) + torch.arange(T).unsqueeze(0)            # [B,T]
    last = torch.ones_like(at) * (C - 1)                                     # the run's C, not the trace's
    at = torch.minimum(at.clamp(min=0), last)
    rows = torch.arange(B).view(B, 1, 1).expand(B, H, T)
    heads = torch.arange(H).view(1, H, 1).expand(B, H, T)
    return torch.stack([rows, heads, at.unsqueeze(1).expand(B, H, T)], dim=-1)


class ScatterND(torch.autograd.Function):
    """ONNX ScatterND (reduction none): data with updates[i] at data[index[i]]; exported as the one node."""

    @staticmethod
    def forward(ctx, data, index, updates):
        out = data.clone()
        out[tuple(index.unbind(-1))] = updates
        return out

    @staticmethod
    def symbolic(g, data, index, updates):
        return g.op('ScatterND', data, index, updates)


def io_names(n_layer, device_cache=False):
    kv = ('key', 'value')
    prefix = [f'prefix_key_values.{i}.{k}' for i in range(n_layer) for k in kv]
    cache = [f'cache_key_values.{i}.{k}' for i in range(n_layer) for k in kv]
    new = [f'new_key_values.{i}.{k}' for i in range(n_layer) for k in kv]
    cache_out = [f'cache_out.{i}.{k}' for i in range(n_layer) for k in kv] if device_cache else []
    inputs = ['input_ids', 'position_ids', 'prefix_start', 'prefix_end', 'cache_length', 'last_token'] + prefix + cache
    outputs = ['logits'] + new + cache_out
    axes = {'input_ids': {0: 'batch', 1: 'sequence'}, 'position_ids': {0: 'batch', 1: 'sequence'},
            'prefix_start': {0: 'batch'}, 'prefix_end': {0: 'batch'}, 'cache_length': {0: 'batch'},
            'last_token': {0: 'batch'},
            'logits': {0: 'batch'}}
    axes.update({n: {2: 'prefix_sequence'} for n in prefix})
    axes.update({n: {0: 'batch', 2: 'cache_capacity'} for n in cache})
    axes.update({n: {0: 'batch', 2: 'sequence'} for n in new})
    axes.update({n: {0: 'batch', 2: 'cache_capacity'} for n in cache_out})
    return inputs, outputs, axes


def step_inputs(config, input_ids, past_len, past=None):
    """(attention_mask, position_ids, past) for a right-aligned, unpadded batch after past_len tokens."""
    B, T = input_ids.shape
    H, hd = config.n_head, config.n_embd // config.n_head
    mask = torch.ones(B, past_len + T, dtype=torch.long)
    pos = torch.arange(past_len, past_len + T, dtype=torch.long).unsqueeze(0).expand(B, T).contiguous()
    if past is None:  # empty past [B,H,0,hd]
        past = [(torch.zeros(B, H, past_len, hd), torch.zeros(B, H, past_len, hd)) for _ in range(config.n_layer)]
    return mask, pos, past


def export(model, path, opset, metadata, device_cache=False):
    config = model.config
    inputs, outputs, axes = io_names(config.n_layer, device_cache)
    # trace with batch 2, pool 5, capacity 3, 4 new tokens: every dynamic axis > 1 and distinct
    g = torch.Generator().manual_seed(0)
    B, T, Q, C = 2, 4, 5, 3
    H, hd = config.n_head, config.n_embd // config.n_head
    ids = torch.randint(0, config.vocab_size, (B, T), generator=g)
    pos = torch.arange(T).unsqueeze(0).expand(B, T).contiguous() + 4
    ranges = (torch.tensor([0, 1]), torch.tensor([4, 5]), torch.tensor([0, 2]), torch.tensor([3, 1]))
    prefix = [torch.randn(1, H, Q, hd, generator=g) for _ in range(2 * config.n_layer)]
    cache = [torch.randn(B, H, C, hd, generator=g) for _ in range(2 * config.n_layer)]
    module = DeviceCacheDecoder(model) if device_cache else OnnxDecoder(model)
    torch.onnx.export(module, (ids, pos, *ranges, *prefix, *cache), path, input_names=inputs,
                      output_names=outputs, dynamic_axes=axes, opset_version=opset, do_constant_folding=True)

    m = onnx.load(path)
    onnx.helper.set_model_props(m, metadata)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    print(f'wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB, opset {opset})')
    for vi in list(m.graph.input)[:6] + list(m.graph.output)[:2]:
        dims = [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]
        print(f'  {vi.name}: {dims}')


@torch.no_grad()
def check_empty_past(model):
    """The prefill with an empty past must equal a plain forward, and a decode step must follow it."""
    config = model.config
    ids = torch.tensor([DEFAULT_PROMPT[:8], DEFAULT_PROMPT[2:10]])
    mask, pos, past = step_inputs(config, ids, 0)
    logits, presents = model(ids, mask, pos, past)
    ref, _ = model(ids)
    nxt = logits[:, -1].argmax(-1, keepdim=True)                             # [B,1]
    mask2, pos2, _ = step_inputs(config, nxt, ids.size(1), presents)
    step_logits, _ = model(nxt, mask2, pos2, presents)
    ref2, _ = model(torch.cat([ids, nxt], 1))
    err = max((logits - ref).abs().max().item(), (step_logits[:, -1] - ref2[:, -1]).abs().max().item())
    print(f'empty-past prefill + one decode step vs full forward: max |diff| {err:.2e}')
    assert err < 1e-4, err


@torch.no_grad()
def check_in_place_cache(model):
    """
    The serving graph's way equals plain forwards: a prompt prefilled in two chunks into a pool (at an offset,
    after another prompt), then two rows decoding two tokens each over a part of it and their own buffers, whose
    unwritten positions hold garbage the mask must hide.
    """
    config = model.config
    H, hd, n = config.n_head, config.n_embd // config.n_head, config.n_layer
    g = torch.Generator().manual_seed(1)
    other, prompt = DEFAULT_PROMPT[2:7], DEFAULT_PROMPT
    pool = [[torch.randn(1, H, 32, hd, generator=g) for _ in range(2)] for _ in range(n)]
    scratch = [(torch.randn(1, H, 2, hd, generator=g), torch.randn(1, H, 2, hd, generator=g)) for _ in range(n)]

    def run(ids, pos, start, end, length, cache):
        ids, pos = torch.tensor(ids), torch.tensor(pos)
        allowed = visible(ids.size(1), 32, cache[0][0].size(2), torch.tensor(start), torch.tensor(end),
                          torch.tensor(length))
        return model.decode(ids, pos, allowed, cache, [tuple(p) for p in pool])

    def write_pool(at, new):
        for layer, (k, v) in enumerate(new):
            pool[layer][0][:, :, at:at + k.size(2)] = k
            pool[layer][1][:, :, at:at + v.size(2)] = v

    _, new = run([other], [list(range(5))], [0], [0], [0], scratch)
    write_pool(0, new)                                                       # another prompt at 0..4
    _, new = run([prompt[:6]], [list(range(6))], [5], [5], [0], scratch)
    write_pool(5, new)                                                       # the prompt at 5.., in two chunks
    _, new = run([prompt[6:]], [list(range(6, 10))], [5], [11], [0], scratch)
    write_pool(11, new)
    # row 0 shares all 10 prompt tokens; row 1 shares 8 and has the last 2 (different ones) in its own buffer
    mine = [prompt[8] + 1, prompt[9]]
    buffers = [(torch.randn(2, H, 6, hd, generator=g), torch.randn(2, H, 6, hd, generator=g)) for _ in range(n)]
    _, new = run([mine], [[8, 9]], [5], [13], [0], [(k[1:], v[1:]) for k, v in buffers])
    for layer, (k, v) in enumerate(new):
        buffers[layer][0][1:, :, 0:2], buffers[layer][1][1:, :, 0:2] = k, v
    steps = [[3, 4], [5, 6]]
    err = 0.0
    for s, tokens in enumerate(steps):
        logits, new = run([[tokens[0]], [tokens[1]]], [[10 + s], [10 + s]], [5, 5], [15, 13], [s, 2 + s], buffers)
        for layer, (k, v) in enumerate(new):
            buffers[layer][0][0, :, s], buffers[layer][1][0, :, s] = k[0, :, 0], v[0, :, 0]
            buffers[layer][0][1, :, 2 + s], buffers[layer][1][1, :, 2 + s] = k[1, :, 0], v[1, :, 0]
        for row, start in enumerate([prompt, prompt[:8] + mine]):
            history = start + [t[row] for t in steps[:s + 1]]
            ref = model(torch.tensor([history]))[0][0, -1]
            err = max(err, (logits[row] - ref).abs().max().item())
    # a batched prefill: two rows of different lengths, the shorter right-padded, each read at its own last token
    long, short = prompt[:7], prompt[2:6]
    empty = [(torch.zeros(2, H, 1, hd), torch.zeros(2, H, 1, hd)) for _ in range(n)]
    ids, pos = torch.tensor([long, short + [0] * 3]), torch.tensor([list(range(7)), list(range(4)) + [4] * 3])
    allowed = visible(7, 32, 1, torch.tensor([0, 0]), torch.tensor([0, 0]), torch.tensor([0, 0]))
    logits, _ = model.decode(ids, pos, allowed, empty, [tuple(p) for p in pool], torch.tensor([6, 3]))
    for row, tokens in enumerate([long, short]):
        err = max(err, (logits[row] - model(torch.tensor([tokens]))[0][0, -1]).abs().max().item())
    print(f'in-place cache (pool, chunked and padded prefill, own buffers) vs full forwards: max |diff| {err:.2e}')
    assert err < 1e-4, err


@torch.no_grad()
def check_device_cache(model):
    """
    cache_out is the cache with exactly the new positions written, and decoding through cache_out alone (the
    caller writes nothing) equals plain forwards: a right-padded prompt run of three rows at different cache
    lengths, then two decode steps, over buffers whose unwritten positions hold garbage; then a run past the
    capacity, clamped inside it.
    """
    config = model.config
    H, hd, n = config.n_head, config.n_embd // config.n_head, config.n_layer
    g = torch.Generator().manual_seed(2)
    decoder, C = DeviceCacheDecoder(model).eval(), 12
    pool = [torch.zeros(1, H, 1, hd) for _ in range(2 * n)]                 # no row reads the pool
    cache = [torch.randn(3, H, C, hd, generator=g) for _ in range(2 * n)]   # garbage wherever nothing is written
    # rows 0 and 1 start empty; row 2 has its first 3 tokens written already, by an earlier run
    for layer, (k, v) in enumerate(model(torch.tensor([DEFAULT_PROMPT[:3]]))[1]):
        cache[2 * layer][2, :, :3], cache[2 * layer + 1][2, :, :3] = k[0], v[0]
    histories, length = [[], [], DEFAULT_PROMPT[:3]], torch.tensor([0, 0, 3])

    def run(rows):
        """One run of each row's new tokens, right-padded to the longest: (logits, new keys/values, cache_out)."""
        T = max(len(r) for r in rows)
        ids = [r + [0] * (T - len(r)) for r in rows]
        pos = [[int(length[b]) + min(t, len(r) - 1) for t in range(T)] for b, r in enumerate(rows)]
        last, none = torch.tensor([len(r) - 1 for r in rows]), torch.zeros(len(rows), dtype=torch.long)
        out = decoder(torch.tensor(ids), torch.tensor(pos), none, none, length, last, *pool, *cache)
        return out[0], out[1:1 + 2 * n], out[1 + 2 * n:]

    err = 0.0
    for rows in [[DEFAULT_PROMPT[:7], DEFAULT_PROMPT[3:7], DEFAULT_PROMPT[3:7]], [[602], [6], [5]], [[20], [602], [6]]]:
        T = max(len(r) for r in rows)
        logits, new, cache_out = run(rows)
        for c, fresh, out in zip(cache, new, cache_out):
            expected = c.clone()
            for b in range(3):
                expected[b, :, length[b]:length[b] + T] = fresh[b]          # a padded row's padding too
            assert torch.equal(out, expected), 'cache_out is not the cache with the new positions written'
        cache, length = list(cache_out), length + torch.tensor([len(r) for r in rows])
        for b, r in enumerate(rows):
            histories[b] = histories[b] + r
            err = max(err, (logits[b] - model(torch.tensor([histories[b]]))[0][0, -1]).abs().max().item())
    # past the capacity: positions clamped to C - 1, so nothing lands outside [0, C) and nothing below is touched
    length = torch.tensor([C - 1, C - 2, 0])
    _, _, cache_out = run([[1, 2, 3]] * 3)
    for c, out in zip(cache, cache_out):
        assert out.shape == c.shape and torch.equal(out[:2, :, :C - 2], c[:2, :, :C - 2]), 'a clamped write spilled'
    print(f'device cache (cache_out written by the graph, 3 rows, padded prompt + 2 steps) vs full forwards: '
          f'max |diff| {err:.2e}')
    assert err < 1e-4, err


@torch.no_grad()
def golden(model, prompt, n_new):
    """Greedy decoding with the KV cache, batch 1, no grammar mask."""
    config = model.config
    assert len(prompt) + n_new <= config.n_positions, 'prompt + new tokens exceed n_positions'
    ids = torch.tensor([prompt])                                            # [1,T]
    mask, pos, past = step_inputs(config, ids, 0)                           # empty past, as in Java
    logits, past = model(ids, mask, pos, past)
    first = logits[0, -1]                                                   # [V]
    top5 = first.topk(5)
    out, margins = [], []
    for i in range(n_new):
        top2 = logits[0, -1].topk(2)
        out.append(int(top2.indices[0]))
        margins.append(float(top2.values[0] - top2.values[1]))
        if i == n_new - 1:
            break
        nxt = torch.tensor([[out[-1]]])                                     # [1,1]
        mask, pos, _ = step_inputs(config, nxt, len(prompt) + i, past)
        logits, past = model(nxt, mask, pos, past)
    # the same tokens without the cache, as a self-check
    full, _ = model(torch.tensor([prompt + out[:-1]]))
    assert full[0, len(prompt) - 1:].argmax(-1).tolist() == out, 'cached and uncached greedy decoding differ'
    return {
        'prompt': prompt,
        'greedy': out,  # the n_new generated tokens, prompt excluded
        'logits_first_step_top5': [{'id': int(i), 'logit': float(v)} for v, i in zip(top5.values, top5.indices)],
        'logits_first_step': [float(v) for v in first],  # logits at the last prompt position
        'min_top1_top2_margin': min(margins),  # how robust the argmax is to float differences
    }


def write_hf(model, out_dir, extra):
    config = model.config
    os.makedirs(out_dir, exist_ok=True)
    sd = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    torch.save(sd, os.path.join(out_dir, 'pytorch_model.bin'))
    hf = {
        'architectures': ['GPT2LMHeadModel'],
        'model_type': 'gpt2',
        'vocab_size': config.vocab_size,
        'n_positions': config.n_positions,
        'n_ctx': config.n_positions,
        'n_embd': config.n_embd,
        'n_layer': config.n_layer,
        'n_head': config.n_head,
        'n_inner': None,
        'activation_function': 'gelu_new',
        'layer_norm_epsilon': config.layer_norm_epsilon,
        'resid_pdrop': 0.0, 'embd_pdrop': 0.0, 'attn_pdrop': 0.0,
        'initializer_range': 0.02,
        'tie_word_embeddings': config.tie_word_embeddings,
        'torch_dtype': 'float32',
        **extra,
    }
    with open(os.path.join(out_dir, 'config.json'), 'w') as f:
        json.dump(hf, f, indent=2)
    print(f'wrote {out_dir}/pytorch_model.bin and config.json (Hugging Face GPT-2 layout)')


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    info = {}
    if args.random_init:
        torch.manual_seed(args.seed)
        model = GPT(GPTConfig(vocab_size=args.vocab_size, n_positions=args.n_positions,
                              n_layer=args.n_layer, n_head=args.n_head or 8, n_embd=args.n_embd)).eval()
    else:
        model, info = load_checkpoint(args.ckpt, n_head=args.n_head)
        if 'step' in info:
            print(f'checkpoint: step {info["step"]}, best val loss {info.get("best_val_loss")}')
    config = model.config
    print(f'model: {config}, {model.num_params() / 1e6:.2f}M parameters')
    grid = args.grid or default_grid(info)
    print(f'grid: {grid}' + ('' if args.grid else ' (from the checkpoint format; --grid to override)'))

    density_table = read_density_table(args.density_table)
    check_empty_past(model)
    check_in_place_cache(model)
    if args.device_cache:
        check_device_cache(model)

    if args.out:
        export(model, args.out, args.opset, {
            'polyphon.encoder': ENCODER,
            'polyphon.id_layout': args.id_layout,
            'polyphon.n_layer': str(config.n_layer),
            'polyphon.n_head': str(config.n_head),
            'polyphon.n_embd': str(config.n_embd),
            'polyphon.n_positions': str(config.n_positions),
            'polyphon.vocab_size': str(config.vocab_size),
            'polyphon.model_dim': str(args.model_dim),
            'polyphon.density_table': json.dumps(density_table, separators=(',', ':')),
            'polyphon.grid': grid,
            'polyphon.graph': DEVICE_GRAPH if args.device_cache else GRAPH,
        }, args.device_cache)
    if args.hf_out:
        write_hf(model, args.hf_out, {'polyphon_density_table': density_table,
                                      'polyphon_id_layout': args.id_layout,
                                      'polyphon_encoder': ENCODER,
                                      'polyphon_model_dim': args.model_dim,
                                      'polyphon_grid': grid})
    if args.golden:
        prompt = DEFAULT_PROMPT
        if args.golden_prompt:
            with open(args.golden_prompt) as f:
                prompt = [int(t) for t in f.read().split()]
        result = golden(model, prompt, args.golden_new_tokens)
        result['id_layout'] = args.id_layout
        with open(args.golden, 'w') as f:
            json.dump(result, f)
        print(f'wrote {args.golden}: greedy {result["greedy"][:16]}... '
              f'(min top-1/top-2 logit margin {result["min_top1_top2_margin"]:.2e})')


if __name__ == '__main__':
    main()
