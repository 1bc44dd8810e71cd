"""
GPT-2 decoder for MMM / MIDI-GPT ("Yellow" vocabulary, 647 tokens), nanoGPT style.

The parameter names of state_dict() are exactly Hugging Face GPT2LMHeadModel's, so a
checkpoint trained here loads in `transformers`, and a published MMM / MIDI-GPT checkpoint
in HF layout loads here:

    transformer.wte.weight                 [vocab, n_embd]
    transformer.wpe.weight                 [n_positions, n_embd]
    transformer.h.{i}.ln_1.weight|bias     [n_embd]
    transformer.h.{i}.attn.c_attn.weight   [n_embd, 3*n_embd]   (Conv1D: stored [in, out])
    transformer.h.{i}.attn.c_attn.bias     [3*n_embd]
    transformer.h.{i}.attn.c_proj.weight   [n_embd, n_embd]
    transformer.h.{i}.ln_2.weight|bias     [n_embd]
    transformer.h.{i}.mlp.c_fc.weight      [n_embd, 4*n_embd]
    transformer.h.{i}.mlp.c_proj.weight    [4*n_embd, n_embd]
    transformer.ln_f.weight|bias           [n_embd]
    lm_head.weight                         [vocab, n_embd]      (tied to wte by default)

Architecture: pre-LN GPT-2, learned absolute positions, LayerNorm eps 1e-5, gelu_new (tanh
approximation). Attention is plain matmul + softmax with an explicit additive mask (causal AND
attention_mask), because torch 1.13's scaled_dot_product_attention does not export to ONNX.

Shapes: B batch, T new tokens, P past length, S = P + T, H heads, hd head dim, C n_embd, V vocab.
"""

import json
import math
import os
import struct
from dataclasses import dataclass, asdict

import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F


@dataclass
class GPTConfig:
    vocab_size: int = 647
    n_positions: int = 1024
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    layer_norm_epsilon: float = 1e-5
    tie_word_embeddings: bool = True


