"""Train the speech-act model (skill/text/speech_acts.py) and write intents/speech_acts.bin.

    python tools/train_speech_acts.py                 (or `make speech-acts`; needs the `train` extra)
    python tools/train_speech_acts.py --thresholds    (only the thresholds, from the YAML: no retraining)

It learns from every labelled router message whose misses have been read: tests/data/router-*.yaml
except the sets marked `unread:` (those measure the router; nothing learns from them), the shared
dev corpus when it is there, and the (text, plan) rows of tests/test_router.py. Messages with files
are left out: the router never asks the model about them. The settings are intents/speech_acts.yaml. Deterministic: the same data gives
the same file, byte for byte.
"""
from __future__ import annotations

import hashlib
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

HEADS = {   # a labelled plan -> what each head should say of it
    "export": lambda plan: "export" in plan,
    "chat": lambda plan: "chat" in plan,
    "nothing": lambda plan: plan == [],
    "state": lambda plan: "state" in plan,
    "credits": lambda plan: "credits" in plan,
}


def training_files() -> list[Path]:
    """The labelled router sets it learns from: every one but those marked `unread:`, and the dev corpus."""
    from bench.bench_router import unread_mark

    files = [p for p in sorted((REPO / "tests" / "data").glob("router-*.yaml")) if not unread_mark(p)]
    dev = REPO.parent / "shared" / "corpus" / "router-dev.yaml"
    return files + ([dev] if dev.is_file() else [])


class _Rows:
    """A pytest plugin: the (text, plan) rows of the parametrized tests it collects."""

    def __init__(self):
        self.rows: list[tuple[str, list[str]]] = []

    def pytest_collection_modifyitems(self, session, config, items):
        for item in items:
            params = getattr(getattr(item, "callspec", None), "params", {})
            text, plan = params.get("text"), params.get("plan")
            if isinstance(text, str) and isinstance(plan, (tuple, list)) \
                    and not (params.get("attachments") or params.get("atts")):
                self.rows.append((text, list(plan)))


def labelled_test_rows() -> list[tuple[str, list[str]]]:
    """The labelled rows of tests/test_router.py (each written while reading misses), as pytest
    collects them: the model learns what the rules were made to do, and keeps to it."""
    import pytest

    rows = _Rows()
    code = pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", str(REPO / "tests" / "test_router.py")],
                       plugins=[rows])
    if code != 0 or not rows.rows:
        raise SystemExit(f"collecting tests/test_router.py failed (pytest exit {code})")
    return rows.rows


def training_messages() -> tuple[list[tuple[str, list[str]]], list[str]]:
    """(masked text, labelled plan) of every message the model learns from, and the files they came from."""
    import yaml

    from bench.bench_router import _as_said
    from skill.text import router

    rules = router._rules()
    out = []
    cases = []
    files = []
    for path in training_files():
        with open(path, encoding="utf-8") as fh:
            found = (yaml.safe_load(fh) or {}).get("cases") or []
        if found:   # router-labelling-spec.yaml and the like hold no cases
            files.append(path.name)
            cases += _as_said(found)
    cases += [{"text": text, "plan": plan} for text, plan in labelled_test_rows()]
    for c in cases:
        if "plan" not in c or c.get("attachments") or "upload" in c["plan"]:
            continue
        text = c.get("text") or ""
        masked, urls = router._mask(text, router._lower(text, rules), rules)
        if not urls:
            out.append((masked, list(c["plan"])))
    return out, files


