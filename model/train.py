"""
Train the MMM GPT-2 decoder from a token dataset, nanoGPT style.

Dataset files: one example per line, space-separated integer token ids (2026 id layout),
as written by `./polyphon dataset ...`. Each step draws --batch-size random examples,
crops any example longer than n_positions + 1 tokens at a random offset (as MMM does),
right-pads with id 0 (PIECE_START, as MMM pads) under an attention mask, and masks the loss on
the padding. AdamW, linear warmup then cosine decay, gradient clipping, a held-out loss every
--eval-interval steps on the first --eval-examples examples of the val file (a fixed set, so
the numbers are comparable), and ckpt.pt saved whenever the val loss improves.

    /usr/bin/python3 model/train.py --train data/train.txt --val data/val.txt --out-dir out \
        --max-minutes 30 --threads 2

Fine-tune an exported model instead of starting from random weights: --init-from model/polyphon-mmm.onnx
(a fresh optimizer from step 0; the starting weights' held-out loss is logged before the first step).

ckpt.pt = {'config': asdict(GPTConfig), 'state_dict': HF-layout weights, 'best_val_loss',
           'step', 'args', 'optimizer'} (optimizer state for --resume).
"""

import argparse
import math
import os
import random
import time
from dataclasses import asdict

import numpy as np
import torch
from torch.nn import functional as F

from model import GPT, GPTConfig, load_checkpoint

PAD_ID = 0  # MMM pads with PIECE_START; the attention mask and loss mask make it inert


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--train', required=True, help='training examples, one line of space-separated ids each')
    p.add_argument('--val', required=True, help='held-out examples, same format')
    p.add_argument('--out-dir', default='out', help='where ckpt.pt is written')
    p.add_argument('--resume', action='store_true', help='continue from OUT_DIR/ckpt.pt (model, optimizer, step)')
    p.add_argument('--init-from', metavar='PATH', help='fine-tune: start from these weights (anything '
                   'model.load_checkpoint reads, e.g. model/polyphon-mmm.onnx) with a fresh optimizer at step 0')
    # model (ignored with --resume and --init-from)
    p.add_argument('--vocab-size', type=int, default=647)
    p.add_argument('--n-positions', type=int, default=1024)
    p.add_argument('--n-layer', type=int, default=4)
    p.add_argument('--n-head', type=int, default=4)
    p.add_argument('--n-embd', type=int, default=128)
    # optimisation
    p.add_argument('--batch-size', type=int, default=8)
    p.add_argument('--max-iters', type=int, default=5000, help='the cosine schedule ends here')
    p.add_argument('--max-minutes', type=float, default=0, help='wall-clock budget; 0 = none. '
                   'With a budget the LR schedule runs on whichever of steps or time is further along')
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--min-lr', type=float, default=1e-4)
    p.add_argument('--warmup-iters', type=int, default=100)
    p.add_argument('--weight-decay', type=float, default=0.1)
    p.add_argument('--beta1', type=float, default=0.9)
    p.add_argument('--beta2', type=float, default=0.99)
    p.add_argument('--grad-clip', type=float, default=1.0, help='0 = off')
    # bookkeeping
    p.add_argument('--eval-interval', type=int, default=200)
    p.add_argument('--eval-examples', type=int, default=64, help='val examples used per evaluation')
    p.add_argument('--log-interval', type=int, default=10)
    p.add_argument('--always-save', action='store_true', help='save at every eval, not only on improvement')
    p.add_argument('--threads', type=int, default=2, help='torch.set_num_threads')
    p.add_argument('--seed', type=int, default=1337)
    return p.parse_args()


# -----------------------------------------------------------------------------
# data: all examples of a file in one flat int16 array plus line offsets

def load_examples(path, vocab_size):
    tokens, offsets = [], [0]
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            ids = np.array(line.split(), dtype=np.int64)
            if len(ids) < 2:
                continue  # nothing to predict
            if ids.min() < 0 or ids.max() >= vocab_size:
                raise ValueError(f'{path}:{lineno}: token id out of range [0, {vocab_size})')
            tokens.append(ids.astype(np.int16))
            offsets.append(offsets[-1] + len(ids))
    if not tokens:
        raise ValueError(f'{path}: no examples with at least 2 tokens')
    return np.concatenate(tokens), np.array(offsets)


def make_batch(data, indices, max_len, rng):
    """indices of examples -> (x [B,L], y [B,L], mask [B,L]) with L <= max_len."""
    tokens, offsets = data
    seqs = []
    for i in indices:
        seq = tokens[offsets[i]:offsets[i + 1]]
        if len(seq) > max_len + 1:  # random crop to max_len + 1 tokens (inputs + shifted targets)
            start = rng.randint(0, len(seq) - (max_len + 1))
            seq = seq[start:start + max_len + 1]
        seqs.append(seq)
    L = max(len(s) for s in seqs) - 1
    x = torch.full((len(seqs), L), PAD_ID, dtype=torch.long)
    y = torch.full((len(seqs), L), -100, dtype=torch.long)  # -100 = ignored by cross_entropy
    mask = torch.zeros((len(seqs), L), dtype=torch.long)
    for b, s in enumerate(seqs):
        s = torch.from_numpy(s.astype(np.int64))
        n = len(s) - 1
        x[b, :n] = s[:-1]
        y[b, :n] = s[1:]
        mask[b, :n] = 1
    return x, y, mask


def similar_lengths(by_length, batch_size, rng):
    """A random batch of examples of about the same length: neighbours in the length-sorted order."""
    start = rng.randrange(len(by_length) - batch_size + 1)
    return [int(i) for i in by_length[start:start + batch_size]]


def loss_fn(model, x, y, mask):
    logits, _ = model(x, attention_mask=mask)                          # [B,L,V]
    return F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), ignore_index=-100)


