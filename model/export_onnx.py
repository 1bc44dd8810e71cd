"""
Export the MMM GPT-2 decoder to ONE ONNX graph that serves the prefill and every decode step,
with Hugging Face naming (so an HF GPT2LMHeadModel export plugs into the same Java runtime):

  inputs   input_ids                  [B, T]          int64
           attention_mask             [B, P+T]        int64  (1 = real token, 0 = padding)
           position_ids               [B, T]          int64
           past_key_values.{i}.key    [B, H, P, hd]   float32   for i in 0..n_layer-1
           past_key_values.{i}.value  [B, H, P, hd]   float32
           prefix_key_values.{i}.key  [1, H, Q, hd]   float32   a prompt the whole batch shares
           prefix_key_values.{i}.value [1, H, Q, hd]  float32   (Q may be 0; mask is then [B, Q+P+T])
  outputs  logits                     [B, T, V]       float32
           present.{i}.key            [B, H, P+T, hd] float32
           present.{i}.value          [B, H, P+T, hd] float32

The prefix inputs are Polyphon's one addition to the Hugging Face names: after one prefill of a
prompt at batch 1, its presents become the prefix and B samples decode over it with an empty
past, instead of B copies of the prompt's keys and values (a plain HF graph still works with the
Java engine, which then copies). B, T, P and Q are dynamic. At the first step (prefill) the Java side feeds an EMPTY past: for
every layer a float tensor of shape [B, H, 0, hd] built from FloatBuffer.allocate(0); the
graph concatenates the empty past with the new keys/values, so nothing special is needed.
The graph is traced with P > 0 (a trace with P = 0 can bake zero-size shapes in) and the
empty-past case is checked against the PyTorch module below.

The model file carries metadata_props: polyphon.encoder, polyphon.id_layout, polyphon.n_layer,
polyphon.n_head, polyphon.n_embd, polyphon.n_positions, polyphon.vocab_size, polyphon.model_dim,
polyphon.density_table (JSON text), polyphon.grid (how the training data read MIDI onto the 12-tpq
grid: `truncate` for published 2026 MIDI-GPT checkpoints, `round` for legacy ones and our own; the
Java side reads uploads on it and takes a model without the key as `round`).

Optional extras:
  --hf-out DIR    also write the weights in Hugging Face GPT-2 layout (pytorch_model.bin +
                  config.json) for the published MIDI-GPT / transformers tooling
  --golden FILE   greedy decoding (plain argmax, no grammar mask) in PyTorch with the KV cache,
                  written as JSON for a Java test that replays it through ONNX Runtime

    /usr/bin/python3 model/export_onnx.py --ckpt out/ckpt.pt --out mmm.onnx --golden golden.json
    /usr/bin/python3 model/export_onnx.py --random-init --n-layer 6 --n-head 8 --n-embd 512 \
        --n-positions 2048 --out yellow-random.onnx
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
    p.add_argument('--plain-hf', action='store_true',
                   help='leave out the prefix_key_values inputs: exactly the Hugging Face GPT-2 graph')
    p.add_argument('--golden-prompt', help='file of space-separated prompt ids (default: the track-mode start)')
    p.add_argument('--golden-new-tokens', type=int, default=64)
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


class OnnxDecoder(torch.nn.Module):
    """Flat positional inputs and outputs around GPT, in the order of the ONNX names."""

    def __init__(self, model, with_prefix):
        super().__init__()
        self.model = model
        self.with_prefix = with_prefix

    def forward(self, input_ids, attention_mask, position_ids, *kv_flat):
        n = self.model.config.n_layer
        past = [(kv_flat[2 * i], kv_flat[2 * i + 1]) for i in range(n)]
        prefix = [(kv_flat[2 * (n + i)], kv_flat[2 * (n + i) + 1]) for i in range(n)] if self.with_prefix else None
        logits, presents = self.model(input_ids, attention_mask, position_ids, past, prefix)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def io_names(n_layer, with_prefix):
    past = [f'past_key_values.{i}.{kv}' for i in range(n_layer) for kv in ('key', 'value')]
    present = [f'present.{i}.{kv}' for i in range(n_layer) for kv in ('key', 'value')]
    prefix = [f'prefix_key_values.{i}.{kv}' for i in range(n_layer) for kv in ('key', 'value')]
    if not with_prefix:
        prefix = []
    inputs = ['input_ids', 'attention_mask', 'position_ids'] + past + prefix
    outputs = ['logits'] + present
    axes = {'input_ids': {0: 'batch', 1: 'sequence'},
            'attention_mask': {0: 'batch', 1: 'prefix_sequence + past_sequence + sequence'},
            'position_ids': {0: 'batch', 1: 'sequence'},
            'logits': {0: 'batch', 1: 'sequence'}}
    axes.update({n: {0: 'batch', 2: 'past_sequence'} for n in past})
    axes.update({n: {2: 'prefix_sequence'} for n in prefix})
    axes.update({n: {0: 'batch', 2: 'past_sequence + sequence'} for n in present})
    return inputs, outputs, axes


def step_inputs(config, input_ids, past_len, past=None):
    """(attention_mask, position_ids, past) for a right-aligned, unpadded batch after past_len tokens."""
    B, T = input_ids.shape
    H, hd = config.n_head, config.n_embd // config.n_head
    mask = torch.ones(B, past_len + T, dtype=torch.long)
    pos = torch.arange(past_len, past_len + T, dtype=torch.long).unsqueeze(0).expand(B, T).contiguous()
    if past is None:  # empty past [B,H,0,hd], exactly what the Java side feeds at step 0
        past = [(torch.zeros(B, H, past_len, hd), torch.zeros(B, H, past_len, hd)) for _ in range(config.n_layer)]
    return mask, pos, past


def export(model, path, opset, metadata, with_prefix=True):
    config = model.config
    inputs, outputs, axes = io_names(config.n_layer, with_prefix)
    # trace with batch 2, prefix 5, past 3, 4 new tokens: every dynamic axis > 1 and distinct
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(0, config.vocab_size, (2, 4), generator=g)
    mask, pos, _ = step_inputs(config, ids, 5 + 3)
    H, hd = config.n_head, config.n_embd // config.n_head
    past = [torch.randn(2, H, 3, hd, generator=g) for _ in range(2 * config.n_layer)]
    prefix = [torch.randn(1, H, 5, hd, generator=g) for _ in range(2 * config.n_layer)] if with_prefix else []
    if not with_prefix:
        mask = mask[:, 5:]
    torch.onnx.export(OnnxDecoder(model, with_prefix), (ids, mask, pos, *past, *prefix), path, input_names=inputs,
                      output_names=outputs, dynamic_axes=axes, opset_version=opset, do_constant_folding=True)

    m = onnx.load(path)
    onnx.helper.set_model_props(m, metadata)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    print(f'wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB, opset {opset})')
    for vi in list(m.graph.input)[:4] + list(m.graph.output)[:2]:
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
def check_shared_prefix(model):
    """Decoding two rows over one prompt's keys and values as a shared prefix equals decoding each alone."""
    config = model.config
    H, hd = config.n_head, config.n_embd // config.n_head
    ids = torch.tensor([DEFAULT_PROMPT])
    _, prefix = model(ids)                                                   # [1,H,Q,hd] per layer
    nxt = torch.tensor([[DEFAULT_PROMPT[1]], [DEFAULT_PROMPT[2]]])           # two rows, different tokens
    Q = ids.size(1)
    mask = torch.ones(2, Q + 1, dtype=torch.long)
    pos = torch.full((2, 1), Q, dtype=torch.long)
    empty = [(torch.zeros(2, H, 0, hd), torch.zeros(2, H, 0, hd)) for _ in range(config.n_layer)]
    shared, _ = model(nxt, mask, pos, empty, prefix)
    ref = torch.cat([model(torch.cat([ids, nxt[r:r + 1]], 1))[0][:, -1:] for r in range(2)])
    err = (shared - ref).abs().max().item()
    print(f'shared-prefix decode vs separate full forwards: max |diff| {err:.2e}')
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
    check_shared_prefix(model)

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
        }, with_prefix=not args.plain_hf)
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
