#!/usr/bin/env python3
"""PyTorch reference of recsys's sasrec / gru4rec training throughput (sequences per second, one thread).

Same architecture, shapes and batch as the Java run of dev.recsys.bench.session.SessionTrainingThroughput
with the models' defaults: item + behaviour (+ position) embeddings of width --factors, windows of 50 steps,
--batch windows per mini-batch, --negatives uniform negatives shared by the batch, item embeddings shared
with the output; SASRec: --blocks pre-norm blocks (--heads heads, ReLU feed-forward of width --factors,
dropout) and a final layer norm, sampled softmax; GRU4Rec: one GRU layer (dropout), BPR-max (reg 1.0).
Adam. Random sequences (the cost does not depend on values). Prints the same line as the Java program:
sequences per second of epochs 2..E (the first is a warm-up), and of all epochs.

    apt-get install python3-torch        # Debian's package
    python3 scripts/session_torch_reference.py sasrec  --items 1682 --sequences 2816 --epochs 3
    python3 scripts/session_torch_reference.py gru4rec --items 1682 --sequences 2816 --epochs 3
    java -Xmx3g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
        dev.recsys.bench.session.SessionTrainingThroughput sasrec 1682 2816 3     # the same for Java
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SasRec(nn.Module):
    def __init__(self, items, d, max_len, blocks, heads, dropout):
        super().__init__()
        self.item = nn.Embedding(items, d)
        self.beh = nn.Embedding(8, d)
        self.pos = nn.Embedding(max_len, d)
        self.drop = nn.Dropout(dropout)
        self.ln1 = nn.ModuleList([nn.LayerNorm(d) for _ in range(blocks)])
        self.att = nn.ModuleList([nn.MultiheadAttention(d, heads, batch_first=True) for _ in range(blocks)])
        self.ln2 = nn.ModuleList([nn.LayerNorm(d) for _ in range(blocks)])
        self.ff = nn.ModuleList([nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, d)) for _ in range(blocks)])
        self.lnf = nn.LayerNorm(d)
        self.mask = torch.triu(torch.ones(max_len, max_len, dtype=torch.bool), 1)

    def forward(self, it, beh):
        t = it.shape[1]
        x = self.item(it) + self.beh(beh) + self.pos(torch.arange(t))
        x = self.drop(x)
        for ln1, att, ln2, ff in zip(self.ln1, self.att, self.ln2, self.ff):
            h = ln1(x)
            a, _ = att(h, h, h, attn_mask=self.mask[:t, :t], need_weights=False)
            x = x + self.drop(a)
            x = x + self.drop(ff(ln2(x)))
        return self.lnf(x)


class Gru4Rec(nn.Module):
    def __init__(self, items, d, dropout):
        super().__init__()
        self.item = nn.Embedding(items, d)
        self.beh = nn.Embedding(8, d)
        self.gru = nn.GRU(d, d, batch_first=True)
        self.drop = nn.Dropout(dropout)

    def forward(self, it, beh):
        h, _ = self.gru(self.drop(self.item(it) + self.beh(beh)))
        return self.drop(h)


def sampled_softmax(h, tgt, emb, neg):
    zt = (h * emb[tgt]).sum(-1, keepdim=True)
    zn = h @ emb[neg].T
    zn = zn.masked_fill(neg.unsqueeze(0) == tgt.unsqueeze(1), float("-inf"))
    return F.cross_entropy(torch.cat([zt, zn], 1), torch.zeros(len(tgt), dtype=torch.long))


def bpr_max(h, tgt, emb, neg, reg=1.0):
    zt = (h * emb[tgt]).sum(-1, keepdim=True)
    zn = h @ emb[neg].T
    mask = neg.unsqueeze(0) == tgt.unsqueeze(1)
    s = torch.softmax(zn.masked_fill(mask, float("-inf")), 1)
    a = (s * torch.sigmoid(zt - zn)).sum(1).clamp_min(1e-24)
    return (-torch.log(a) + reg * (s * zn * zn).sum(1)).mean()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model", choices=["sasrec", "gru4rec"])
    p.add_argument("--items", type=int, default=1682)
    p.add_argument("--sequences", type=int, default=2816)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--factors", type=int, default=64)
    p.add_argument("--max-length", type=int, default=50)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--negatives", type=int, default=256)
    p.add_argument("--lr", type=float, default=None, help="default: 5e-3 sasrec, 1e-3 gru4rec")
    p.add_argument("--dropout", type=float, default=None, help="default: 0.2 sasrec, 0.1 gru4rec")
    p.add_argument("--blocks", type=int, default=2)
    p.add_argument("--heads", type=int, default=1)
    a = p.parse_args()
    if a.epochs < 2:
        p.error("--epochs must be >= 2 (the first is a warm-up)")
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    torch.manual_seed(42)
    if a.model == "sasrec":
        net = SasRec(a.items, a.factors, a.max_length, a.blocks, a.heads, 0.2 if a.dropout is None else a.dropout)
        loss_fn = sampled_softmax
    else:
        net = Gru4Rec(a.items, a.factors, 0.1 if a.dropout is None else a.dropout)
        loss_fn = bpr_max
    opt = torch.optim.Adam(net.parameters(), lr=a.lr if a.lr is not None else (5e-3 if a.model == "sasrec" else 1e-3))
    seqs = torch.randint(0, a.items, (a.sequences, a.max_length + 1))
    behs = torch.randint(0, 8, (a.sequences, a.max_length))
    net.train()
    t0 = time.perf_counter()
    t1 = t0
    for epoch in range(a.epochs):
        order = torch.randperm(a.sequences)
        for b in range(0, a.sequences, a.batch):
            idx = order[b:b + a.batch]
            it, tgt = seqs[idx, :-1], seqs[idx, 1:]
            h = net(it, behs[idx]).reshape(-1, a.factors)
            neg = torch.randint(0, a.items, (a.negatives,))
            loss = loss_fn(h, tgt.reshape(-1), net.item.weight, neg)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if epoch == 0:
            t1 = time.perf_counter()
    end = time.perf_counter()
    measured = a.sequences * (a.epochs - 1)
    steady = end - t1
    params = {"epochs": a.epochs, "factors": a.factors, "batch-size": a.batch, "negatives": a.negatives, "learning-rate": opt.param_groups[0]["lr"]}
    print(f"torch {torch.__version__} {a.model} {params}: {measured} sequences in {steady:.2f} s = {measured / steady:.0f}"
          f" sequences/s (1 thread, epochs 2..{a.epochs}); all {a.epochs} epochs {a.sequences * a.epochs / (end - t0):.0f} sequences/s")


if __name__ == "__main__":
    main()