@torch.no_grad()
def evaluate(model, data, n_examples, batch_size, max_len, rng):
    """Token-weighted mean loss over the first n_examples examples of data."""
    model.eval()
    n = min(n_examples, len(data[1]) - 1)
    total, count = 0.0, 0
    for start in range(0, n, batch_size):
        x, y, mask = make_batch(data, range(start, min(start + batch_size, n)), max_len, rng)
        k = int((y != -100).sum())
        total += loss_fn(model, x, y, mask).item() * k
        count += k
    model.train()
    return total / count


def get_lr(it, elapsed, args):
    # linear warmup, then cosine from lr to min_lr over the steps or the time budget
    if it < args.warmup_iters:
        return args.lr * (it + 1) / (args.warmup_iters + 1)
    progress = (it - args.warmup_iters) / max(1, args.max_iters - args.warmup_iters)
    if args.max_minutes > 0:
        progress = max(progress, elapsed / (args.max_minutes * 60))
    progress = min(progress, 1.0)
    return args.min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (args.lr - args.min_lr)


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    os.makedirs(args.out_dir, exist_ok=True)
    ckpt_path = os.path.join(args.out_dir, 'ckpt.pt')

    # model and optimizer
    step, best_val_loss, ckpt = 0, float('inf'), None
    if args.resume and args.init_from:
        raise SystemExit('--resume and --init-from exclude each other')
    if args.resume:
        ckpt = torch.load(ckpt_path, map_location='cpu')
        config = GPTConfig(**ckpt['config'])
        step, best_val_loss = ckpt['step'], ckpt['best_val_loss']
    elif args.init_from:
        init_model, _ = load_checkpoint(args.init_from)
        config = init_model.config
        ckpt = {'state_dict': init_model.state_dict()}  # weights only: the optimizer starts afresh
        print(f'init from {args.init_from}')
    else:
        config = GPTConfig(vocab_size=args.vocab_size, n_positions=args.n_positions,
                           n_layer=args.n_layer, n_head=args.n_head, n_embd=args.n_embd)
    model = GPT(config)
    if ckpt is not None:
        model.load_state_dict(ckpt['state_dict'])
    # weight decay on matrices and embeddings, not on biases and LayerNorm (nanoGPT)
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    optimizer = torch.optim.AdamW([{'params': decay, 'weight_decay': args.weight_decay},
                                   {'params': no_decay, 'weight_decay': 0.0}],
                                  lr=args.lr, betas=(args.beta1, args.beta2))
    if ckpt is not None and 'optimizer' in ckpt:
        optimizer.load_state_dict(ckpt['optimizer'])
    print(f'model: {config}, {model.num_params() / 1e6:.2f}M parameters')

    train_data = load_examples(args.train, config.vocab_size)
    val_data = load_examples(args.val, config.vocab_size)
    n_train = len(train_data[1]) - 1
    print(f'train: {n_train} examples, {len(train_data[0])} tokens; '
          f'val: {len(val_data[1]) - 1} examples, {len(val_data[0])} tokens')
    max_len = config.n_positions
    # examples sorted by length: a batch is a random run of neighbours, so it pads little (attention is O(T^2))
    by_length = np.argsort(np.diff(train_data[1]), kind='stable')

    def save(val_loss):
        torch.save({'config': asdict(config), 'state_dict': model.state_dict(), 'best_val_loss': val_loss,
                    'step': step, 'args': vars(args), 'optimizer': optimizer.state_dict()}, ckpt_path)
        print(f'saved {ckpt_path} (step {step}, val loss {val_loss:.4f})')

    def eval_and_maybe_save():
        nonlocal best_val_loss
        val_loss = evaluate(model, val_data, args.eval_examples, args.batch_size, max_len, random.Random(0))
        improved = val_loss < best_val_loss
        best_val_loss = min(best_val_loss, val_loss)
        print(f'step {step}: val loss {val_loss:.4f} (best {best_val_loss:.4f})')
        if improved or args.always_save:
            save(best_val_loss)

    # training loop
    model.train()
    t_start = time.time()
    train_time, tokens_since_log, loss_sum, loss_n = 0.0, 0, 0.0, 0  # tokens/s excludes evaluation
    first_step = step
    if args.init_from:
        eval_and_maybe_save()  # the starting weights' held-out loss: the baseline to improve on
    while True:
        elapsed = time.time() - t_start
        out_of_time = args.max_minutes > 0 and elapsed >= args.max_minutes * 60
        if step >= args.max_iters or out_of_time:
            break
        if step % args.eval_interval == 0 and step > first_step:
            eval_and_maybe_save()

        lr = get_lr(step, elapsed, args)
        for group in optimizer.param_groups:
            group['lr'] = lr

        t0 = time.time()
        x, y, mask = make_batch(train_data, similar_lengths(by_length, args.batch_size, rng), max_len, rng)
        loss = loss_fn(model, x, y, mask)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if args.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.grad_clip)
        optimizer.step()
        step += 1
        train_time += time.time() - t0

        loss_sum += loss.item()
        loss_n += 1
        tokens_since_log += int(mask.sum())  # real (non-padding) tokens
        if step % args.log_interval == 0:
            print(f'step {step}: train loss {loss_sum / loss_n:.4f}, lr {lr:.2e}, '
                  f'{tokens_since_log / train_time:.0f} tokens/s, {(time.time() - t_start) / 60:.1f} min')
            train_time, tokens_since_log, loss_sum, loss_n = 0.0, 0, 0.0, 0

    if step > first_step:
        eval_and_maybe_save()
    print(f'done: {step} steps, best val loss {best_val_loss:.4f}, {(time.time() - t_start) / 60:.1f} min')


if __name__ == '__main__':
    main()
