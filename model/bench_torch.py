"""
PyTorch eager generation speed, the way MMM's runtime samples: one sample at a time (batch 1),
the prompt prefilled in one forward, then one token per step with the KV cache, multinomial
sampling at temperature 1.0, no grammar mask. The baseline for the Java ONNX Runtime figures.

    /usr/bin/python3 model/bench_torch.py --ckpt out/ckpt.pt --prompt-len 300 --new-tokens 256
    /usr/bin/python3 model/bench_torch.py --random-init --n-layer 6 --n-head 8 --n-embd 512 --n-positions 2048
"""

import argparse
import time

import torch
from torch.nn import functional as F

from model import GPT, GPTConfig, load_checkpoint


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument('--ckpt', help='ckpt.pt from train.py, or any checkpoint export_onnx.py accepts')
    src.add_argument('--random-init', action='store_true')
    p.add_argument('--n-layer', type=int, default=4, help='with --random-init')
    p.add_argument('--n-head', type=int, default=4, help='with --random-init')
    p.add_argument('--n-embd', type=int, default=128, help='with --random-init')
    p.add_argument('--n-positions', type=int, default=1024, help='with --random-init')
    p.add_argument('--prompt-len', type=int, default=300)
    p.add_argument('--new-tokens', type=int, default=256)
    p.add_argument('--samples', type=int, default=4)
    p.add_argument('--warmup', type=int, default=1, help='untimed samples first')
    p.add_argument('--temperature', type=float, default=1.0)
    p.add_argument('--threads', type=int, default=1, help='torch.set_num_threads')
    p.add_argument('--seed', type=int, default=1337)
    return p.parse_args()


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
    assert args.prompt_len + args.new_tokens <= config.n_positions, 'prompt + new tokens exceed n_positions'
    print(f'model: {config}, {model.num_params() / 1e6:.2f}M parameters; threads {torch.get_num_threads()}')

    gen = torch.Generator().manual_seed(args.seed)
    prompt = torch.randint(0, config.vocab_size, (1, args.prompt_len), generator=gen)  # [1,T]
    for _ in range(args.warmup):
        generate(model, prompt, min(args.new_tokens, 16), args.temperature, gen)

    prefill_total = 0.0
    t0 = time.perf_counter()
    for _ in range(args.samples):
        _, t_prefill = generate(model, prompt, args.new_tokens, args.temperature, gen)
        prefill_total += t_prefill
    dt = time.perf_counter() - t0
    decode_steps = args.samples * max(args.new_tokens - 1, 1)
    print(f'batch 1, prompt {args.prompt_len}, {args.new_tokens} new tokens, {args.samples} samples: '
          f'{args.samples / dt:.3f} samples/s, {args.samples * args.new_tokens / dt:.1f} new tokens/s; '
          f'prefill {1000 * prefill_total / args.samples:.1f} ms/sample, '
          f'decode {1000 * (dt - prefill_total) / decode_steps:.2f} ms/token')


if __name__ == '__main__':
    main()
