"""
PyTorch eager generation speed, the way MMM's runtime samples: one sample at a time (batch 1),
each step's prompt prefilled in one forward, then one token per step with the KV cache,
multinomial sampling at temperature 1.0, no grammar mask. The baseline for the Java ONNX Runtime
figures.

    /usr/bin/python3 model/bench_torch.py --ckpt out/ckpt.pt --prompt-len 300 --new-tokens 256
    /usr/bin/python3 model/bench_torch.py --random-init --n-layer 6 --n-head 8 --n-embd 512 --n-positions 2048

To do the work a `./polyphon bench generate` scenario does, copy the line it prints for each
scenario: its prompt length per step (`--prompt-len 306,290`, one per step), the tokens a sample
writes in all (`--new-tokens`), and `--max-new-tokens` if the Java run had one (a cap per step).
"""

import argparse
import os
import time


def one_blas_pool():
    """Give the cores to one thread pool; must run before torch is imported (OpenBLAS reads it at load).

    Debian's torch multiplies matrices in libopenblas0-pthread, whose pool starts a thread per core
    next to torch's own OpenMP pool (--threads). With --threads 2 on 2 cores the two pools fight
    over the cores and the baseline runs 2x slower than it should, or worse under other load (0.15-0.43
    against 0.76-0.84 samples/s at Yellow size, prompt 300, 64 new tokens; 2 shared cores, 2026-12-01),
    so above one torch thread OpenBLAS gets one (OPENBLAS_NUM_THREADS=1). With --threads 1 (the
    default) OpenBLAS keeps the cores: the fastest setting measured (0.97-1.05 samples/s). An
    OPENBLAS_NUM_THREADS the caller set is kept.
    """
    threads = argparse.ArgumentParser(add_help=False)
    threads.add_argument('--threads', type=int, default=1)
    if threads.parse_known_args()[0].threads > 1:
        os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')


one_blas_pool()

import torch  # noqa: E402  (after one_blas_pool)
from torch.nn import functional as F  # noqa: E402

from model import GPT, GPTConfig, load_checkpoint  # noqa: E402


def int_list(text):
    return [int(x) for x in text.split(',')]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument('--ckpt', help='ckpt.pt from train.py, or any checkpoint export_onnx.py accepts')
    src.add_argument('--random-init', action='store_true')
    p.add_argument('--n-layer', type=int, default=4, help='with --random-init')
    p.add_argument('--n-head', type=int, default=4, help='with --random-init')
    p.add_argument('--n-embd', type=int, default=128, help='with --random-init')
    p.add_argument('--n-positions', type=int, default=1024, help='with --random-init')
    p.add_argument('--prompt-len', type=int_list, default=[300],
                   help='prompt tokens of each step, comma-separated: one value per step (default 300, one step)')
    p.add_argument('--new-tokens', type=int, default=256,
                   help='tokens a sample writes over all its steps, split evenly between them')
    p.add_argument('--max-new-tokens', type=int, default=0,
                   help='most tokens a sample writes in one step, as polyphon --max-new-tokens (0 = no cap)')
    p.add_argument('--samples', type=int, default=4)
    p.add_argument('--warmup', type=int, default=1, help='untimed samples first')
    p.add_argument('--temperature', type=float, default=1.0)
    p.add_argument('--threads', type=int, default=1, help='torch.set_num_threads')
    p.add_argument('--seed', type=int, default=1337)
    args = p.parse_args()
    if args.max_new_tokens < 0:
        p.error(f'--max-new-tokens must be 0 (no cap) or more, not {args.max_new_tokens}')
    if args.new_tokens < len(args.prompt_len) or min(args.prompt_len) < 1:
        p.error('every step needs a prompt of at least one token and at least one new token')
    return args


def plan(args):
    """[(prompt length, new tokens)] per step: the sample's tokens split evenly, each step capped."""
    steps = len(args.prompt_len)
    base, extra = divmod(args.new_tokens, steps)
    new = [base + (1 if s < extra else 0) for s in range(steps)]
    if args.max_new_tokens > 0:
        new = [min(n, args.max_new_tokens) for n in new]
    return list(zip(args.prompt_len, new))


@torch.no_grad()
def generate(model, prompt, n_new, temperature, gen):
    """prompt [1,T] -> [n_new] new ids; returns (ids, prefill seconds)."""
    t0 = time.perf_counter()
    logits, past = model(prompt)                                   # prefill: [1,T,V]
    t_prefill = time.perf_counter() - t0
    pos = prompt.size(1)
    out = []
    for i in range(n_new):
        probs = F.softmax(logits[:, -1, :] / temperature, dim=-1)  # [1,V]
        nxt = torch.multinomial(probs, 1, generator=gen)           # [1,1]
        out.append(int(nxt))
        if i == n_new - 1:
            break
        logits, past = model(nxt, position_ids=torch.tensor([[pos]]), past_key_values=past)  # [1,1,V]
        pos += 1
    return out, t_prefill


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.random_init:
        model = GPT(GPTConfig(n_positions=args.n_positions, n_layer=args.n_layer,
                              n_head=args.n_head, n_embd=args.n_embd)).eval()
    else:
        model, _ = load_checkpoint(args.ckpt)
    config = model.config
    steps = plan(args)
    for prompt_len, n_new in steps:
        assert prompt_len + n_new <= config.n_positions, 'a step\'s prompt + new tokens exceed n_positions'
    print(f'model: {config}, {model.num_params() / 1e6:.2f}M parameters; torch threads {torch.get_num_threads()}, '
          f'OPENBLAS_NUM_THREADS={os.environ.get("OPENBLAS_NUM_THREADS", "unset (a thread per core)")}')

    gen = torch.Generator().manual_seed(args.seed)
    prompts = [torch.randint(0, config.vocab_size, (1, n), generator=gen) for n, _ in steps]  # [1,T] each
    for _ in range(args.warmup):
        generate(model, prompts[0], min(steps[0][1], 16), args.temperature, gen)

    prefill_total = 0.0
    t0 = time.perf_counter()
    for _ in range(args.samples):
        for prompt, (_, n_new) in zip(prompts, steps):
            _, t_prefill = generate(model, prompt, n_new, args.temperature, gen)
            prefill_total += t_prefill
    dt = time.perf_counter() - t0
    per_sample = sum(n for _, n in steps)
    decode_steps = args.samples * max(sum(n - 1 for _, n in steps), 1)
    print(f'batch 1, {len(steps)} step(s), prompt {",".join(str(n) for n, _ in steps)}, '
          f'{per_sample} new tokens per sample ({",".join(str(n) for _, n in steps)} per step), '
          f'{args.samples} samples: {args.samples / dt:.3f} samples/s, {args.samples * per_sample / dt:.1f} new tokens/s; '
          f'prefill {1000 * prefill_total / (args.samples * len(steps)):.1f} ms/step, '
          f'decode {1000 * (dt - prefill_total) / decode_steps:.2f} ms/token')


if __name__ == '__main__':
    main()
