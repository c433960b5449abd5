#!/usr/bin/python3
"""Loads a model saved by C# as safetensors into PyTorch and compares its logits with C#'s.

    /usr/bin/python3 tests/scripts/torch_logits_check.py model.safetensors

The file holds a SequenceTagger's state_dict (rnn.* for nn.RNN / nn.LSTM / nn.GRU, head.* for
nn.Linear), the token ids "tokens" (T, B) and C#'s logits "logits" (T, B, C); metadata gives
mode, num_layers, bidirectional, input_size, hidden_size, proj_size, bias. The file is read with
a small reader written here (not the safetensors package) so the check is independent of the
C# writer. Prints one JSON line {"max_abs_diff", "max_abs"}; exits 1 when the relative
difference exceeds 1e-5 and 2 when torch is missing.
"""

import json
import struct
import sys

try:
    import torch
except ImportError:
    print(json.dumps({"error": "torch is not installed for " + sys.executable}))
    sys.exit(2)

DTYPES = {"F32": torch.float32, "F64": torch.float64}


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    data = raw[8 + n :]
    tensors = {}
    for name, h in header.items():
        begin, end = h["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[h["dtype"]])
        tensors[name] = t.reshape(h["shape"])
    return tensors, meta


class Tagger(torch.nn.Module):
    def __init__(self, meta, tags):
        super().__init__()
        kw = dict(
            input_size=int(meta["input_size"]),
            hidden_size=int(meta["hidden_size"]),
            num_layers=int(meta["num_layers"]),
            bidirectional=meta["bidirectional"] == "true",
            bias=meta["bias"] == "true",
        )
        mode = meta["mode"]
        if mode == "lstm":
            self.rnn = torch.nn.LSTM(proj_size=int(meta["proj_size"]), **kw)
        elif mode == "gru":
            self.rnn = torch.nn.GRU(**kw)
        else:
            self.rnn = torch.nn.RNN(nonlinearity=mode[4:], **kw)
        width = (int(meta["proj_size"]) or kw["hidden_size"]) * (2 if kw["bidirectional"] else 1)
        self.head = torch.nn.Linear(width, tags)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out)


def main(path):
    tensors, meta = read_safetensors(path)
    tokens = tensors.pop("tokens").long()
    expected = tensors.pop("logits").double()
    model = Tagger(meta, expected.shape[-1])
    model.load_state_dict({k: v for k, v in tensors.items()}, strict=True)
    model = model.double()
    x = torch.nn.functional.one_hot(tokens, int(meta["input_size"])).double()
    with torch.no_grad():
        logits = model(x)
    diff = float((logits - expected).abs().max())
    scale = float(expected.abs().max())
    print(json.dumps({"max_abs_diff": diff, "max_abs": scale}))
    return 0 if diff <= 1e-5 * max(scale, 1e-3) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
