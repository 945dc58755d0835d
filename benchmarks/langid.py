"""Language identification: langdetect (default) vs lingua, on generated paragraphs.

Paragraphs are built from sentence pools in five languages (en, zh, ru, be,
uk), three to five sentences each, plus one-sentence "short" items, in a
fixed random order. Prints paragraphs per second and accuracy per backend
and per language, as a Markdown table.

    .venv/bin/python benchmarks/langid.py [--paragraphs 1000]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import time
from collections import Counter

from polish import langid
from polish.config import Config

POOLS = {
    "en": [
        "The Belarusian State University signed a cooperation agreement with Harbin Institute of Technology.",
        "The rector welcomed the Chinese delegation and spoke about joint research projects.",
        "Students from Minsk will spend a semester at a partner university in Beijing.",
        "The parties discussed academic exchanges, joint laboratories and summer schools.",
        "A new Confucius Institute opened on the campus last week.",
        "The ambassador noted the growing number of Chinese students in Belarus.",
    ],
    "zh": [
        "白俄罗斯国立大学与哈尔滨工业大学签署了合作协议。",
        "校长热烈欢迎中国代表团，并介绍了联合研究项目。",
        "明斯克的学生将在北京的合作大学学习一个学期。",
        "双方讨论了学术交流、联合实验室和暑期学校等问题。",
        "上周，一所新的孔子学院在校园里揭牌成立。",
        "大使指出，在白俄罗斯学习的中国学生人数不断增加。",
    ],
    "ru": [
        "Белорусский государственный университет подписал соглашение о сотрудничестве с Харбинским политехническим университетом.",
        "Ректор приветствовал китайскую делегацию и рассказал о совместных научных проектах.",
        "Студенты из Минска проведут семестр в партнёрском университете в Пекине.",
        "Стороны обсудили академические обмены, совместные лаборатории и летние школы.",
        "На прошлой неделе в кампусе открылся новый Институт Конфуция.",
        "Посол отметил растущее число китайских студентов в Беларуси.",
    ],
    "be": [
        "Беларускі дзяржаўны ўніверсітэт падпісаў пагадненне аб супрацоўніцтве з Харбінскім політэхнічным універсітэтам.",
        "Рэктар павітаў кітайскую дэлегацыю і распавёў пра сумесныя навуковыя праекты.",
        "Студэнты з Мінска правядуць семестр у партнёрскім універсітэце ў Пекіне.",
        "Бакі абмеркавалі акадэмічныя абмены, сумесныя лабараторыі і летнія школы.",
        "На мінулым тыдні ў кампусе адкрыўся новы Інстытут Канфуцыя.",
        "Пасол адзначыў рост колькасці кітайскіх студэнтаў у Беларусі.",
    ],
    "uk": [
        "Київський національний університет підписав угоду про співпрацю з Харбінським політехнічним університетом.",
        "Ректор привітав китайську делегацію та розповів про спільні наукові проєкти.",
        "Студенти з Києва проведуть семестр в університеті-партнері в Пекіні.",
        "Сторони обговорили академічні обміни, спільні лабораторії та літні школи.",
        "Минулого тижня в кампусі відкрився новий Інститут Конфуція.",
        "Посол відзначив зростання кількості китайських студентів в Україні.",
    ],
}


def generate(n: int, seed: int = 1) -> list[tuple[str, str, str]]:
    """``n`` (kind, expected language, paragraph) items: 80% paragraphs, 20% single sentences."""
    rng = random.Random(seed)
    langs = sorted(POOLS)
    out = []
    for i in range(n):
        lang = langs[i % len(langs)]
        if rng.random() < 0.2:
            out.append(("short", lang, rng.choice(POOLS[lang])))
        else:
            k = rng.randint(3, 5)
            joiner = "" if lang == "zh" else " "
            out.append(("paragraph", lang, joiner.join(rng.sample(POOLS[lang], k))))
    rng.shuffle(out)
    return out


def _raw(backend: str, cfg: Config):
    """The detector alone, restricted to the configured languages, without polish's script/orthography evidence."""
    langs = tuple(dict.fromkeys((cfg.target, *cfg.languages)))
    if backend == "lingua":
        return lambda text: max(langid._lingua_probs(text, cfg, langs).items(), key=lambda kv: kv[1], default=("und", 0))[0]
    return lambda text: max(langid._langdetect_probs(text, langs, cfg.seed).items(), key=lambda kv: kv[1], default=("und", 0))[0]


def measure(backend: str, items: list[tuple[str, str, str]], raw: bool = False) -> dict:
    """Warm-up cost, throughput and accuracy of one backend (``raw``: the bare detector)."""
    cfg = Config(detector=backend)
    fn = _raw(backend, cfg) if raw else (lambda text: langid.detect(text, cfg)[0])
    t0 = time.perf_counter()
    for pool in POOLS.values():  # loads profiles / builds the detector and its models
        fn(pool[0])
    warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    answers = [fn(text) for _, _, text in items]
    elapsed = time.perf_counter() - t0
    right: Counter = Counter()
    total: Counter = Counter()
    for (kind, lang, _), got in zip(items, answers):
        for key in (kind, lang, "all"):
            total[key] += 1
            right[key] += got == lang
    return {
        "backend": f"{backend} alone" if raw else f"polish + {backend}",
        "warm": warm,
        "rate": len(items) / elapsed,
        "acc": {k: right[k] / total[k] for k in total},
    }


def main() -> None:
    """Run both backends and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paragraphs", type=int, default=1000)
    args = ap.parse_args()
    items = generate(args.paragraphs)
    backends = ["langdetect"] + (["lingua"] if importlib.util.find_spec("lingua") else [])
    rows = [measure(b, items) for b in backends] + [measure(b, items, raw=True) for b in backends]
    cols = ["all", "paragraph", "short", "en", "zh", "ru", "be", "uk"]
    print(f"{len(items)} items ({sum(k == 'paragraph' for k, _, _ in items)} paragraphs of 3-5 sentences, "
          f"{sum(k == 'short' for k, _, _ in items)} single sentences)\n")
    print("| backend | warm-up (s) | items/s | " + " | ".join(f"acc {c}" for c in cols) + " |")
    print("|---|---:|---:|" + "---:|" * len(cols))
    for r in rows:
        accs = " | ".join(f"{100 * r['acc'].get(c, 0):.1f}%" for c in cols)
        print(f"| {r['backend']} | {r['warm']:.2f} | {r['rate']:.0f} | {accs} |")


if __name__ == "__main__":
    main()
