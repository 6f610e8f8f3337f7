"""The cross-encoder stage: the tiny test model, loading a local model folder, rank blending."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.reranker import CrossEncoderReranker, blend_orders, by_score

WORDS = "[PAD] [UNK] [CLS] [SEP] miete kaution darlehen heizung umzug kosten unterkunft zusicherung".split()


def build_tiny_cross_encoder(path: Path) -> Path:
    """A real (if untrained) BERT cross-encoder with a word-level tokenizer: small enough to
    build in a test, loaded through the same sentence-transformers path as a trained one."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers
    from tokenizers.processors import TemplateProcessing
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]",
                            cls_token="[CLS]", sep_token="[SEP]").save_pretrained(path)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(WORDS), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, num_labels=1, max_position_embeddings=64)
    BertForSequenceClassification(config).save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return build_tiny_cross_encoder(tmp_path_factory.mktemp("cross-encoder"))


def test_scores_are_float32_whatever_the_model_returns(tiny_model):
    """The shared behaviour of every reranker is in test_reranker_contract; this is the dtype."""
    scores = CrossEncoderReranker(tiny_model, max_length=64).scores("Miete Kaution", ["Kaution", "Umzug"])
    assert scores.dtype == np.float32


def test_a_folder_without_a_model_is_refused_with_its_path(tmp_path):
    with pytest.raises(ValueError, match=r"config\.json"):
        CrossEncoderReranker(tmp_path)


def test_by_score_orders_best_first_and_keeps_ties_in_order():
    ranked = by_score([7, 3, 9, 4], np.array([0.1, 0.9, 0.1, 0.5], dtype=np.float32))
    assert [cid for cid, _ in ranked] == [3, 4, 7, 9]
    assert ranked[0][1] == pytest.approx(0.9)


def test_blend_orders_from_first_order_to_model_order():
    first, model = [1, 2, 3, 4], [4, 3, 2, 1]
    assert blend_orders(first, model, 0.0) == first
    assert blend_orders(first, model, 1.0) == model
    # Half and half: every mean rank is 1.5, so the first order decides the ties.
    assert blend_orders(first, model, 0.5) == first
    assert blend_orders([1, 2, 3], [3, 1, 2], 0.75) == [3, 1, 2]
    assert blend_orders([1, 2, 3], [3, 1, 2], 0.25) == [1, 2, 3]


def test_blend_orders_keeps_items_the_model_did_not_score_in_place():
    # 6 vanished before the model read it (deleted meanwhile): it counts at its first rank.
    assert blend_orders([5, 6, 7], [7, 5], 1.0) == [7, 5, 6]
    assert blend_orders([5, 6, 7], [5, 7], 1.0) == [5, 6, 7]
