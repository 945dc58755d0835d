"""Build tiny but real Argos Translate packages for tests and benchmarks, offline, in about a second.

A package is a zip of one folder holding ``metadata.json``, a SentencePiece
model trained here on generated text, and a CTranslate2 Transformer whose
weights are written from numpy arrays:

* ``mode="copy"``: hand-set weights make the output token sequence equal the
  input one, so translations are exactly predictable (the identity "translation");
* ``mode="random"``: random weights, the output is garbage (what a model that
  mangles our placeholders looks like).

Optionally the package ships a MiniSBD-compatible ONNX sentence splitter so
that ``argostranslate.translate`` itself can run it without downloading one
(only the benchmark needs that; polish splits sentences itself).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

import numpy as np

_WHO = ["the university", "our delegation", "the rector", "a professor", "the students", "the ministry",
        "the two sides", "the partner school", "the laboratory", "the committee", "she", "they"]
_DID = ["signed", "discussed", "opened", "visited", "announced", "supported", "reviewed", "planned"]
_WHAT = ["an agreement", "the joint programme", "a new centre", "the exchange", "the research plan",
         "the summer school", "a memorandum", "the project"]
_WHEN = ["today", "in Minsk", "in Dalian", "on Monday", "last year", "in 2024", "with partners", "again"]
# Source-language text so the vocabulary covers the scripts the tests translate.
_SOURCE = [
    "大连理工大学与白俄罗斯国立大学签署合作协议。", "双方将在人工智能领域开展联合研究。",
    "中白工业园举行开幕仪式！", "学生交流项目明年启动吗？", "校长会见了代表团。",
    "Белорусский государственный университет подписал соглашение.", "Делегация посетила Минск.",
    "Стороны обсудили совместные программы!", "Беларускі дзяржаўны ўніверсітэт і Далянь.",
    "Студенты начнут обучение в сентябре?", "ЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ ёжзийклмнопрстуфхцчшщъыьэюя іў",
]
_EXTRA = ["ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789",
          "Mr. Smith, e.g. (see www.example.org/page?x=1) - \"quoted\"; 50% + 1 = 51: ok!",
          "ZXQ1 ZXQ2 ZXQ3 ZXQ4 ZXQ5 ZXQ6 ZXQ7 ZXQ8 ZXQ9"]


def corpus(lines: int = 2500, seed: int = 0, source_scripts: bool = True) -> list[str]:
    """Generated training text for the SentencePiece model (English only unless ``source_scripts``)."""
    rnd = random.Random(seed)
    out = ((_SOURCE if source_scripts else []) + _EXTRA) * 15
    for _ in range(lines):
        s = " ".join(rnd.choice(xs) for xs in (_WHO, _DID, _WHAT, _WHEN))
        out.append(s[0].upper() + s[1:] + rnd.choice(".!?."))
    rnd.shuffle(out)
    return out


def sentencepiece_model(vocab_size: int = 320, seed: int = 0, source_scripts: bool = True) -> bytes:
    """A SentencePiece unigram model trained on ``corpus()``."""
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus(seed=seed, source_scripts=source_scripts)), model_writer=buf, vocab_size=vocab_size,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False, num_threads=1, minloglevel=2,
    )
    return buf.getvalue()


# ------------------------------------------------------------------ weights --


def _norm(ln, d: int) -> None:
    ln.gamma = np.ones(d, np.float32)
    ln.beta = np.zeros(d, np.float32)


def _dense(lin, w: np.ndarray) -> None:
    lin.weight = w.astype(np.float32)
    lin.bias = np.zeros(w.shape[0], np.float32)


def _zero_layer(layer, d: int, ffn: int, cross: bool) -> None:
    """Every sub-layer outputs zero: the residual stream passes through unchanged."""
    z = lambda o, i: np.zeros((o, i), np.float32)  # noqa: E731
    _norm(layer.self_attention.layer_norm, d)
    _dense(layer.self_attention.linear[0], z(3 * d, d))
    _dense(layer.self_attention.linear[1], z(d, d))
    if cross:
        _norm(layer.attention.layer_norm, d)
        _dense(layer.attention.linear[0], z(d, d))
        _dense(layer.attention.linear[1], z(2 * d, d))
        _dense(layer.attention.linear[2], z(d, d))
    _norm(layer.ffn.layer_norm, d)
    _dense(layer.ffn.linear_0, z(ffn, d))
    _dense(layer.ffn.linear_1, z(d, ffn))


def _copy_weights(spec, v: int, ffn: int = 8, f: int = 16, max_len: int = 512) -> int:
    """Weights under which decoding step t reproduces source token t; returns d_model.

    Residual layout: [+onehot(V) | -onehot(V) | +pos(2F) | -pos(2F)]. The mirrored
    halves keep every LayerNorm's mean at zero and its variance constant, so
    each LayerNorm only rescales. The decoder sees positions only; its cross
    attention matches its position to the same source position (sinusoid dot
    products peak at distance 0) and reads that source token's one-hot, which the
    output projection turns into a large logit for the same token.
    """
    d = -(-(2 * v + 4 * f) // 8) * 8
    tok, neg, pos, npos = 0, v, 2 * v, 2 * v + 2 * f
    omega = 10000.0 ** (-np.arange(f) / f)
    angles = np.arange(max_len)[:, None] * omega[None, :]
    wave = np.concatenate([np.sin(angles), np.cos(angles)], axis=1)
    pe = np.zeros((max_len, d), np.float32)
    pe[:, pos:pos + 2 * f] = wave
    pe[:, npos:npos + 2 * f] = -wave
    eye = np.eye(v, dtype=np.float32)
    src = np.zeros((v, d), np.float32)
    src[:, tok:tok + v] = eye
    src[:, neg:neg + v] = -eye

    enc, dec = spec.encoder, spec.decoder
    enc.scale_embeddings = dec.scale_embeddings = False
    enc.embeddings[0].weight = src
    dec.embeddings.weight = np.zeros((v, d), np.float32)
    enc.position_encodings.encodings = pe
    dec.position_encodings.encodings = pe
    for layer in enc.layer:
        _zero_layer(layer, d, ffn, cross=False)
    for layer in dec.layer:
        _zero_layer(layer, d, ffn, cross=True)
    _norm(enc.layer_norm, d)
    _norm(dec.layer_norm, d)

    enc_scale = np.sqrt((2 + 2 * f) / d)  # std of an encoder state: one-hot pair + positions
    dec_scale = np.sqrt(2 * f / d)        # decoder state: positions only
    # Make the nearest wrong source position score >= 30 nats below the right one.
    gap = (f - np.cos(np.outer(np.arange(1, max_len), omega)).sum(1)).min()
    q = (30.0 / gap) * np.sqrt(d) * dec_scale * enc_scale
    wq = np.zeros((d, d), np.float32)
    wq[pos:pos + 2 * f, pos:pos + 2 * f] = np.eye(2 * f) * q
    wkv = np.zeros((2 * d, d), np.float32)
    wkv[pos:pos + 2 * f, pos:pos + 2 * f] = np.eye(2 * f)  # keys: source positions
    wkv[d + tok:d + tok + v, tok:tok + v] = eye                 # values: source tokens
    wo = np.zeros((d, d), np.float32)
    wo[tok:tok + v, tok:tok + v] = eye * enc_scale
    wo[neg:neg + v, tok:tok + v] = -eye * enc_scale
    for layer in dec.layer:
        _dense(layer.attention.linear[0], wq)
        _dense(layer.attention.linear[1], wkv)
        _dense(layer.attention.linear[2], wo)
    proj = np.zeros((v, d), np.float32)
    proj[:, tok:tok + v] = eye * 40.0 * enc_scale
    _dense(dec.projection, proj)
    return d


def _random_weights(spec, v: int, seed: int, d: int = 64, ffn: int = 64) -> int:
    rng = np.random.default_rng(seed)
    r = lambda *shape: (rng.standard_normal(shape) * 0.3).astype(np.float32)  # noqa: E731
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = r(v, d)
    dec.embeddings.weight = r(v, d)
    for layer in list(enc.layer) + list(dec.layer):
        _zero_layer(layer, d, ffn, cross=layer in dec.layer)
        _dense(layer.self_attention.linear[0], r(3 * d, d))
        _dense(layer.self_attention.linear[1], r(d, d))
        _dense(layer.ffn.linear_0, r(ffn, d))
        _dense(layer.ffn.linear_1, r(d, ffn))
    for layer in dec.layer:
        _dense(layer.attention.linear[0], r(d, d))
        _dense(layer.attention.linear[1], r(2 * d, d))
        _dense(layer.attention.linear[2], r(d, d))
    _norm(enc.layer_norm, d)
    _norm(dec.layer_norm, d)
    _dense(dec.projection, r(v, d))
    return d


def ct2_model(out_dir: Path, vocab: list[str], mode: str = "copy", seed: int = 0) -> None:
    """Write a 1+1-layer CTranslate2 Transformer into ``out_dir``."""
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config((1, 1), 1)
    if mode == "copy":
        _copy_weights(spec, len(vocab))
        # Source ends in </s>; copying it ends the translation.
        spec.config.add_source_eos = True
    else:
        _random_weights(spec, len(vocab), seed)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=None)
    spec.save(str(out_dir))


def minisbd_onnx(path: Path, lang: str) -> None:
    """A MiniSBD-compatible ONNX splitter: a sentence ends after . ! ? 。！？ (others: no break)."""
    import onnx
    from onnx import TensorProto, helper

    units = ["<PAD>", "<UNK>", ".", "!", "?", "。", "！", "？"]
    table = np.zeros((len(units), 5), np.float32)
    table[:, 0] = 1.0
    table[2:] = [0, 0, 1.0, 0, 0]  # label 2: end of token and of sentence
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "units"], ["logits"], axis=0)], "punct_split",
        [helper.make_tensor_value_info("units", TensorProto.INT64, ["B", "N"]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["B", "N", "F"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["B", "N", 5])],
        [onnx.numpy_helper.from_array(table, "table")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    cfg = {"skip_newline": False, "max_seqlen": 1000, "no_ssplit": False, "batch_size": 32,
           "feat_funcs": [], "use_dictionary": False, "num_dict_feat": 0}
    vocab = {"lang": lang, "idx": 0, "cutoff": 0, "lower": False,
             "_unit2id": {u: i for i, u in enumerate(units)}, "_id2unit": units}
    for k, val in {"lang_code": lang, "config": json.dumps(cfg), "vocab": json.dumps(vocab), "lexicon": "null"}.items():
        p = model.metadata_props.add()
        p.key, p.value = k, val
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def build_package(out_dir: Path, from_code: str, to_code: str = "en", mode: str = "copy",
                  version: str = "1.0", sbd: bool = False, seed: int = 0, vocab_size: int = 320,
                  source_scripts: bool = True) -> Path:
    """Build ``translate-<from>_<to>-<mode>.argosmodel`` in ``out_dir`` and return its path.

    The copy model's width grows with the vocabulary (d_model = 2V + 64): an
    English-only vocabulary (``source_scripts=False``) makes a much faster model.
    """
    import sentencepiece as spm

    out_dir = Path(out_dir)
    name = f"translate-{from_code}_{to_code}-{mode}-{version.replace('.', '_')}"
    stage = out_dir / f"{name}.build"
    pkg = stage / name
    (pkg / "model").mkdir(parents=True, exist_ok=True)
    sp_bytes = sentencepiece_model(vocab_size, seed, source_scripts)
    (pkg / "sentencepiece.model").write_bytes(sp_bytes)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    ct2_model(pkg / "model", vocab, mode, seed)
    if sbd:
        (pkg / "minisbd").mkdir(exist_ok=True)
        minisbd_onnx(pkg / "minisbd" / f"{from_code}.onnx", from_code)
    meta = {"package_version": version, "argos_version": "1.11.0", "from_code": from_code,
            "from_name": f"Test {from_code}", "to_code": to_code, "to_name": f"Test {to_code}",
            "type": "translate", "code": name, "links": []}
    (pkg / "metadata.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    (pkg / "README.md").write_text(f"# {name}\nTiny test package ({mode} weights); not a translator.\n", encoding="utf-8")
    archive = out_dir / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(pkg.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(stage).as_posix())
    return archive
