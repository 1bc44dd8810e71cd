"""
Summarize an ONNX Runtime profile (the Chrome-trace JSON that SessionOptions.enableProfiling
writes; the worker writes one when POLYPHON_ORT_PROFILE is set): where the node time of the runs
goes, per op type, and how much of it is ops that only move data.

    /usr/bin/python3 model/profile_summary.py /tmp/prof-new_2026-12-02_00-20-23.json
    /usr/bin/python3 model/profile_summary.py PROFILE --skip-runs 143   # leave out a warm-up's runs
    /usr/bin/python3 model/profile_summary.py PROFILE --last-runs 173   # or keep only the timed ones

What it counts:
  node time   the "dur" (microseconds) of every event of category "Node" whose name ends in
              _kernel_time, i.e. the time inside each kernel, summed by args.op_name. Time between
              kernels (the executor, feeding inputs, Java) is in model_run but not in any node;
              it is printed apart as "outside kernels".
  runs        each model_run event is one OrtSession.run. A run is a decode step when its token
              embedding (a Gather whose data is a 2-d float table and whose indices are [B, T])
              has T == 1, else a prefill; both are summarized, and decode steps alone.
  copying     ops that compute nothing and only move bytes: Concat, Slice, Split, Transpose,
              Expand, Tile, Pad, Gather/GatherElements/GatherND, Identity, Reshape, Squeeze,
              Unsqueeze, Flatten, Scatter*. Reshape/Squeeze/Unsqueeze are
              usually free in ONNX Runtime (their output aliases their input), so their time is
              mostly per-node overhead; they are listed but it says so. Where (the attention mask)
              and Softmax are computation over scores, not copies, and are not counted.
  kv-sized    the copying ops whose input or output is shaped like keys or values of more than
              one position: rank >= 3, last dim == --head-dim, second-to-last dim > 1 ([B,H,S,hd]
              or [H,S,hd]). These are the ones that grow with the cache or the prompt pool: a
              copy of the cache or pool every step is what the in-place design set out to remove.
"""
import argparse
import collections
import json

COPYING = {'Concat', 'Slice', 'Split', 'Transpose', 'Expand', 'Tile', 'Pad', 'Gather', 'GatherElements', 'GatherND',
           'Identity', 'Reshape', 'Squeeze', 'Unsqueeze', 'Flatten', 'ScatterND', 'ScatterElements', 'Scatter'}
ALIASING = {'Reshape', 'Squeeze', 'Unsqueeze', 'Flatten', 'Identity'}  # usually no copy in ONNX Runtime


def shapes(entries):
    """[{'float': [1, 8, 384, 64]}, ...] -> [[1, 8, 384, 64], ...]"""
    return [list(e.values())[0] for e in entries or []]


def is_kv(shape, head_dim):
    return len(shape) >= 3 and shape[-1] == head_dim and shape[-2] > 1


