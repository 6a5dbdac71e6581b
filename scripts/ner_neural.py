#!/usr/bin/env python3
"""The neural-tagger experiment behind the README's NER notes (not used by the shipped model).

A linear-chain CRF on top of a BiLSTM or a dilated CNN, whose input per token is the sum of learned
embeddings of the CRF's own feature strings (``kliping.enrich.ner_features``, entity lists jackknifed
exactly as ``train_ner.py`` does). Trained on the train splits, scored on the valid splits after every
epoch; test splits are never read. Needs torch (CPU is enough: ~30 s an epoch on one core):

    pip install torch
    python scripts/ner_neural.py --encoder lstm --epochs 12
    python scripts/ner_neural.py --encoder cnn --hidden 200 --dropout 0.5 --epochs 14
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_ner  # noqa: E402
from ner_data import CORPORA, read, score  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


class CRF(nn.Module):
    """Transition scores, the sentence's negative log-likelihood, and Viterbi decoding."""

    def __init__(self, labels: int) -> None:
        super().__init__()
        self.trans = nn.Parameter(torch.zeros(labels, labels))
        self.start = nn.Parameter(torch.zeros(labels))
        self.end = nn.Parameter(torch.zeros(labels))

    def nll(self, em: torch.Tensor, y: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Summed over the batch; ``em`` (B, L, T), ``y`` (B, L), ``mask`` (B, L)."""
        gold = self.start[y[:, 0]] + em[:, 0].gather(1, y[:, :1]).squeeze(1)
        alpha = self.start + em[:, 0]
        for i in range(1, em.shape[1]):
            step = self.trans[y[:, i - 1], y[:, i]] + em[:, i].gather(1, y[:, i:i + 1]).squeeze(1)
            gold = gold + step * mask[:, i]
            nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None] + em[:, i, None, :], dim=1)
            alpha = torch.where(mask[:, i, None], nxt, alpha)
        last = y.gather(1, (mask.sum(1) - 1)[:, None]).squeeze(1)
        return (torch.logsumexp(alpha + self.end, 1) - gold - self.end[last]).sum()

    def viterbi(self, em: torch.Tensor) -> list[int]:
        """Best label sequence of one sentence's emissions (L, T)."""
        trans, score_ = self.trans.detach(), self.start.detach() + em[0]
        back = []
        for i in range(1, em.shape[0]):
            best, arg = (score_[:, None] + trans).max(0)
            back.append(arg)
            score_ = best + em[i]
        k = int((score_ + self.end.detach()).argmax())
        path = [k]
        for arg in reversed(back):
            k = int(arg[k])
            path.append(k)
        return path[::-1]


class Tagger(nn.Module):
    def __init__(self, vocab: int, labels: int, args: argparse.Namespace) -> None:
        super().__init__()
        self.args = args
        self.emb = nn.EmbeddingBag(vocab, args.dim, mode="sum", padding_idx=0, sparse=True)
        self.drop = nn.Dropout(args.dropout)
        if args.encoder == "lstm":
            self.rnn = nn.LSTM(args.dim, args.hidden, batch_first=True, bidirectional=True)
            width = 2 * args.hidden
        else:
            self.convs = nn.ModuleList(
                nn.Conv1d(args.dim if i == 0 else args.hidden, args.hidden, 3, padding=d, dilation=d)
                for i, d in enumerate((1, 2, 1)))
            width = args.hidden
        self.out = nn.Linear(width, labels)
        self.crf = CRF(labels)

    def emissions(self, batch: list[tuple[list[int], list[int]]]) -> torch.Tensor:
        ids = [i for sent, _ in batch for i in sent] or [0]
        offsets, base = [], 0
        for sent, starts in batch:
            offsets += [base + o for o in starts]
            base += len(sent)
        flat = self.emb(torch.tensor(ids), torch.tensor(offsets))
        longest = max(len(starts) for _, starts in batch)
        x = torch.zeros(len(batch), longest, self.args.dim)
        k = 0
        for b, (_, starts) in enumerate(batch):
            x[b, :len(starts)] = flat[k:k + len(starts)]
            k += len(starts)
        x = self.drop(x)
        if self.args.encoder == "lstm":
            x, _ = self.rnn(x)
        else:
            x = x.transpose(1, 2)
            for conv in self.convs:
                x = torch.relu(conv(x))
            x = x.transpose(1, 2)
        return self.out(self.drop(x))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--encoder", choices=("lstm", "cnn"), default="lstm")
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--dropout", type=float, default=0.3)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--min-count", type=int, default=2, help="feature strings seen fewer times are dropped")
    args = parser.parse_args()
    torch.manual_seed(0)
    random.seed(0)
    torch.set_num_threads(1)
    data = args.shared / "data"
    train = [s for c in train_ner.TRAIN_ON for s in read(data, c, "train")]
    base = train_ner.base_lexicon(train)
    features = train_ner.jackknife(base, train, 5)
    featurizer = train_ner.Featurizer(train_ner.with_entities(base, train))
    counts = collections.Counter(f for sent in features for token in sent for f in token)
    vocab = {f: i + 1 for i, f in enumerate(f for f, n in counts.items() if n >= args.min_count)}
    labels = sorted({t for _, tags in train for t in tags})
    index = {t: i for i, t in enumerate(labels)}

    def encode(sent: list[list[str]]) -> tuple[list[int], list[int]]:
        ids, starts = [], []
        for token in sent:
            starts.append(len(ids))
            ids += [vocab[f] for f in token if f in vocab]
        return ids, starts

    xs = [encode(s) for s in features]
    ys = [[index[t] for t in tags] for _, tags in train]
    dev = {c: read(data, c, "dev") for c in train_ner.TRAIN_ON}
    dev_x = {c: [encode(featurizer.sentence(tokens)) for tokens, _ in dev[c]] for c in dev}
    print(f"{len(train)} sentences, {len(vocab):,} feature strings, labels {labels}", flush=True)
    model = Tagger(len(vocab) + 1, len(labels), args)
    dense = [p for n, p in model.named_parameters() if not n.startswith("emb.")]
    opt, sparse_opt = torch.optim.Adam(dense, lr=args.lr), torch.optim.SparseAdam(list(model.emb.parameters()), lr=args.lr)
    order = list(range(len(xs)))
    for epoch in range(args.epochs):
        random.shuffle(order)
        started, total = time.perf_counter(), 0.0
        model.train()
        for i in range(0, len(order), 32):
            rows = order[i:i + 32]
            longest = max(len(ys[k]) for k in rows)
            y = torch.zeros(len(rows), longest, dtype=torch.long)
            mask = torch.zeros(len(rows), longest, dtype=torch.bool)
            for r, k in enumerate(rows):
                y[r, :len(ys[k])] = torch.tensor(ys[k])
                mask[r, :len(ys[k])] = True
            loss = model.crf.nll(model.emissions([xs[k] for k in rows]), y, mask) / len(rows)
            opt.zero_grad()
            sparse_opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(dense, 5.0)
            opt.step()
            sparse_opt.step()
            total += float(loss.detach())
        model.eval()
        scores = {}
        with torch.no_grad():
            for c, encoded in dev_x.items():
                predicted = []
                for i in range(0, len(encoded), 64):
                    batch = encoded[i:i + 64]
                    em = model.emissions(batch)
                    predicted += [[labels[k] for k in model.crf.viterbi(em[j, :len(s)])]
                                  for j, (_, s) in enumerate(batch)]
                scores[c] = score([t for _, t in dev[c]], predicted, CORPORA[c].scored()).f1
        line = "  ".join(f"{c} {f:.4f}" for c, f in scores.items())
        print(f"epoch {epoch:2d}  loss {total:8.1f}  {time.perf_counter() - started:4.0f}s  valid F1: {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
