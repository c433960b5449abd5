#!/usr/bin/python3
"""The PyTorch option grid for the recurrent layers (called by make_pytorch_fixtures.py).

One safetensors file per (mode, num_layers, bidirectional, bias, proj_size) in
tests/fixtures/pytorch/grid/, holding:

- PyTorch's state_dict under its own names (weight_ih_l0, weight_hh_l0_reverse, bias_ih_l0,
  weight_hr_l0, ...), F32; the inputs x (T, B, I), h0 (L*D, B, S), c0 (L*D, B, H) and the
  upstream gradients g_output (T, B, D*S), g_h_n, g_c_n, all F32 (so C# reads them exactly);
- for each variant "full" (every sequence T long) and "packed" (pack_padded_sequence with
  LENGTHS, unsorted): output, h_n, c_n and the gradients of
      L = sum(g_output * output) + sum(g_h_n * h_n) [+ sum(g_c_n * c_n)]
  w.r.t. x, h0, c0 and every parameter (grad.<name>), F64, computed in float64;
- metadata: the module's options and T, B, I, H, lengths, torch version.

batch_first needs no data of its own: for every variant this script also runs the module with
batch_first=True on x transposed to (B, T, I) and asserts its results are the transposed
time-major ones (recorded as metadata "batch_first_checked"), so the C# test may transpose.
"""

import json
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "fixtures", "pytorch", "grid"))

# Small enough to keep each file a few kB, big enough for every index to matter; H >= 2 so a
# float32 state is not a single cancelling unit; P < H as PyTorch requires.
T, B, I, H, P = 3, 2, 2, 3, 2
LENGTHS = [2, 3]  # unsorted: exercises enforce_sorted=False and the reordering of h_n
MODES = ["rnn_tanh", "rnn_relu", "lstm", "gru"]


def grid():
    for mode in MODES:
        for layers in (1, 2, 3):
            for bidirectional in (False, True):
                for bias in (True, False):
                    for proj in (0, P) if mode == "lstm" else (0,):
                        yield mode, layers, bidirectional, bias, proj


def name_of(mode, layers, bidirectional, bias, proj):
    return f"{mode}_l{layers}{'_bi' if bidirectional else ''}{'' if bias else '_nobias'}{f'_proj{proj}' if proj else ''}"


def make_module(mode, layers, bidirectional, bias, proj, batch_first):
    kw = dict(
        input_size=I,
        hidden_size=H,
        num_layers=layers,
        bidirectional=bidirectional,
        bias=bias,
        batch_first=batch_first,
    )
    if mode.startswith("rnn"):
        return torch.nn.RNN(nonlinearity=mode[4:], **kw)
    if mode == "lstm":
        return torch.nn.LSTM(proj_size=proj, **kw)
    return torch.nn.GRU(**kw)


def f32(shape, scale=1.0):
    return (scale * torch.randn(*shape)).float()


def forward(module, x, h0, c0, lengths, batch_first=False, total_length=T):
    """(output, h_n, c_n) of a module, through pack_padded_sequence when lengths are given."""
    inp = x
    if lengths is not None:
        inp = torch.nn.utils.rnn.pack_padded_sequence(
            x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False
        )
    out, final = module(inp, (h0, c0) if c0 is not None else h0)
    if lengths is not None:
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(
            out, batch_first=batch_first, total_length=total_length
        )
    h_n, c_n = final if c0 is not None else (final, None)
    return out, h_n, c_n


def run(module, x, h0, c0, g_out, g_h, g_c, lengths, batch_first):
    module.zero_grad()
    x = x.clone().requires_grad_(True)
    h0 = h0.clone().requires_grad_(True)
    c0 = c0.clone().requires_grad_(True) if c0 is not None else None
    out, h_n, c_n = forward(module, x, h0, c0, lengths, batch_first)
    loss = (g_out * out).sum() + (g_h * h_n).sum()
    if c_n is not None:
        loss = loss + (g_c * c_n).sum()
    loss.backward()
    result = {"output": out, "h_n": h_n, "grad.x": x.grad, "grad.h0": h0.grad}
    if c0 is not None:
        result["c_n"] = c_n
        result["grad.c0"] = c0.grad
    for n, p in module.named_parameters():
        result["grad." + n] = p.grad
    # Copies: zero_grad() of the next run zeroes the .grad tensors in place.
    return {k: v.detach().clone() for k, v in result.items()}


def make_case(index, mode, layers, bidirectional, bias, proj):
    torch.manual_seed(5000 + index)
    d = 2 if bidirectional else 1
    s = proj or H
    module = make_module(mode, layers, bidirectional, bias, proj, batch_first=False)
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-0.6, 0.6)  # wider than PyTorch's default so gates leave their linear region
    x = f32((T, B, I))
    for b, n in enumerate(LENGTHS):
        x[n:, b, :] = 7.0  # padding must not matter
    h0 = f32((layers * d, B, s), 0.5)
    c0 = f32((layers * d, B, H), 0.5) if mode == "lstm" else None
    g_out = f32((T, B, d * s))
    g_h = f32((layers * d, B, s))
    g_c = f32((layers * d, B, H)) if mode == "lstm" else None

    tensors = {n: p.detach().float() for n, p in module.named_parameters()}
    tensors.update(x=x, h0=h0, g_output=g_out, g_h_n=g_h)
    if c0 is not None:
        tensors.update(c0=c0, g_c_n=g_c)

    m64 = module.double()
    bf = make_module(mode, layers, bidirectional, bias, proj, batch_first=True).double()
    bf.load_state_dict(m64.state_dict())
    dbl = lambda t: t.double() if t is not None else None
    for variant, lengths in (("full", None), ("packed", LENGTHS)):
        args = (dbl(h0), dbl(c0))
        r = run(m64, dbl(x), *args, dbl(g_out), dbl(g_h), dbl(g_c), lengths, False)
        rb = run(bf, dbl(x).transpose(0, 1), *args, dbl(g_out).transpose(0, 1), dbl(g_h), dbl(g_c), lengths, True)
        for k, v in r.items():
            w = rb[k].transpose(0, 1) if k in ("output", "grad.x") else rb[k]
            assert torch.allclose(v, w, rtol=0, atol=1e-14), f"batch_first differs in {k}"
        tensors.update({f"{variant}.{k}": v for k, v in r.items()})

    metadata = {
        "mode": mode,
        "num_layers": str(layers),
        "bidirectional": str(bidirectional).lower(),
        "bias": str(bias).lower(),
        "proj_size": str(proj),
        "T": str(T),
        "B": str(B),
        "I": str(I),
        "H": str(H),
        "lengths": ",".join(map(str, LENGTHS)),
        "batch_first_checked": "true",
        "torch_version": torch.__version__,
        "generator": "tests/scripts/make_grid.py",
    }
    return tensors, metadata


def save_safetensors(path, tensors, metadata):
    """The safetensors layout, written by hand (no extra package): u64 header length, JSON, data."""
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        t = t.contiguous()
        dtype = {torch.float32: "F32", torch.float64: "F64"}[t.dtype]
        raw = t.numpy().astype("<f4" if dtype == "F32" else "<f8").tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for index, case in enumerate(grid()):
        tensors, metadata = make_case(index, *case)
        save_safetensors(os.path.join(OUT_DIR, name_of(*case) + ".safetensors"), tensors, metadata)
    print(f"wrote {index + 1} grid fixtures to {os.path.relpath(OUT_DIR)}")


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