def elements(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def load(path):
    with open(path) as f:
        data = json.load(f)
    return data['traceEvents'] if isinstance(data, dict) else data


def split_runs(events, skip_runs, last_runs):
    """[(run event, [its kernel events])] in time order, the first skip_runs left out (or all but the last_runs)."""
    runs = sorted((e for e in events if e.get('cat') == 'Session' and e.get('name') == 'model_run'),
                  key=lambda e: e['ts'])
    runs = runs[-last_runs:] if last_runs else runs[skip_runs:]
    kernels = sorted((e for e in events if e.get('cat') == 'Node' and e.get('name', '').endswith('_kernel_time')),
                     key=lambda e: e['ts'])
    out, k = [], 0
    for run in runs:
        end = run['ts'] + run['dur']
        while k < len(kernels) and kernels[k]['ts'] < run['ts']:
            k += 1  # a kernel of a skipped run
        mine = []
        while k < len(kernels) and kernels[k]['ts'] <= end:
            mine.append(kernels[k])
            k += 1
        out.append((run, mine))
    return out


def is_decode(kernels):
    for e in kernels:
        a = e['args']
        if a.get('op_name') == 'Gather':
            ins = shapes(a.get('input_type_shape'))
            if len(ins) == 2 and len(ins[0]) == 2 and len(ins[1]) == 2 and 'float' in a['input_type_shape'][0]:
                return ins[1][1] == 1
    return False


def summarize(title, runs, head_dim, top):
    kernels = [e for _, mine in runs for e in mine]
    if not kernels:
        print(f'\n== {title}: no runs')
        return
    run_us = sum(r['dur'] for r, _ in runs)
    node_us = sum(e['dur'] for e in kernels)
    by_op, calls = collections.Counter(), collections.Counter()
    copy_kv = collections.Counter()            # (op, output shape) -> us, kv-sized copying nodes
    largest = {}                               # op -> (elements, output shape) of Concat / Slice
    for e in kernels:
        a = e['args']
        op = a.get('op_name', '?')
        by_op[op] += e['dur']
        calls[op] += 1
        if op not in COPYING:
            continue
        ins, outs = shapes(a.get('input_type_shape')), shapes(a.get('output_type_shape'))
        if any(is_kv(s, head_dim) for s in ins + outs):
            copy_kv[(op, str(ins[0] if ins else '?'), str(outs[0] if outs else '?'))] += e['dur']
        if op in ('Concat', 'Slice') and outs:
            size = elements(outs[0])
            if size > largest.get(op, (-1,))[0]:
                largest[op] = (size, outs[0])

    print(f'\n== {title}: {len(runs)} runs, {run_us / 1e3:.1f} ms in model_run, {node_us / 1e3:.1f} ms in kernels '
          f'({100 * (run_us - node_us) / max(run_us, 1):.1f}% outside kernels), {run_us / 1e3 / len(runs):.2f} ms a run')
    print(f'{"op type":22s} {"ms":>9s} {"share":>6s} {"calls":>7s} {"us/call":>8s}')
    for op, us in by_op.most_common(top):
        mark = ' (copying' + (', usually aliased)' if op in ALIASING else ')') if op in COPYING else ''
        print(f'{op:22s} {us / 1e3:9.1f} {100 * us / node_us:5.1f}% {calls[op]:7d} {us / calls[op]:8.1f}{mark}')
    rest = sum(us for op, us in by_op.most_common()[top:])
    if rest:
        print(f'{"(the rest)":22s} {rest / 1e3:9.1f} {100 * rest / node_us:5.1f}%')
    copying = sum(us for op, us in by_op.items() if op in COPYING)
    real_copies = sum(us for op, us in by_op.items() if op in COPYING and op not in ALIASING)
    kv = sum(copy_kv.values())
    print(f'copying ops: {100 * copying / node_us:.1f}% of kernel time '
          f'({100 * real_copies / node_us:.1f}% without Reshape/Squeeze/Unsqueeze/Flatten/Identity); '
          f'on keys/values of more than one position: {100 * kv / node_us:.1f}%')
    for (op, i, o), us in copy_kv.most_common(6):
        print(f'    {op:10s} {i} -> {o}: {us / 1e3:.1f} ms ({100 * us / node_us:.1f}%)')
    for op in ('Concat', 'Slice'):
        if op in largest:
            print(f'largest {op} output: {largest[op][1]}')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument('profile', help='ONNX Runtime profile JSON')
    p.add_argument('--skip-runs', type=int, default=0, help='leave out the first N runs (a warm-up)')
    p.add_argument('--last-runs', type=int, default=0, help='keep only the last N runs (instead of --skip-runs)')
    p.add_argument('--head-dim', type=int, default=64, help='n_embd / n_head of the model (64 for Yellow)')
    p.add_argument('--top', type=int, default=15, help='op types to list')
    args = p.parse_args()
    runs = split_runs(load(args.profile), args.skip_runs, args.last_runs)
    decode = [(r, k) for r, k in runs if is_decode(k)]
    summarize('all runs', runs, args.head_dim, args.top)
    summarize('decode steps', decode, args.head_dim, args.top)


if __name__ == '__main__':
    main()
