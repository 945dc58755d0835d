"""Argos packages, sentence splitting, placeholder protection and the batched engine, on tiny real models."""

from __future__ import annotations

import pytest

from conftest_translate import BSU, DUT, argos_dir, argos_packages, garbage_dir, glossary  # noqa: F401
from polish.translate import packages as pk
from polish.translate import terms as tm
from polish.translate.engine import Engine
from polish.translate.segment import sentence_spans, split_sentences

pytestmark = pytest.mark.usefixtures("no_network")


def test_sentences_split_at_stops_but_not_abbreviations():
    assert split_sentences("Hello Mr. Smith. How are you?  Fine!") == ["Hello Mr. Smith.", "How are you?", "Fine!"]
    assert split_sentences("大连理工大学签署协议。双方合作！好吗？") == ["大连理工大学签署协议。", "双方合作！", "好吗？"]
    assert split_sentences("В 2024 г. проф. Иванов приехал. Он рад.") == ["В 2024 г. проф. Иванов приехал.", "Он рад."]


def test_sentence_spans_keep_offsets_and_cut_runaway_text():
    text = "  One. Two.  "
    assert [text[a:b] for a, b in sentence_spans(text)] == ["One.", "Two."]
    long = ", ".join(["word"] * 200)
    spans = sentence_spans(long)
    assert len(spans) > 1 and all(b - a <= 400 for a, b in spans)
    assert "".join(long[a:b] for a, b in spans).replace(" ", "") == long.replace(" ", "")


def test_installed_packages_are_listed_through_argostranslate(argos_dir):
    pkgs = pk.installed_packages(argos_dir)
    assert {(p.from_code, p.to_code, p.version) for p in pkgs} == {("zh", "en", "1.0"), ("ru", "en", "1.9"), ("be", "ru", "1.0")}
    assert all((p.path / "model" / "model.bin").is_file() and not p.has_sbd for p in pkgs)


def test_routes_are_direct_or_through_a_pivot(argos_dir):
    pkgs = pk.installed_packages(argos_dir)
    assert [p.label for p in pk.find_route("ru", "en", pkgs)] == ["ru→en 1.9"]
    assert pk.route_label(pk.find_route("be", "en", pkgs)) == "be→ru 1.0 + ru→en 1.9"
    assert pk.find_route("uk", "en", pkgs) is None


def test_a_stray_folder_without_metadata_does_not_hide_the_packages(argos_dir, tmp_path):
    import shutil

    d = tmp_path / "pk"
    shutil.copytree(argos_dir, d)
    (d / "half-deleted").mkdir()
    assert len(pk.installed_packages(d)) == 3


def test_copy_model_translates_a_batch_exactly_in_one_call(argos_dir):
    route = pk.find_route("zh", "en", pk.installed_packages(argos_dir))
    eng = Engine(threads=1)
    sents = ["大连理工大学与白俄罗斯国立大学签署合作协议。", "The rector signed an agreement in Minsk today.", "校长会见了代表团。"]
    assert eng.translate(sents * 2, route) == sents * 2
    assert (eng.stats.calls, eng.stats.segments, eng.stats.loads) == (1, 3, 1)
    # The same sentences again: answered from the cache, the model is not called or reloaded.
    assert eng.translate(sents, route) == sents
    assert (eng.stats.calls, eng.stats.cache_hits, eng.stats.loads) == (1, 3, 1)


def test_pivot_route_runs_both_packages(argos_dir):
    route = pk.find_route("be", "en", pk.installed_packages(argos_dir))
    eng = Engine()
    assert eng.translate(["Делегация посетила Минск."], route) == ["Делегация посетила Минск."]
    assert eng.stats.calls == 2 and eng.stats.loads == 2


def test_protection_turns_source_terms_into_canonical_english(argos_dir):
    index = tm.TermIndex.from_glossary(glossary())
    route = pk.find_route("zh", "en", pk.installed_packages(argos_dir))
    sentence = "大连理工大学与白俄罗斯国立大学签署合作协议。"
    prot = tm.protect(sentence, "zh", index)
    assert prot.text == "ZXQ1与ZXQ2签署合作协议。"
    assert prot.entries == [DUT.id, BSU.id]
    raw, protected = Engine().translate([sentence, prot.text], route)
    # The raw model output keeps the Chinese name; the protected path yields the glossary's form.
    assert "大连理工大学" in raw and "Dalian University of Technology" not in raw
    assert tm.restore(protected, prot) == "Dalian University of Technology与Belarusian State University签署合作协议。"


def test_decide_entries_and_urls_are_handled():
    index = tm.TermIndex.from_glossary(glossary())
    prot = tm.protect("中白工业园 www.example.org/page 大连理工大学", "zh", index)
    # "decide" entries are never imposed; URLs are protected and restored verbatim.
    assert prot.text == "中白工业园 ZXQ1 ZXQ2"
    assert tm.restore("Park ZXQ1 and zxq 2", prot) == "Park www.example.org/page and Dalian University of Technology"


def test_lost_or_duplicated_placeholders_are_detected():
    index = tm.TermIndex.from_glossary(glossary())
    prot = tm.protect("大连理工大学与白俄罗斯国立大学", "zh", index)
    assert tm.restore("ZXQ1 and something", prot) is None
    assert tm.restore("ZXQ1 ZXQ1 ZXQ2", prot) is None
    assert tm.restore("ZXQ2 with ZXQ1", prot) == "Belarusian State University with Dalian University of Technology"


def test_cyrillic_terms_match_whole_words_case_insensitively():
    index = tm.TermIndex.from_glossary(glossary())
    prot = tm.protect("белорусский государственный университет открыт.", "ru", index)
    assert prot.text == "ZXQ1 открыт." and prot.entries == [BSU.id]
    assert tm.apply_after("Белорусский государственный университетский", "ru", index) == ("Белорусский государственный университетский", [])


def test_random_model_loses_placeholders(garbage_dir):
    index = tm.TermIndex.from_glossary(glossary())
    route = pk.find_route("zh", "en", pk.installed_packages(garbage_dir))
    prot = tm.protect("大连理工大学签署协议。", "zh", index)
    out = Engine().translate([prot.text], route)[0]
    assert out != prot.text
    assert tm.restore(out, prot) is None


def test_default_folder_is_restored_after_an_explicit_one(argos_dir):
    import argostranslate.settings as settings

    pk.installed_packages(argos_dir)
    assert settings.package_dirs == [argos_dir]
    pk.installed_packages()
    # conftest.py's ARGOS_PACKAGES_DIR: a temporary folder, never the user's real one
    assert settings.package_dirs != [argos_dir] and "polish-tests-" in str(settings.package_data_dir)
