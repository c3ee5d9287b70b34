"""Rebuild data/digits.npz from the copy of the UCI digits that ships with scikit-learn.

Run once, offline:  pip install scikit-learn==1.9.1 && python data/build_digits.py
The output is deterministic: the same scikit-learn data gives the same bytes.
"""
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

SPLIT = {"train": 0.6, "val": 0.2}  # the rest is test
SEED = 20250130


def main():
    digits = load_digits()
    images = digits.images.astype(np.uint8)  # (1797, 8, 8), values 0..16
    labels = digits.target.astype(np.int64)
    rng = np.random.default_rng(SEED)
    parts = {"train": [], "val": [], "test": []}
    for cls in range(10):  # stratified: every split has the class balance of the whole
        idx = rng.permutation(np.flatnonzero(labels == cls))
        n_train = round(len(idx) * SPLIT["train"])
        n_val = round(len(idx) * SPLIT["val"])
        parts["train"].append(idx[:n_train])
        parts["val"].append(idx[n_train:n_train + n_val])
        parts["test"].append(idx[n_train + n_val:])
    arrays = {}
    for name, chunks in parts.items():
        idx = np.sort(np.concatenate(chunks))
        arrays[f"{name}_images"] = images[idx]
        arrays[f"{name}_labels"] = labels[idx]
        print(f"{name}: {len(idx)} images")
    out = Path(__file__).with_name("digits.npz")
    np.savez_compressed(out, **arrays)
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
