"""Fits namefix's score calibration (src/score.rs, const C) on dumped feature rows.

Usage: cargo run --release --example calibrate > /tmp/f.tsv && python3 tools/fit_calibration.py /tmp/f.tsv
Needs numpy and scikit-learn. Each evaluation set gets equal total weight, so the large sets do
not drown the small ones; the fit is a plain L2-regularised logistic regression.
"""
import sys
import numpy as np
from sklearn.linear_model import LogisticRegression

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
sets = sorted({r[0] for r in rows})
X = np.array([[float(v) for v in r[3:]] for r in rows])
y = np.array([int(r[2]) for r in rows])
w = np.ones(len(rows))
for s in sets:
    idx = [i for i, r in enumerate(rows) if r[0] == s]
    w[idx] = len(rows) / (len(sets) * len(idx))
m = LogisticRegression(C=10.0, max_iter=5000)
m.fit(X, y, sample_weight=w)
coef = [m.intercept_[0]] + list(m.coef_[0])
print("pub(crate) const C: [f32; %d] = [%s];" % (len(coef), ", ".join("%.3f" % c for c in coef)))