def digest(messages: list[tuple[str, list[str]]]) -> str:
    """What the weights were trained on, in 16 hex digits (the header's trained_on.digest): a test
    recomputes it, so a label changed without retraining fails instead of going unnoticed."""
    return hashlib.sha256(json.dumps(messages, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


THRESHOLDS = ("veto", "beside", "nothing", "emptied", "instead", "known_words", "min_words", "plan_sure")   # policy: changed without retraining
OUT = REPO / "intents" / "speech_acts.bin"


def _settings() -> dict:
    import yaml

    return yaml.safe_load((REPO / "intents" / "speech_acts.yaml").read_text(encoding="utf-8"))


def set_thresholds() -> int:
    data = OUT.read_bytes()
    end = data.index(b"\n")
    head = json.loads(data[:end])
    settings = _settings()
    head.update({k: settings[k] for k in THRESHOLDS})
    OUT.write_bytes(json.dumps(head, ensure_ascii=False, sort_keys=True).encode("utf-8") + data[end:])
    print(f"{OUT.relative_to(REPO)}: thresholds " + ", ".join(f"{k} {settings[k]}" for k in THRESHOLDS))
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--thresholds"]:
        return set_thresholds()
    if argv:
        print("usage:\n" + "\n".join(__doc__.strip().splitlines()[2:4]), file=sys.stderr)
        return 2
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from skill.text import speech_acts

    settings = _settings()
    bits = int(settings["bits"])
    assert list(settings["heads"]) == list(HEADS), "intents/speech_acts.yaml heads must be: " + ", ".join(HEADS)
    messages, files = training_messages()
    X = _matrix(messages, bits)
    # the words read in at least two messages: what the model may judge (speech_acts.Model.knows)
    seen = np.zeros(1 << bits, dtype=np.int32)
    for masked, _plan in messages:
        seen[list(set(speech_acts.buckets(masked, bits)[0]))] += 1
    known = np.packbits(seen >= 2, bitorder="little").tobytes()
    planes, scales, biases = [], [], []
    for name, says in HEADS.items():
        y = np.array([says(plan) for _m, plan in messages])
        fit = LogisticRegression(C=float(settings["regularization"]), max_iter=5000).fit(X, y)
        w = fit.coef_[0]
        scale = float(np.abs(w).max()) / 127 or 1.0
        planes.append(np.clip(np.rint(w / scale), -127, 127).astype(np.int8).tobytes())
        scales.append(scale)
        biases.append(float(fit.intercept_[0]))
        print(f"{name}: {int(y.sum())} of {len(y)} messages say yes; training accuracy {fit.score(X, y):.4f}")
    plans, plan_block, plan_scale, plan_bias = _fit_plans(messages, settings)
    head = {
        "format": speech_acts.FORMAT, "bits": bits, "heads": list(HEADS), "scale": scales, "bias": biases,
        **{k: settings[k] for k in THRESHOLDS}, "regularization": settings["regularization"],
        "plans": plans, "plan_bits": int(settings["plan_bits"]), "plan_scale": plan_scale, "plan_bias": plan_bias,
        "plan_regularization": settings["plan_regularization"],
        "trained_on": {"messages": len(messages), "files": files, "digest": digest(messages)},
    }
    OUT.write_bytes(json.dumps(head, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n" + b"".join(planes) + known
                    + plan_block)
    print(f"wrote {OUT.relative_to(REPO)}: {OUT.stat().st_size:,} bytes, {len(messages)} messages")
    return 0


def _matrix(messages, bits: int):
    """The messages' features over 2**bits buckets, one row a message, each scaled by one over the
    square root of its count (as speech_acts.Model scores them)."""
    from scipy.sparse import csr_matrix

    from skill.text import speech_acts

    rows, cols, vals = [], [], []
    for i, (masked, _plan) in enumerate(messages):
        _words, found = speech_acts.buckets(masked, bits)
        rows += [i] * len(found)
        cols += found
        vals += [1.0 / math.sqrt(len(found))] * len(found)
    return csr_matrix((vals, (rows, cols)), shape=(len(messages), 1 << bits))


def _fit_plans(messages, settings) -> tuple[list, bytes, float, list[float]]:
    """The whole-plan reading: one softmax over the plans labelled at least `plan_min_examples` times
    (and one class, null, for every other plan), over 2**plan_bits buckets. Its weights share one
    scale and are stored bucket by bucket, each as a 16-bit lane holding weight + 128, so scoring
    adds one integer a bucket (speech_acts.Model.plan)."""
    import collections

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    bits = int(settings["plan_bits"])
    counts = collections.Counter(tuple(plan) for _m, plan in messages)
    # most common first, ties by the plan itself: the same data gives the same classes in the same order
    plans = [list(p) for p, n in sorted(counts.items(), key=lambda pn: (-pn[1], pn[0]))
             if n >= int(settings["plan_min_examples"])]
    index = {tuple(p): i for i, p in enumerate(plans)}
    X = _matrix(messages, bits)
    y = np.array([index.get(tuple(plan), len(plans)) for _m, plan in messages])
    fit = LogisticRegression(C=float(settings["plan_regularization"]), max_iter=5000).fit(X, y)
    w = fit.coef_                                       # classes x buckets
    scale = float(np.abs(w).max()) / 127 or 1.0
    lanes = (np.clip(np.rint(w / scale), -127, 127).astype(np.int32) + 128).astype("<u2")
    block = np.ascontiguousarray(lanes.T).tobytes()     # bucket-major
    print(f"plans: {len(plans)} plans (and the rest), training accuracy {fit.score(X, y):.4f}")
    return plans + [None], block, scale, [float(b) for b in fit.intercept_]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
