#!/usr/bin/python3
"""Generate the PyTorch parity fixtures in tests/fixtures/pytorch/ (committed; CI never runs this).

Run with Debian's Python and PyTorch (apt-get install python3-torch):

    /usr/bin/python3 tests/scripts/make_pytorch_fixtures.py

Each fixture is one JSON file describing a seeded nn.RNN / nn.LSTM / nn.GRU problem:

- config: mode ("rnn_tanh", "rnn_relu", "lstm", "gru"), num_layers, bidirectional, T, B, I, H;
- weights: PyTorch's parameters by their PyTorch names (weight_ih_l0, weight_hh_l0, bias_ih_l0,
  bias_hh_l0, ..._reverse), each a flat row-major list with its shape. Gate order is PyTorch's:
  LSTM (i, f, g, o), GRU (r, z, n);
- x (T, B, I) (time-major, batch_first=False), h0 and, for the LSTM, c0 (L*D, B, H);
- lengths (optional, B): a packed batch (pack_padded_sequence); output rows at padded steps are 0
  and h_n/c_n are the states at each sequence's last valid step. An engine that holds its state
  across masked steps reproduces this in both directions;
- outputs: output (T, B, D*H), h_n, c_n;
- the upstream gradients of a fixed random linear functional
      L = sum(g_output * output) + sum(g_h_n * h_n) [+ sum(g_c_n * c_n)]
  and the gradients of L w.r.t. every weight, x, h0 (and c0) under "grads";
- "grads_output_only": the same gradients for L = sum(g_output * output) alone, for engines
  whose interface takes no upstream gradient of the final state.

Weights and inputs are drawn in float32 (so C# reads them exactly); every forward and backward
value is computed in float64 so the fixture is the exact answer for those float32 inputs, and a
float32 implementation is expected to match within ~1e-5 relative.

The option grid (make_grid.py beside this script, run from main) writes one safetensors file per
(mode, num_layers, bidirectional, bias, proj_size) into tests/fixtures/pytorch/grid/.
"""

import json
import os
import sys

import torch

import make_grid

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "fixtures", "pytorch"))

# T steps, B batch, I input, H hidden: small enough to read, big enough to exercise every index.
T, B, I, H = 4, 2, 3, 5

CASES = [
    # name, mode, num_layers, bidirectional, lengths
    ("rnn_tanh", "rnn_tanh", 1, False, None),
    ("rnn_relu", "rnn_relu", 1, False, None),
    ("lstm", "lstm", 1, False, None),
    ("gru", "gru", 1, False, None),
    ("rnn_tanh_bidirectional", "rnn_tanh", 1, True, None),
    ("rnn_relu_bidirectional", "rnn_relu", 1, True, None),
    ("lstm_bidirectional", "lstm", 1, True, None),
    ("gru_bidirectional", "gru", 1, True, None),
    ("rnn_tanh_2layer", "rnn_tanh", 2, False, None),
    ("rnn_relu_2layer", "rnn_relu", 2, False, None),
    ("lstm_2layer", "lstm", 2, False, None),
    ("gru_2layer", "gru", 2, False, None),
    ("lstm_2layer_bidirectional", "lstm", 2, True, None),
    ("gru_2layer_bidirectional", "gru", 2, True, None),
    ("rnn_tanh_2layer_bidirectional", "rnn_tanh", 2, True, None),
    ("rnn_tanh_packed", "rnn_tanh", 1, False, [4, 2]),
    ("lstm_packed_bidirectional", "lstm", 1, True, [4, 2]),
    ("gru_packed", "gru", 1, False, [4, 3]),
]


def make_module(mode, num_layers, bidirectional):
    kw = dict(input_size=I, hidden_size=H, num_layers=num_layers, bidirectional=bidirectional)
    if mode == "rnn_tanh":
        return torch.nn.RNN(nonlinearity="tanh", **kw)
    if mode == "rnn_relu":
        return torch.nn.RNN(nonlinearity="relu", **kw)
    if mode == "lstm":
        return torch.nn.LSTM(**kw)
    if mode == "gru":
        return torch.nn.GRU(**kw)
    raise ValueError(mode)