class Conv1D(nn.Module):
    """Hugging Face's Conv1D: a linear layer whose weight is stored [in, out]."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_in, n_out))
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return x @ self.weight + self.bias  # [..., in] @ [in, out] -> [..., out]


def gelu_new(x):
    # HF "gelu_new" = GELU with the tanh approximation (written out so it exports everywhere)
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def attention_bias(allowed):
    """
    [B,1,T,S] bool -> the float added to the scores: 0 where allowed, the dtype's min where not. Made once per run for
    every layer; added, not filled in (one Add per layer where a fill is a Where), and a fully masked row (a padding
    query) still comes out uniform, not NaN: min plus any score is min again.
    """
    return torch.zeros(allowed.shape, dtype=torch.float32).masked_fill(~allowed, torch.finfo(torch.float32).min)


class CausalSelfAttention(nn.Module):

    def __init__(self, config):
        super().__init__()
        assert config.n_embd % config.n_head == 0
        self.n_head = config.n_head
        self.n_embd = config.n_embd
        self.c_attn = Conv1D(config.n_embd, 3 * config.n_embd)  # q, k, v for all heads at once
        self.c_proj = Conv1D(config.n_embd, config.n_embd)

    def forward(self, x, bias, layer_past=None, layer_prefix=None, grow=True):
        # x: [B,T,C]; bias: [B,1,T,Q+P+T], 0 where a query may see a key, the dtype's min where not (see attention_bias);
        # layer_past: (k, v) each [B,H,P,hd] or None; layer_prefix: (k, v) each [1,H,Q,hd], keys and values every row
        # of the batch shares, or None. Returns the output and (k, v): the past grown by the new tokens, or with
        # grow=False the new tokens' alone (the ONNX export: the engine writes them into its own buffers, so no step
        # copies the past).
        B, T, C = x.size()
        H, hd = self.n_head, self.n_embd // self.n_head  # Python ints, so the traced graph keeps them constant
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)        # 3 x [B,T,C]
        q = q * (1.0 / math.sqrt(hd))  # scaled here, not the scores: the scores are (Q+P+T)/hd times as many
        q = q.view(B, T, H, hd).permute(2, 0, 1, 3)                # [H,B,T,hd]
        k = k.view(B, T, H, hd).transpose(1, 2)                    # [B,H,T,hd]
        v = v.view(B, T, H, hd).transpose(1, 2)                    # [B,H,T,hd]
        q_rows = q.transpose(0, 1)                                 # [B,H,T,hd]

        # Scores against the prefix, the past and the new tokens are computed apart and only the (small) score rows
        # are concatenated: the keys and values themselves are read where they lie, never copied together. The
        # scores are laid out [H,B,T,S], the prefix's own layout, since its part is the widest: only the past's and
        # the new tokens' parts are transposed.
        scores, widths = [], []
        if layer_prefix is not None:
            # A prompt rows share is held once: [1,H,Q,hd]. Folding the batch into the rows of one matmul per head
            # ([H,B*T,hd] @ [H,hd,Q]) reads it once per step, where a broadcast would copy it B times. Q must be at
            # least 1 in ONNX (a reshape to 0 means "keep"): without a prompt to share, the engine passes one
            # masked-out position. squeeze, not pk[0]: indexing exports as a Gather, which copies the pool in every
            # layer at every step.
            pk, pv = layer_prefix
            Q = pk.size(2)
            scores.append((q.reshape(H, B * T, hd) @ pk.squeeze(0).transpose(-2, -1)).view(H, B, T, Q))
            widths.append(Q)
        if layer_past is not None:
            scores.append((q_rows @ layer_past[0].transpose(-2, -1)).transpose(0, 1))  # [H,B,T,P]
            widths.append(layer_past[0].size(2))
        scores.append((q_rows @ k.transpose(-2, -1)).transpose(0, 1))                  # [H,B,T,T]
        widths.append(T)
        att = torch.cat(scores, dim=-1) if len(scores) > 1 else scores[0]              # [H,B,T,Q+P+T]
        att = F.softmax(att + bias.transpose(0, 1), dim=-1)
        parts = list(att.split(widths, dim=-1)) if len(widths) > 1 else [att]
        y = (parts.pop().transpose(0, 1) @ v)                                          # [B,H,T,hd]
        if layer_past is not None:
            y = y + parts.pop().transpose(0, 1) @ layer_past[1]
        y = y.transpose(0, 1)                                                          # [H,B,T,hd]
        if layer_prefix is not None:
            y = y + (parts.pop().reshape(H, B * T, Q) @ pv.squeeze(0)).view(H, B, T, hd)
        y = y.permute(1, 2, 0, 3).reshape(B, T, C)                 # [B,T,C]
        if grow and layer_past is not None:
            k = torch.cat([layer_past[0], k], dim=2)               # [B,H,P+T,hd]
            v = torch.cat([layer_past[1], v], dim=2)
        return self.c_proj(y), (k, v)


class MLP(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.c_fc = Conv1D(config.n_embd, 4 * config.n_embd)
        self.c_proj = Conv1D(4 * config.n_embd, config.n_embd)

    def forward(self, x):
        return self.c_proj(gelu_new(self.c_fc(x)))                 # [B,T,C] -> [B,T,4C] -> [B,T,C]


class Block(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd, eps=config.layer_norm_epsilon)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd, eps=config.layer_norm_epsilon)
        self.mlp = MLP(config)

    def forward(self, x, bias, layer_past=None, layer_prefix=None, grow=True):
        a, present = self.attn(self.ln_1(x), bias, layer_past, layer_prefix, grow)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, present


class GPT(nn.Module):

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),
            wpe=nn.Embedding(config.n_positions, config.n_embd),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=nn.LayerNorm(config.n_embd, eps=config.layer_norm_epsilon),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        if config.tie_word_embeddings:
            self.lm_head.weight = self.transformer.wte.weight

        # GPT-2 init: normal(0, 0.02), zero biases, and the residual projections scaled by
        # 1/sqrt(2 * n_layer) (GPT-2 paper, as in nanoGPT)
        self.apply(self._init_weights)
        for name, p in self.named_parameters():
            if name.endswith('c_proj.weight'):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    def _init_weights(self, module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        elif isinstance(module, Conv1D):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.LayerNorm):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)

    def num_params(self):
        # tied lm_head counted once (parameters() de-duplicates shared tensors)
        return sum(p.numel() for p in self.parameters())

    def forward(self, input_ids, attention_mask=None, position_ids=None, past_key_values=None,
                prefix_key_values=None):
        # input_ids:         [B,T] int64
        # attention_mask:    [B,S] (1 = real token, 0 = padding) or None (= all ones); S = Q+P+T
        # position_ids:      [B,T] or None (derived from attention_mask, so left padding works)
        # past_key_values:   list over layers of (k, v), each [B,H,P,hd]; P may be 0; or None
        # prefix_key_values: list over layers of (k, v), each [1,H,Q,hd]: a prompt all rows share,
        #                    before the past; Q may be 0; or None. presents never include it.
        B, T = input_ids.size()
        device = input_ids.device
        Q = prefix_key_values[0][0].size(2) if prefix_key_values is not None else 0
        P = Q + (past_key_values[0][0].size(2) if past_key_values is not None else 0)
        S = P + T

        if attention_mask is None:
            attention_mask = torch.ones(B, S, dtype=torch.long, device=device)
        if position_ids is None:
            # position = number of real tokens before this one (HF generate() does the same)
            position_ids = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)[:, -T:]  # [B,T]

        # mask: query t (absolute position P+t) may see key s iff s <= P+t and key s is real
        q_pos = torch.arange(T, device=device) + P                 # [T]
        k_pos = torch.arange(S, device=device)                     # [S]
        causal = k_pos.unsqueeze(0) <= q_pos.unsqueeze(1)          # [T,S]
        allowed = causal.unsqueeze(0).unsqueeze(0) & attention_mask.bool().unsqueeze(1).unsqueeze(2)  # [B,1,T,S]
        bias = attention_bias(allowed).to(device)

        x = self.transformer.wte(input_ids) + self.transformer.wpe(position_ids)  # [B,T,C]
        presents = []
        for i, block in enumerate(self.transformer.h):
            layer_past = past_key_values[i] if past_key_values is not None else None
            layer_prefix = prefix_key_values[i] if prefix_key_values is not None else None
            x, present = block(x, bias, layer_past, layer_prefix)
            presents.append(present)
        x = self.transformer.ln_f(x)
        logits = self.lm_head(x)                                   # [B,T,V]
        return logits, presents


    def decode(self, input_ids, position_ids, allowed, cache, prefix, last=None):
        """
        One run of the serving graph (export_onnx.py): T new tokens per row over keys and values the caller keeps.
        input_ids, position_ids [B,T]; allowed [B,1,T,Q+C+T] bool; cache: per layer (k, v) [B,H,C,hd], each row's
        own buffer, of which `allowed` says what is written; prefix: per layer (k, v) [1,H,Q,hd], a pool of prompts
        rows share; last [B]: each row's last real new token (rows of a batched prefill are right-padded), or None
        for the last position. Returns the logits there [B,V] and the new tokens' (k, v) [B,H,T,hd] per layer, which
        the caller writes into its buffers: nothing already cached is copied.
        """
        x = self.transformer.wte(input_ids) + self.transformer.wpe(position_ids)  # [B,T,C]
        bias = attention_bias(allowed)
        new = []
        for i, block in enumerate(self.transformer.h):
            x, kv = block(x, bias, cache[i], prefix[i], grow=False)
            new.append(kv)
        x = x[:, -1] if last is None else x[torch.arange(x.size(0)), last]  # only these logits are ever sampled
        x = self.transformer.ln_f(x)
        return self.lm_head(x), new                                # [B,V]


# -----------------------------------------------------------------------------
# Loading checkpoints in Hugging Face layout

def config_from_dict(d):
    """GPTConfig from an HF config.json / MIDI-GPT config / our own asdict(GPTConfig)."""
    def pick(*names):
        for n in names:
            if n in d and d[n] is not None:
                return d[n]
        return None
    kw = dict(
        vocab_size=pick('vocab_size'),
        n_positions=pick('n_positions', 'n_ctx', 'max_position_embeddings', 'max_seq_len'),
        n_layer=pick('n_layer', 'num_layers', 'n_layers', 'num_hidden_layers'),
        n_head=pick('n_head', 'num_heads', 'n_heads', 'num_attention_heads'),
        n_embd=pick('n_embd', 'd_model', 'hidden_size', 'n_hidden'),
        layer_norm_epsilon=pick('layer_norm_epsilon', 'layer_norm_eps'),
        tie_word_embeddings=pick('tie_word_embeddings'),
    )
    return {k: v for k, v in kw.items() if v is not None}


def from_hf_state_dict(sd, config=None, n_head=None):
    """
    Build a GPT from a state dict in HF GPT2LMHeadModel (or GPT2Model) layout.
    Sizes are read from the tensor shapes; only n_head cannot be, so it comes from `config`
    (a dict or GPTConfig), or from `n_head` when the config does not have it. A separate
    lm_head.weight is kept (untied); a missing or identical one is tied to wte.
    """
    # drop a wrapper prefix ("module.", "model.", ...) in front of the HF names
    first = next(k for k in sd if 'wte.weight' in k)
    prefix = first[:first.index('transformer.wte.weight')] if 'transformer.wte.weight' in first else first[:-len('wte.weight')]
    sd = {k[len(prefix):]: v for k, v in sd.items() if k.startswith(prefix)}
    if 'wte.weight' in sd:  # GPT2Model (no LM head) has no "transformer." prefix
        sd = {('transformer.' + k): v for k, v in sd.items()}
    # HF keeps the causal mask as buffers attn.bias / attn.masked_bias: not parameters here
    sd = {k: v for k, v in sd.items() if not (k.endswith('.attn.bias') or k.endswith('.attn.masked_bias'))}

    cfg = asdict(config) if isinstance(config, GPTConfig) else config_from_dict(config or {})
    if 'n_head' not in cfg and n_head:
        cfg['n_head'] = n_head
    if 'n_head' not in cfg:
        raise ValueError('n_head is not in the checkpoint config and cannot be read from shapes: pass it')
    wte = sd['transformer.wte.weight']
    cfg['vocab_size'], cfg['n_embd'] = wte.shape
    cfg['n_positions'] = sd['transformer.wpe.weight'].shape[0]
    cfg['n_layer'] = 1 + max(int(k.split('.')[2]) for k in sd if k.startswith('transformer.h.'))

    C = cfg['n_embd']
    if sd['transformer.h.0.attn.c_attn.weight'].shape == (3 * C, C):
        # saved from nn.Linear ([out, in]) rather than Conv1D ([in, out]): transpose projections
        for k in list(sd):
            if k.endswith(('c_attn.weight', 'c_proj.weight', 'c_fc.weight')):
                sd[k] = sd[k].t().contiguous()

    lm = sd.get('lm_head.weight')
    cfg['tie_word_embeddings'] = lm is None or torch.equal(lm, wte)
    if cfg['tie_word_embeddings']:
        sd.pop('lm_head.weight', None)

    model = GPT(GPTConfig(**cfg))
    missing, unexpected = model.load_state_dict(sd, strict=False)
    missing = [k for k in missing if not (k == 'lm_head.weight' and cfg['tie_word_embeddings'])]
    if missing or unexpected:
        raise ValueError(f'checkpoint does not match GPT-2 layout: missing {missing}, unexpected {unexpected}')
    return model


_ST_DTYPES = {'F32': np.float32, 'F16': np.float16, 'F64': np.float64, 'I64': np.int64,
              'I32': np.int32, 'I16': np.int16, 'I8': np.int8, 'U8': np.uint8, 'BOOL': np.bool_}


def read_safetensors(path):
    """
    (state_dict, metadata) from a .safetensors file. Uses the `safetensors` module when
    installed (Debian has no package for it), otherwise this minimal reader of the format:
    8-byte little-endian header length, JSON header {name: {dtype, shape, data_offsets}},
    then the raw little-endian tensor bytes.
    """
    try:
        from safetensors import safe_open
        with safe_open(path, framework='pt') as f:
            return {k: f.get_tensor(k) for k in f.keys()}, (f.metadata() or {})
    except ImportError:
        pass
    with open(path, 'rb') as f:
        (n,) = struct.unpack('<Q', f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop('__metadata__', None) or {}
    sd = {}
    for name, info in header.items():
        lo, hi = info['data_offsets']
        raw = data[lo:hi]
        if info['dtype'] == 'BF16':  # bfloat16 = the top 16 bits of a float32
            a = (np.frombuffer(raw, dtype='<u2').astype(np.uint32) << 16).view(np.float32)
        else:
            a = np.frombuffer(raw, dtype=np.dtype(_ST_DTYPES[info['dtype']]).newbyteorder('<'))
        sd[name] = torch.from_numpy(a.astype(a.dtype.newbyteorder('='), copy=True).reshape(info['shape']))
    return sd, meta


def read_onnx(path):
    """
    (state_dict, config) from a graph export_onnx.py wrote: the initializers named after the HF
    weights ("model." in front), sizes from the polyphon.* metadata. The tied LM head is folded
    into a MatMul constant in the graph, so it is left out and tied to wte again.
    """
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    meta = {p.key: p.value for p in m.metadata_props}
    sd = {}
    for init in m.graph.initializer:
        name = init.name[len('model.'):] if init.name.startswith('model.') else init.name
        if name.startswith('transformer.'):
            sd[name] = torch.from_numpy(numpy_helper.to_array(init).copy())
    config = {k: int(meta['polyphon.' + k]) for k in ('n_layer', 'n_head', 'n_embd', 'n_positions', 'vocab_size')
              if 'polyphon.' + k in meta}
    return sd, config, meta


def load_checkpoint(path, n_head=None):
    """
    n_head is used only when the checkpoint's config does not give it.
    Load a model from any of:
      - ckpt.pt written by train.py: {'config', 'state_dict', 'best_val_loss', 'step', ...}
      - an HF directory (pytorch_model.bin or model.safetensors, plus config.json)
      - a bare HF-layout state dict saved with torch.save (.bin / .pt)
      - a MIDI-GPT packed bundle {'format_version', 'config', 'state_dict', ...}
      - a .safetensors file (config read from its '__metadata__' 'config' JSON when present)
      - a legacy TorchScript trace of HF GPT2 (MMM_API / MIDI-GPT 2025 .pt; legacy id layout)
      - an .onnx graph written by export_onnx.py (its weights; e.g. to fine-tune the bundled model)
    Returns (model in eval mode, info dict with whatever else the checkpoint carried).
    Everything is converted to float32.
    """
    info, config = {}, None
    if os.path.isdir(path):
        cfg_path = os.path.join(path, 'config.json')
        if os.path.exists(cfg_path):
            with open(cfg_path) as f:
                config = json.load(f)
            info['hf_config'] = config
        for name in ('model.safetensors', 'pytorch_model.bin'):
            if os.path.exists(os.path.join(path, name)):
                path = os.path.join(path, name)
                break
        else:
            raise FileNotFoundError(f'no model.safetensors or pytorch_model.bin in {path}')

    if path.endswith('.onnx'):
        sd, config, meta = read_onnx(path)
        info['onnx_metadata'] = meta
    elif path.endswith('.safetensors'):
        sd, meta = read_safetensors(path)
        if config is None and 'config' in meta:
            config = json.loads(meta['config'])
        info['safetensors_metadata'] = meta
    else:
        obj = torch.load(path, map_location='cpu')  # a TorchScript archive comes back as a ScriptModule
        if isinstance(obj, torch.jit.ScriptModule):
            # legacy MMM / MIDI-GPT 2025 .pt: a trace of HF GPT2, so its state_dict has the HF names
            obj = {k: v for k, v in obj.state_dict().items()}
            info['torchscript'] = True
        if isinstance(obj, dict) and 'state_dict' in obj:
            sd = obj['state_dict']
            config = config or obj.get('config')
            info.update({k: v for k, v in obj.items() if k not in ('state_dict', 'optimizer')})
        elif isinstance(obj, dict) and 'model' in obj and isinstance(obj['model'], dict):
            sd, config = obj['model'], config or obj.get('config')
        else:
            sd = obj
    if isinstance(config, str):
        config = json.loads(config)
    sd = {k: v.float() if v.is_floating_point() else v for k, v in sd.items()}
    model = from_hf_state_dict(sd, config, n_head)
    model.eval()
    return model, info
