"""A synthetic class whose written answers vary as a real one's do, for `grade review`.

    python bench/review_class.py N OUT_DIR [--seed S]

The notebooks of bench/synthetic.py, with the proof and the open question rewritten: most
students hand in one of a few common answers (copied, or written the same way, differing
only in spacing and case), the rest write their own. Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import main, make_class  # noqa: E402

PROOFS = (
    "$W_2(W_1x+b_1)+b_2 = W_2W_1x + W_2b_1 + b_2$, then induction.",
    "Two layers: $$W_2(W_1 x + b_1) + b_2 = (W_2 W_1) x + (W_2 b_1 + b_2).$$\n\n"
    "Assume $N-1$ layers collapse to $\\tilde W x + \\tilde b$; then layer $N$ gives "
    "$W_N(\\tilde W x + \\tilde b) + b_N$, one layer again.",
    "By induction on $N$: the composition of affine maps is affine, "
    "so $W = W_N \\cdots W_1$.",
    "Linear functions compose to linear functions.",
    "$h_2 = W_2 h_1 + b_2 = W_2 W_1 x + W_2 b_1 + b_2$ so $W = W_2W_1$ and "
    "$b = W_2 b_1 + b_2$. Same for N layers.",
)
METHODS = (
    "Compare the top two classes' probabilities and the networks' disagreement.",
    "Look for images where the three networks disagree on the top class.",
    "Pick images with high entropy of the probability vector, then check them by hand.",
    "Search for images whose top-2 classes come from distant categories (dog vs food).",
)


def written(rng: random.Random, index: int, common: tuple[str, ...], own: str) -> str:
    """One of the common answers (with the spacing or case changed now and then), or the
    student's own."""
    if rng.random() < 0.35:
        return f"{own} (student {index})"
    text = rng.choice(common)
    roll = rng.random()
    if roll < 0.2:
        return "  " + text.replace(" ", "  ") + "\n"
    if roll < 0.3:
        return text.upper() if "$" not in text else text
    return text


def make_review_class(n: int, out: Path, seed: int = 0) -> dict[str, int]:
    """bench/synthetic.py's class, with the written answers varied; returns its counts."""
    counts = make_class(n, out, seed)
    rng = random.Random(seed + 1)
    for index, path in enumerate(sorted(out.glob("*.ipynb"))):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell.get("id") == "collapse-proof-answer":
                cell["source"] = written(rng, index, PROOFS,
                                         "The output of two layers is again affine.")
            elif cell.get("id") == "puppy-or-bagel-answer":
                cell["source"] = written(rng, index, METHODS,
                                         "Use adversarial search on the probabilities.")
        path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return counts


if __name__ == "__main__":
    main(make_review_class, __doc__)