def flat(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def run(module, x, h0, c0, lengths, g_out, g_h, g_c, include_final):
    """Forward in float64 and the gradients of the linear functional."""
    module.zero_grad()
    x = x.clone().requires_grad_(True)
    h0 = h0.clone().requires_grad_(True)
    c0 = c0.clone().requires_grad_(True) if c0 is not None else None
    out, h_n, c_n = make_grid.forward(module, x, h0, c0, lengths, total_length=T)
    loss = (g_out * out).sum()
    if include_final:
        loss = loss + (g_h * h_n).sum()
        if c_n is not None:
            loss = loss + (g_c * c_n).sum()
    loss.backward()
    grads = {name: flat(p.grad) for name, p in module.named_parameters()}
    grads["x"] = flat(x.grad)
    grads["h0"] = flat(h0.grad)
    if c0 is not None:
        grads["c0"] = flat(c0.grad)
    return out, h_n, c_n, float(loss), grads


def make_case(index, name, mode, num_layers, bidirectional, lengths):
    torch.manual_seed(1000 + index)
    d = 2 if bidirectional else 1
    module32 = make_module(mode, num_layers, bidirectional)
    # Spread the weights a bit wider than PyTorch's U(-1/sqrt(H), 1/sqrt(H)) so the
    # nonlinearities leave their linear region and gate errors would show.
    with torch.no_grad():
        for p in module32.parameters():
            p.uniform_(-0.6, 0.6)
    x = torch.randn(T, B, I, dtype=torch.float32)
    h0 = 0.5 * torch.randn(num_layers * d, B, H, dtype=torch.float32)
    c0 = 0.5 * torch.randn(num_layers * d, B, H, dtype=torch.float32) if mode == "lstm" else None
    if lengths is not None:
        # Padding values must not matter: fill them with something large.
        for b, n in enumerate(lengths):
            x[n:, b, :] = 7.0
    g_out = torch.randn(T, B, d * H, dtype=torch.float64)
    g_h = torch.randn(num_layers * d, B, H, dtype=torch.float64)
    g_c = torch.randn(num_layers * d, B, H, dtype=torch.float64) if mode == "lstm" else None

    module = module32.double()
    args = (
        module,
        x.double(),
        h0.double(),
        c0.double() if c0 is not None else None,
        lengths,
    )
    out, h_n, c_n, loss, grads = run(*args, g_out, g_h, g_c, include_final=True)
    _, _, _, loss_out, grads_out = run(*args, g_out, g_h, g_c, include_final=False)

    fixture = {
        "name": name,
        "generator": "tests/scripts/make_pytorch_fixtures.py",
        "torch_version": torch.__version__,
        "config": {
            "mode": mode,
            "num_layers": num_layers,
            "bidirectional": bidirectional,
            "T": T,
            "B": B,
            "I": I,
            "H": H,
        },
        "lengths": lengths,
        "weights": {n: flat(p) for n, p in module.named_parameters()},
        "x": flat(x),
        "h0": flat(h0),
        "c0": flat(c0) if c0 is not None else None,
        "output": flat(out),
        "h_n": flat(h_n),
        "c_n": flat(c_n) if c_n is not None else None,
        "g_output": flat(g_out),
        "g_h_n": flat(g_h),
        "g_c_n": flat(g_c) if g_c is not None else None,
        "loss": loss,
        "loss_output_only": loss_out,
        "grads": grads,
        "grads_output_only": grads_out,
    }
    return fixture


def main():
    torch.set_num_threads(1)
    make_grid.main()
    os.makedirs(OUT_DIR, exist_ok=True)
    for index, (name, mode, layers, bidi, lengths) in enumerate(CASES):
        fixture = make_case(index, name, mode, layers, bidi, lengths)
        path = os.path.join(OUT_DIR, name + ".json")
        with open(path, "w") as f:
            json.dump(fixture, f, indent=None, separators=(",", ":"))
            f.write("\n")
        print(f"wrote {os.path.relpath(path)}  loss={fixture['loss']:.6f}", file=sys.stderr)


if __name__ == "__main__":
    main()
