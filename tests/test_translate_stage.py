"""The translation stage through the real pipeline: real language detection, tiny real Argos packages."""

from __future__ import annotations

import dataclasses

import pytest

from conftest_translate import BSU, DUT, argos_dir, argos_packages, cfg, garbage_dir, glossary  # noqa: F401
from polish import pipeline
from polish.model import Document
from polish.stages.base import Context
from polish.stages.translation import TranslationStage

pytestmark = pytest.mark.usefixtures("no_network")

ZH = "大连理工大学与白俄罗斯国立大学签署合作协议。双方将在人工智能领域开展联合研究。"
MIXED = "The rector said: Белорусский государственный университет подписал соглашение. Students will come in September and study engineering for two years."
EN = "Plain English paragraph about cooperation between universities in China and Belarus."


def _stages(config, glossary_=None):
    from polish.stages.language import make as language

    return [language(config), TranslationStage(config, glossary=glossary_ or glossary())]


def _run(text, config, **kw):
    return pipeline.run(Document(text), config, stages=_stages(config, **kw))


def test_foreign_paragraph_and_fragment_are_translated_with_provenance(cfg):
    text = f"{ZH}\n{MIXED}\n{EN}\n"
    result = _run(text, cfg)
    tr = [c for c in result.changes if c.stage == "translation"]
    assert [c.kind for c in tr] == ["translate", "translate"]
    para, frag = tr
    # The copy model gives back its input, so the glossary's canonical forms show protection worked.
    assert para.after == "Dalian University of Technology与Belarusian State University签署合作协议。 双方将在人工智能领域开展联合研究。"
    assert para.before == ZH and (para.start, para.end) == (0, len(ZH))
    assert para.meta["source_text"] == ZH and para.meta["source_lang"] == "zh" and para.meta["package"] == "zh→en 1.0"
    assert para.meta["protected"] == [DUT.id, BSU.id] and para.meta["sentences"] == 2 and not para.meta["fallback"]
    assert para.reason == "Chinese paragraph translated to English with Argos package zh→en 1.0 (2 glossary terms protected)"
    assert para.rule == "translation.argos"
    assert frag.after == "Belarusian State University подписал соглашение"
    assert frag.meta["source_lang"] == "ru" and frag.meta["package"] == "ru→en 1.9"
    assert frag.reason.startswith("Russian sentence translated to English with Argos package ru→en 1.9 (1 glossary term protected)")
    assert result.text.endswith(f"{EN}\n")
    assert "The rector said: Belarusian State University подписал соглашение. Students" in result.text


def test_one_batch_per_document_and_cache_across_documents(cfg):
    from polish.translate.engine import engine

    eng = engine(cfg.translate_threads)
    text = "\n".join(f"校长会见了代表团{n}。学生交流项目明年启动吗？" for n in range(5))
    before = dataclasses.replace(eng.stats)
    _run(text, cfg)
    assert eng.stats.calls - before.calls == 1  # ten sentences, one translate_batch call
    assert eng.stats.segments - before.segments == 6  # the repeated question is translated once
    before = dataclasses.replace(eng.stats)
    _run(text + "\n", cfg)
    assert eng.stats.calls == before.calls and eng.stats.cache_hits - before.cache_hits == 10


def test_pivot_through_russian(cfg):
    text = "Беларускі дзяржаўны ўніверсітэт і Далянь падпісалі пагадненне аб супрацоўніцтве ў галіне навукі.\n"
    result = _run(text, cfg)
    (ch,) = [c for c in result.changes if c.stage == "translation"]
    assert ch.meta["source_lang"] == "be" and ch.meta["package"] == "be→ru 1.0 + ru→en 1.9"
    assert ch.after.startswith("Belarusian State University і Далянь")


def test_missing_package_names_the_pair_and_the_command(cfg):
    text = "Делегація університету відвідала Мінськ і Далянь, щоб обговорити спільні програми навчання.\n"
    result = _run(text, dataclasses.replace(cfg, languages=("en", "uk", "ru")))
    (f,) = [f for f in result.findings if f.stage == "translation"]
    assert f.rule == "translation.missing-model"
    assert "uk→en" in f.message and "`polish models install uk en`" in f.message
    assert f.meta["command"] == "polish models install uk en"
    assert not [c for c in result.changes if c.stage == "translation"]


