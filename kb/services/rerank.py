"""The optional cross-encoder stage after the fusion (see index/reranker)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from index.reranker import Reranker, blend_orders, by_score
from ingest.models import embedding_text
from kb.services import store

Ranked = list[tuple[int, float]]


class RerankStage:
    """Reorders the first `depth` results with the cross-encoder, if one is set. Not one more
    fusion list: in RRF, first and third place of a list differ by 1/61 − 1/63, too little for
    a model that reads query and passage together to decide anything."""

    def __init__(self, reranker: Callable[[], Reranker | None], sessions: sessionmaker[Session],
                 depth: int, weight: float) -> None:
        self._reranker = reranker
        self.sessions = sessions
        self.depth = depth
        self.weight = weight

    def apply(self, text: str, fused: Ranked) -> Ranked:
        head = [cid for cid, _ in fused[: self.depth]]
        if not self.weight or len(head) < 2:
            return fused
        by_model = self.scores(text, head)
        if not by_model:
            return fused
        order = blend_orders(head, [cid for cid, _ in by_model], self.weight)
        # The head keeps its scores, best first, so the shown scores still fall down the list.
        scores = [score for _, score in fused[: len(head)]]
        return list(zip(order, scores, strict=True)) + fused[len(head):]

    def scores(self, text: str, ids: list[int]) -> Ranked:
        """The passages in the cross-encoder's order, read with their heading path as the
        embedding model reads them; [] without a cross-encoder."""
        reranker = self._reranker()
        if reranker is None or not ids:
            return []
        with self.sessions() as session:
            chunks = store.load_chunks(session, ids)
        ids = [cid for cid in ids if cid in chunks]
        passages = [embedding_text(chunks[cid].text, chunks[cid].heading_path or ()) for cid in ids]
        return by_score(ids, reranker.scores(text, passages))
