#!/usr/bin/python3
"""Notebook 05's character LSTM in PyTorch: the same model, data, split and schedule, for the
notebook's closing note (training time and validation bits per character next to ours).

Model: one-hot input (V characters of the training part), one LSTM layer H = 128, linear readout,
softmax cross-entropy at every step. Stateful truncated BPTT over sequential batches (T = 32,
B = 16, the state carried and detached), Adam with the learning rate decayed linearly from 1e-2 to
1e-3 over 6000 updates, clipping by global norm 5. Validation: the validation part read as 16
contiguous rows in chunks of 250 with the state carried (as RecurrentLanguageModel.EvaluateStream).
The split (first 80 % / next 10 %, each cut moved to the next line end) and the normalisation
(NFC, no BOM, '\n') follow RnnCourse.Text.TextSplit and RnnCourse.Data.Quijote.

Usage (Debian python3 with python3-torch):
    RNNCOURSE_DATA_DIR=/work/shared/datasets /usr/bin/python3 \
        tests/RnnCourse.Benchmarks/scripts/nb05_torch_charlstm.py [--updates 6000] [--threads 2]
"""

import argparse
import os
import time
import unicodedata

import torch


def load_text():
    path = os.path.join(os.environ.get("RNNCOURSE_DATA_DIR", "."), "quijote.txt")
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


def split(text, train=0.8, validation=0.1):
    def next_line_end(i):
        if i >= len(text):
            return len(text)
        nl = text.find("\n", i)
        return len(text) if nl < 0 else nl + 1

    a = next_line_end(int(len(text) * train))
    b = max(a, next_line_end(int(len(text) * train) + int(len(text) * validation)))
    return text[:a], text[a:b]


def sequential(ids, batch, steps):
    """(T, B) inputs and targets; row b is the contiguous slice b*R .. b*R + R (Batching.Sequential)."""
    rows = (len(ids) - 1) // batch
    x = ids[: rows * batch].view(batch, rows).t()
    y = ids[1 : rows * batch + 1].view(batch, rows).t()
    for start in range(0, rows, steps):
        yield x[start : start + steps], y[start : start + steps]


class CharLstm(torch.nn.Module):
    def __init__(self, v, h):
        super().__init__()
        self.v = v
        self.lstm = torch.nn.LSTM(v, h)
        self.readout = torch.nn.Linear(h, v)

    def forward(self, ids, state):
        x = torch.nn.functional.one_hot(ids, self.v).float()
        hs, state = self.lstm(x, state)
        return self.readout(hs), state


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=6000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(7)

    train_text, valid_text = split(load_text())
    alphabet = sorted(set(train_text))
    index = {c: i for i, c in enumerate(alphabet)}
    train = torch.tensor([index[c] for c in train_text])
    valid = torch.tensor([index[c] for c in valid_text if c in index])
    v, steps, batch = len(alphabet), 32, 16
    batches = [b for b in sequential(train, batch, steps) if b[0].shape[0] == steps]
    print(f"torch {torch.__version__}, {args.threads} threads; V = {v}; {len(train):,} training, "
          f"{len(valid):,} validation characters; {len(batches)} batches per epoch")

    model = CharLstm(v, 128)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    loss_fn = torch.nn.CrossEntropyLoss()
    state = None
    start, cpu_start = time.perf_counter(), time.process_time()
    for u in range(args.updates):
        for group in opt.param_groups:
            group["lr"] = 1e-2 - 9e-3 * u / args.updates
        x, y = batches[u % len(batches)]
        if state is not None:
            state = tuple(s.detach() for s in state)
        logits, state = model(x, state)
        loss = loss_fn(logits.reshape(-1, v), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start

    with torch.no_grad():
        nats, count, state = 0.0, 0, None
        for x, y in sequential(valid, 16, 250):
            logits, state = model(x, state)
            nats += torch.nn.functional.cross_entropy(
                logits.reshape(-1, v), y.reshape(-1), reduction="sum"
            ).item()
            count += y.numel()
    print(f"{args.updates} updates in {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU ({args.updates * steps * batch / seconds:,.0f} characters/s); "
          f"validation {nats / count / 0.6931471805599453:.3f} bits per character")


if __name__ == "__main__":
    main()