def test_argostranslate_missing_says_how_to_install(cfg, monkeypatch):
    from polish.translate import packages as pk

    monkeypatch.setattr(pk, "argos_available", lambda: False)
    result = _run(ZH, cfg)
    (f,) = [f for f in result.findings if f.stage == "translation"]
    assert f.rule == "translation.not-installed" and "pip install 'polish[translate]'" in f.message
    assert result.text == ZH


def test_lost_placeholder_falls_back_and_is_recorded(garbage_dir):
    from polish.config import Config

    config = Config(argos_dir=str(garbage_dir))
    result = _run(ZH, config)
    (ch,) = [c for c in result.changes if c.stage == "translation"]
    lost = [f for f in result.findings if f.rule == "translation.placeholder-lost"]
    assert len(lost) == 1 and lost[0].meta["protected"] == [DUT.id, BSU.id]
    assert lost[0].start == 0 and lost[0].end == ZH.index("。") + 1
    assert ch.meta["fallback"] is True and ch.meta["package"] == "zh→en 0.1"
    assert "ZXQ" not in ch.after.upper().replace(" ", "")


def test_target_language_text_is_left_alone(cfg):
    result = _run(EN + "\n", cfg)
    assert result.changes == [] and result.text == EN + "\n"


def test_forced_source_translates_every_paragraph(cfg):
    text = f"{ZH}\n\n校长会见了代表团。\n"
    stage = TranslationStage(cfg, source="zh")
    out = stage.run(text, Context(config=cfg, doc=Document(text)))
    assert [e.meta["source_text"] for e in out.edits] == [ZH, "校长会见了代表团。"]
    assert out.data["translated"] == 2


def test_translating_never_imports_the_heavy_argos_translator(argos_dir):
    """The pipeline path loads CTranslate2 and SentencePiece only: no argostranslate.translate, no torch."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import json, socket, sys\n"
        "def refuse(*a, **k): raise OSError('network')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
        "from polish.config import Config\nfrom polish.model import Document\nfrom polish import pipeline\n"
        "from polish.stages.language import make as language\nfrom polish.stages.translation import make as translation\n"
        f"cfg = Config(argos_dir={str(argos_dir)!r}, default_glossaries=False)\n"
        f"r = pipeline.run(Document({ZH!r}), cfg, stages=[language(cfg), translation(cfg)])\n"
        "print(json.dumps([[c.after for c in r.changes], 'argostranslate.translate' in sys.modules, 'torch' in sys.modules]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    afters, heavy, torch = json.loads(out.stdout.strip().splitlines()[-1])
    assert afters == [ZH.replace("。双", "。 双")] and not heavy and not torch


def test_a_broken_package_is_reported_not_fatal(argos_dir, tmp_path):
    import shutil

    from polish.config import Config

    d = tmp_path / "pk"
    shutil.copytree(argos_dir, d)
    (d / "translate-zh_en-copy-1_0" / "model" / "model.bin").write_bytes(b"truncated")
    result = _run(ZH, Config(argos_dir=str(d)))
    (f,) = [f for f in result.findings if f.stage == "translation"]
    assert f.rule == "translation.failed" and "zh→en 1.0" in f.message and "\n" not in f.message
    assert result.text == ZH


def test_a_folder_worker_batches_its_documents_into_one_model_call(cfg, tmp_path):
    from polish import batch
    from polish.translate.engine import engine

    for n in range(3):
        (tmp_path / f"doc{n}.txt").write_text(f"News item {n} from Minsk.\n校长会见了第{n}个代表团。学生交流项目明年启动。\n",
                                              encoding="utf-8")
    inputs, _ = batch.collect_inputs([str(tmp_path)])
    eng = engine(cfg.translate_threads)
    before = dataclasses.replace(eng.stats)
    outs = list(batch.process_all(inputs, cfg, stages=_stages(cfg)))
    assert [o.error for o in outs] == [None, None, None]
    # three documents, one translate_batch call: the second sentence is shared, so 4 segments
    assert eng.stats.calls - before.calls == 1
    assert eng.stats.segments - before.segments == 4
    for n, o in enumerate(outs):
        tr = [c for c in o.result.changes if c.stage == "translation"]
        assert len(tr) == 1 and tr[0].meta["source_text"].startswith(f"校长会见了第{n}")
