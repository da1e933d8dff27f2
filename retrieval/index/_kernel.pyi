# Type stub of the optional compiled kernel (retrieval/index/_kernel.c).
from collections.abc import Iterable, Sequence

import numpy as np

def term_ids(
    docs: Iterable[Sequence[str]], vocab: dict[str, int], out: np.ndarray, /
) -> int: ...


def top_k(
    offsets: np.ndarray,
    doc_ids: np.ndarray,
    weights: np.ndarray | None,
    gain_index: np.ndarray | None,
    gain: np.ndarray | None,
    idf: np.ndarray,
    bound: np.ndarray,
    terms: np.ndarray,
    qweights: np.ndarray | None,
    qmiss: np.ndarray | None,
    buf: np.ndarray,
    stamp: np.ndarray | None,
    out_ids: np.ndarray,
    out_scores: np.ndarray,
    sparse_ratio: float,
    prune_ratio: float,
    prune_scope: float,
    tile: int,
    /,
) -> int: ...
