"""Synthetic corpora for the benchmarks: N jurisdictions made from the five real documents.

Why: lexgap's users will add countries, reporting cycles and treaty bodies; to know how build
and query costs grow, the benchmark needs corpora 10x and 100x the real one on which every
loader, parser, check and query does its real work. Hand-written text would exercise other
code paths than the real layouts, so each synthetic jurisdiction is a *transformation* of the
real five documents, and of their curated data files with them:

- new document ids, file names and titles (`x007-a-hrc-40-51-add-1`, "... [synthetic
  jurisdiction x007]"), the same dates (the answers read them against the laws' years), and
  `jurisdiction: x007` in the manifest, so that the graph gives x007 its own Penal Code
  (`{base}x007/penal-code/2017/art/257`) instead of piling 100 countries' statements onto the
  Lao one (see graph/build.py);
- article numbers of national law shifted by a per-jurisdiction offset wherever the citation
  extractor finds them, and in every curated provision reference and quote that holds them;
- penalty and age figures are no longer changed: one source writes in digits what another
  writes in words ("15 to 20 years", "fifteen to twenty years"), so changing the digits alone
  made a synthetic country's sources disagree where the real ones agree. The machinery that
  varied them (checked by the project's own parsers) is kept for the article numbers.

What is NOT changed, on purpose: the country name in the body text (the study's layout knows
headings such as "Trafficking into Lao PDR"), paragraph numbering and order (the Committee's
recommendations, the State report's answers and the curated locators point at paragraph
numbers), and numbers written in words. Size 1 is the real corpus, byte for byte; size N adds
N-1 synthetic jurisdictions. The same seed gives byte-identical files.

Usage: `python benchmarks/synth.py --size 10 --seed 1 --out DIR` writes DIR/sources (manifest
and texts), DIR/readings and DIR/recommendations, the three folders `lexgap build` takes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from lexgap.loaders.ages import AgeBand, parse_age_bands
from lexgap.loaders.citations import load_instruments
from lexgap.loaders.corpus import read_corpus
from lexgap.loaders.models import Passage
from lexgap.loaders.penalties import Penalty, parse_penalties
from lexgap.loaders.readings import Statement, check_statement, find_quote

GENERATOR_VERSION = "1"

SiteKind = Literal["article", "small", "money"]

# A number in a penalty or age phrase: digits, possibly grouped by commas or dots ("5,000,000",
# "663.330.000").
NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*(?![\d])|(?<![\d.,])\d+(?![\d])")
# What follows a number that is an amount of money: "3million", "2-6 million kip", "500,000 Kip".
MONEY_AFTER = re.compile(r"^\s*(?:-\s*\d+\s*)?(?:million|kip|kips)\b", re.IGNORECASE)
# Leading digits of an article number ("12.4", "5(2)", "89").
LEADING_INT = re.compile(r"^(\d+)")
# Largest "small" number (years, months, ages) the generator changes.
SMALL_MAX = 30


@dataclass(frozen=True)
class Site:
    """One number in one passage that a jurisdiction may change.

    `pos` is the number's offset in the passage's cleaned text; `raw` its offset in each source
    file that carries the passage (a report and its edition). `key` names, for an article
    number, the (instrument, article number) whose every mention must change together."""

    doc: str
    locator: str
    pos: int
    token: str
    kind: SiteKind
    raw: tuple[tuple[str, int], ...]
    key: tuple[str, int] | None = None


@dataclass
class Template:
    """Everything read once from the real corpus."""

    sources_dir: Path
    manifest: dict[str, Any]
    texts: dict[str, str]  # file name -> text
    passages: dict[str, dict[str, Passage]]  # document id -> locator -> passage
    owner: dict[str, str]  # document id -> the document whose passages its entries quote
    readings: dict[str, dict[str, Any]]  # file name -> parsed YAML
    targets: dict[str, dict[str, Any]]
    national: frozenset[str]
    sites: list[Site] = field(default_factory=list)
    # (instrument, article number) keys whose every mention could be located in the raw text
    article_keys: frozenset[tuple[str, int]] = frozenset()


@dataclass(frozen=True)
class Params:
    """What one synthetic jurisdiction changes."""

    code: str
    year_shift: int
    delta: int  # added to years, months and ages written in digits
    factor: int  # kip amounts multiplied by it
    article_offset: int  # added to article numbers of national law


def _data_dir() -> Path:
    return Path(str(resources.files("lexgap.data")))


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for m in re.finditer("\n", text):
        offsets.append(m.end())
    offsets.append(len(text) + 1)
    return offsets


def _context_regex(text: str, start: int, end: int, k: int) -> re.Pattern[str]:
    """A pattern for text[start:end] with k characters of context either side, whitespace
    matching any run of whitespace (the cleaned text folds it)."""

    def loose(s: str) -> str:
        return "".join(r"\s+" if c == " " else re.escape(c) for c in s)

    left = text[max(0, start - k) : start]
    right = text[end : end + k]
    return re.compile(loose(left) + "(" + re.escape(text[start:end]) + ")" + loose(right))


def _locate(raw: str, region: tuple[int, int], text: str, start: int, end: int) -> int | None:
    """Offset in `raw` of the passage-text slice text[start:end], found by its context within
    the passage's lines; None unless exactly one place matches."""
    chunk = raw[region[0] : region[1]]
    for k in (40, 24, 12, 6):
        found = list(_context_regex(text, start, end, k).finditer(chunk))
        if len(found) == 1:
            return region[0] + found[0].start(1)
    return None


def _region(offsets: list[int], passage: Passage) -> tuple[int, int]:
    start = offsets[passage.line_start - 1]
    end = offsets[min(passage.line_end, len(offsets) - 1)]
    return start, end


def _classify(text: str, m: re.Match[str]) -> SiteKind | None:
    token = m.group(0)
    before = text[max(0, m.start() - 1) : m.start()]
    after = text[m.end() : m.end() + 1]
    if before == "(" and after == ")":
        return None  # "ten (10)": a restatement of a number written in words
    if MONEY_AFTER.match(text[m.end() :]) or "," in token or "." in token:
        return "money"
    value = int(token)
    if 0 < value <= SMALL_MAX:
        return "small"
    return None


def load_template(sources_dir: Path | None = None) -> Template:
    """Read the real corpus with lexgap's own loaders and find every number a jurisdiction may
    change, with where it sits in the source files."""
    data = _data_dir()
    src = sources_dir or data / "sources"
    manifest = yaml.safe_load((src / "manifest.yaml").read_text("utf-8"))
    texts = {d["file"]: (src / d["file"]).read_text("utf-8") for d in manifest["documents"]}
    corpus = read_corpus(src)
    passages = {d.id: {p.locator: p for p in d.passages} for d in corpus.documents}
    files = {d.id: d.source.meta.file for d in corpus.documents}
    owner = {d.id: d.source.meta.edition_of or d.id for d in corpus.documents}
    editions: dict[str, list[str]] = defaultdict(list)
    for doc_id, base in owner.items():
        if base != doc_id:
            editions[base].append(doc_id)
    instruments = load_instruments()
    national = frozenset(i for i, inst in instruments.items() if inst.jurisdiction != "int")
    readings = {
        p.name: yaml.safe_load(p.read_text("utf-8"))
        for p in sorted((data / "readings").glob("*.yaml"))
    }
    targets = {
        p.name: yaml.safe_load(p.read_text("utf-8"))
        for p in sorted((data / "recommendations").glob("*.yaml"))
    }
    template = Template(
        sources_dir=src,
        manifest=manifest,
        texts=texts,
        passages=passages,
        owner=owner,
        readings=readings,
        targets=targets,
        national=national,
    )
    offsets = {f: _line_offsets(t) for f, t in texts.items()}

    def raw_places(doc_id: str, locator: str, start: int, end: int) -> tuple[tuple[str, int], ...]:
        """Where a passage slice sits in the document's file and in each edition's file."""
        places: list[tuple[str, int]] = []
        text = passages[doc_id][locator].text
        for d in (doc_id, *editions.get(doc_id, [])):
            passage = passages[d].get(locator)
            if passage is None or passage.text != text:
                return ()
            f = files[d]
            at = _locate(texts[f], _region(offsets[f], passage), text, start, end)
            if at is None or texts[f][at : at + end - start] != text[start:end]:
                return ()
            places.append((f, at))
        return tuple(places)

    sites: dict[tuple[str, str, int], Site] = {}
    unlocatable: set[tuple[str, int]] = set()
    article_spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for doc in corpus.documents:
        if doc.source.meta.edition_of:
            continue
        for c in doc.citations:
            article_spans[(doc.id, c.locator)].append(c.span)
            if c.article is None or c.instrument not in national:
                continue
            lead = LEADING_INT.match(c.article)
            if lead is None:
                continue
            number = lead.group(1)
            found = re.search(rf"(?<!\d){number}(?!\d)", c.matched)
            key = (c.instrument, int(number))
            if found is None:
                unlocatable.add(key)
                continue
            pos = c.span[0] + found.start()
            places = raw_places(doc.id, c.locator, pos, pos + len(number))
            if not places:
                unlocatable.add(key)
                continue
            sites.setdefault(
                (doc.id, c.locator, pos),
                Site(doc.id, c.locator, pos, number, "article", places, key),
            )
    # Numbers of penalty and age phrases inside the quotes of statements that state them.
    for data_file in readings.values():
        doc_id = data_file["document"]
        base = owner.get(doc_id, doc_id)
        for st in data_file.get("statements") or []:
            if not (st.get("penalty") or st.get("age")) or st.get("override"):
                continue
            passage = passages[base].get(str(st["locator"]))
            if passage is None:
                continue
            span = find_quote(st["quote"], passage.text)
            if span is None:
                continue
            quote = passage.text[span[0] : span[1]]
            # No figure is changed any more: the same penalty or age is written in digits in one
            # source and in words in another ("15 to 20 years", "fifteen to twenty years"), so
            # changing only the digits made a country's sources disagree where the real ones
            # agree, and its answers and conflicts differ from the real corpus's. Articles,
            # ids and kip amounts written as a factor still vary (see Params).
            phrases: list[tuple[int, int]] = []
            cited = article_spans[(base, passage.locator)]
            for m in NUMBER.finditer(quote):
                if not any(s <= m.start() and m.end() <= e for s, e in phrases):
                    continue
                pos = span[0] + m.start()
                if any(s < pos + len(m.group(0)) and pos < e for s, e in cited):
                    continue
                kind = _classify(quote, m)
                if kind is None or (base, passage.locator, pos) in sites:
                    continue
                places = raw_places(base, passage.locator, pos, pos + len(m.group(0)))
                if places:
                    sites[(base, passage.locator, pos)] = Site(
                        base, passage.locator, pos, m.group(0), kind, places
                    )
    template.sites = sorted(sites.values(), key=lambda s: (s.doc, s.locator, s.pos))
    keys = {s.key for s in template.sites if s.key is not None}
    template.article_keys = frozenset(k for k in keys if k not in unlocatable)
    return template


# --------------------------------------------------------------------------------------------
# One jurisdiction
# --------------------------------------------------------------------------------------------


def params_for(seed: int, index: int) -> Params:
    """The changes of synthetic jurisdiction `index` (1-based), from its own random stream."""
    rng = random.Random(f"lexgap-synth/{seed}/{index}")
    return Params(
        code=f"x{index:03d}",
        # Dates are not shifted: the gap answers read the documents' dates against the years
        # of the laws they cite (a finding made before a law is superseded by it), and the law
        # years in the quotes stay. The draw is kept so the other parameters do not change.
        year_shift=0 * rng.randint(1, 8),
        delta=rng.randint(1, 3),
        factor=rng.randint(2, 5),
        article_offset=rng.randint(1, 60),
    )


def _money(token: str, factor: int) -> str:
    sep = "," if "," in token else "." if "." in token else ""
    value = int(token.replace(sep, "") if sep else token) * factor
    if not sep:
        return str(value)
    return f"{value:,}".replace(",", sep)


def _new_token(site: Site, p: Params) -> str:
    if site.kind == "article":
        return str(int(site.token) + p.article_offset)
    if site.kind == "small":
        return str(int(site.token) + p.delta)
    return _money(site.token, p.factor)


def _shift_article(article: str | None, instrument: str, p: Params, keys: frozenset[Any]) -> Any:
    if article is None:
        return None
    lead = LEADING_INT.match(article)
    if lead is None or (instrument, int(lead.group(1))) not in keys:
        return article
    return str(int(lead.group(1)) + p.article_offset) + article[lead.end() :]


def _apply(text: str, edits: Sequence[tuple[int, str, str]], offset: int = 0) -> str:
    """Replace, right to left, each (position, old, new) that falls inside `text` (positions
    relative to `offset`)."""
    for pos, old, new in sorted(edits, reverse=True):
        at = pos - offset
        if at >= 0 and at + len(old) <= len(text):
            assert text[at : at + len(old)] == old, (text[at : at + len(old)], old)
            text = text[:at] + new + text[at + len(old) :]
    return text


def _match_penalty(facts: dict[str, Any], found: Sequence[Penalty]) -> int | None:
    for i, pen in enumerate(found):
        if all(
            facts.get(name, default) == getattr(pen, name)
            for name, default in (
                ("prison_min_months", None),
                ("prison_max_months", None),
                ("fine_min_kip", None),
                ("fine_max_kip", None),
                ("death_penalty", False),
                ("re_education", False),
                ("confiscation", False),
            )
        ):
            return i
    return None


def _match_age(facts: dict[str, Any], found: Sequence[AgeBand]) -> int | None:
    for i, band in enumerate(found):
        if (
            facts.get("min") == band.min_age
            and facts.get("min_inclusive") == band.min_inclusive
            and facts.get("max") == band.max_age
            and facts.get("max_inclusive") == band.max_inclusive
        ):
            return i
    return None


def _new_penalty(
    facts: dict[str, Any], old_quote: str, new_quote: str, p: Params
) -> dict[str, Any] | None:
    """The statement's penalty after the quote's numbers changed, if the parser reads exactly
    the intended arithmetic change (months + delta or + 12 x delta, kip x factor); else None."""
    old, new = parse_penalties(old_quote), parse_penalties(new_quote)
    i = _match_penalty(facts, old)
    if i is None or len(old) != len(new):
        return None
    a, b = old[i], new[i]
    out = dict(facts)
    for name in ("prison_min_months", "prison_max_months"):
        x, y = getattr(a, name), getattr(b, name)
        if (x is None) != (y is None) or (
            x is not None and y - x not in (0, p.delta, 12 * p.delta)
        ):
            return None
        if name in facts:
            out[name] = y
    for name in ("fine_min_kip", "fine_max_kip"):
        x, y = getattr(a, name), getattr(b, name)
        if (x is None) != (y is None) or (x is not None and y not in (x, x * p.factor)):
            return None
        if name in facts:
            out[name] = y
    for flag in ("death_penalty", "re_education", "confiscation"):
        if getattr(a, flag) != getattr(b, flag):
            return None
    return out


def _new_age(
    facts: dict[str, Any], old_quote: str, new_quote: str, p: Params
) -> dict[str, Any] | None:
    """The statement's age band after the change, if the parser reads ages + delta; else None."""
    old, new = parse_age_bands(old_quote), parse_age_bands(new_quote)
    if [(a.min_age, a.min_inclusive, a.max_age, a.max_inclusive) for a in old] == [
        (b.min_age, b.min_inclusive, b.max_age, b.max_inclusive) for b in new
    ]:
        # No age changed (an article renumbered): the facts stand as curated, overrides too.
        return dict(facts)
    i = _match_age(facts, old)
    if i is None or len(old) != len(new):
        return None
    a, b = old[i], new[i]
    out = dict(facts)
    for name, key in (("min_age", "min"), ("max_age", "max")):
        x, y = getattr(a, name), getattr(b, name)
        if (x is None) != (y is None) or (x is not None and y - x not in (0, p.delta)):
            return None
        if key in facts:
            out[key] = y
    if (a.min_inclusive, a.max_inclusive) != (b.min_inclusive, b.max_inclusive):
        return None
    return out


@dataclass
class _Entry:
    """A curated entry with a quote: where it lives, and the quote's span in its passage."""

    entry: dict[str, Any]
    kind: str
    doc: str  # the document whose passages hold it
    locator: str
    span: tuple[int, int]


def _entries(t: Template) -> Iterator[_Entry]:
    for files, kinds in (
        (t.readings, ("statements", "assessments", "version_status")),
        (t.targets, ("targets", "responses")),
    ):
        for data_file in files.values():
            base = t.owner.get(data_file["document"], data_file["document"])
            for kind in kinds:
                for entry in data_file.get(kind) or []:
                    passage = t.passages[base].get(str(entry["locator"]))
                    if passage is None:
                        continue
                    span = find_quote(entry["quote"], passage.text)
                    if span is not None:
                        yield _Entry(entry, kind, base, passage.locator, span)


def _check(entry: dict[str, Any], passage_text: str) -> bool:
    try:
        st = Statement.model_validate(entry)
    except ValidationError:
        return False
    return not check_statement(st, passage_text)


def plan(t: Template, p: Params) -> tuple[list[Site], dict[int, dict[str, Any]]]:
    """The sites this jurisdiction changes, and the new content of every curated entry whose
    quote or numbers change (by id() of the template's entry). Number sites whose statement
    would fail the parser check are dropped, one statement at a time, until every check
    passes; article sites are never dropped (their key was kept only if every mention could
    be changed)."""
    entries = list(_entries(t))
    active = [s for s in t.sites if s.kind != "article" or s.key in t.article_keys]
    while True:
        edits: dict[tuple[str, str], list[tuple[int, str, str]]] = defaultdict(list)
        for s in active:
            edits[(s.doc, s.locator)].append((s.pos, s.token, _new_token(s, p)))
        changed: dict[int, dict[str, Any]] = {}
        drop: set[Site] = set()
        for e in entries:
            mine = [x for x in edits.get((e.doc, e.locator), []) if e.span[0] <= x[0] < e.span[1]]
            new = dict(e.entry)
            passage = t.passages[e.doc][e.locator].text
            if mine:
                old_quote = passage[e.span[0] : e.span[1]]
                new_quote = _apply(old_quote, mine, e.span[0])
                new["quote"] = new_quote
                if e.kind == "statements":
                    ok = True
                    if e.entry.get("penalty"):
                        pen = _new_penalty(e.entry["penalty"], old_quote, new_quote, p)
                        ok = pen is not None
                        new["penalty"] = pen
                    if ok and e.entry.get("age"):
                        age = _new_age(e.entry["age"], old_quote, new_quote, p)
                        ok = age is not None
                        new["age"] = age
                    new_passage = _apply(passage, edits[(e.doc, e.locator)])
                    if not ok or not _check(_article_shifted(new, t, p), new_passage):
                        numbers = {
                            s
                            for s in active
                            if s.kind != "article"
                            and (s.doc, s.locator) == (e.doc, e.locator)
                            and e.span[0] <= s.pos < e.span[1]
                        }
                        if not numbers:
                            raise RuntimeError(
                                f"{p.code}: statement {e.entry.get('id')} fails its check after "
                                "an article renumbering alone; the generator cannot vary it"
                            )
                        drop |= numbers
                        continue
            changed[id(e.entry)] = new
        if not drop:
            return active, changed
        active = [s for s in active if s not in drop]


def _article_shifted(entry: dict[str, Any], t: Template, p: Params) -> dict[str, Any]:
    """A statement dict with its provision's article shifted (for checking as a model)."""
    out = dict(entry)
    prov = out.get("provision")
    if isinstance(prov, dict) and prov.get("instrument") in t.national:
        out["provision"] = {
            **prov,
            "article": _shift_article(prov.get("article"), prov["instrument"], p, t.article_keys),
        }
    return out


def _refs(value: Any, t: Template, p: Params) -> Any:
    """Provision references of national law with their article shifted."""
    if isinstance(value, dict) and "instrument" in value and value["instrument"] in t.national:
        return {
            **value,
            "article": _shift_article(value.get("article"), value["instrument"], p, t.article_keys),
        }
    return value


def _dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        sort_keys=False,
        allow_unicode=True,
        width=4096,
    )


def _shift_date(value: str | None, years: int) -> str | None:
    if value is None:
        return None
    return f"{int(value[:4]) + years:04d}{value[4:]}"


def write_jurisdiction(t: Template, p: Params, out: Path) -> list[dict[str, Any]]:
    """Write one synthetic jurisdiction's texts and data files; return its manifest entries."""
    sites, changed = plan(t, p)
    prefix = p.code + "-"
    new_id = {d["id"]: prefix + d["id"] for d in t.manifest["documents"]}
    by_file: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for s in sites:
        for f, at in s.raw:
            by_file[f].append((at, s.token, _new_token(s, p)))
    entries: list[dict[str, Any]] = []
    for d in t.manifest["documents"]:
        text = _apply(t.texts[d["file"]], by_file.get(d["file"], []))
        data = text.encode("utf-8")
        name = prefix + d["file"]
        (out / "sources" / name).write_bytes(data)
        entry = dict(d)
        entry.update(
            id=new_id[d["id"]],
            number=f"{p.code}-{d['number']}",
            file=name,
            original_file=None,
            title=f"{' '.join(d['title'].split())} [synthetic jurisdiction {p.code}, from "
            f"{d['id']}]",
            date=_shift_date(d.get("date"), p.year_shift),
            facts_up_to=_shift_date(d.get("facts_up_to"), p.year_shift),
            edition_of=new_id.get(d["edition_of"]) if d.get("edition_of") else None,
            jurisdiction=p.code,
            sha256=hashlib.sha256(data).hexdigest(),
        )
        entries.append(entry)

    def rewrite(entry: dict[str, Any]) -> dict[str, Any]:
        new = dict(changed.get(id(entry), entry))
        if "id" in new:
            new["id"] = prefix + new["id"]
        if new.get("penalty_by_reference"):
            new["penalty_by_reference"] = prefix + new["penalty_by_reference"]
        for key in ("provision", "version"):
            if key in new:
                new[key] = _refs(new[key], t, p)
        for key in ("considered", "provisions"):
            if key in new:
                new[key] = [_refs(r, t, p) for r in new[key]]
        return new

    for folder, files, kinds in (
        ("readings", t.readings, ("statements", "assessments", "version_status")),
        ("recommendations", t.targets, ("targets", "responses")),
    ):
        for name, data_file in files.items():
            new_file: dict[str, Any] = {}
            for key, value in data_file.items():
                if key in ("document", "answers_document"):
                    new_file[key] = new_id.get(value, value)
                elif key in kinds:
                    new_file[key] = [rewrite(e) for e in value or []]
                elif key == "named_only":
                    new_file[key] = [
                        {**n, "provision": _refs(n["provision"], t, p)} for n in value or []
                    ]
                else:
                    new_file[key] = value
            (out / folder / (prefix + name)).write_text(_dump(new_file), "utf-8")
    return entries


def generate(size: int, seed: int, out: Path, template: Template | None = None) -> Path:
    """Write a corpus of `size` jurisdictions (the real one plus size-1 synthetic) to `out`.

    `out` is replaced. Returns `out`."""
    if size < 1:
        raise ValueError("size is a number of jurisdictions, at least 1")
    t = template or load_template()
    if out.exists():
        shutil.rmtree(out)
    for folder in ("sources", "readings", "recommendations"):
        (out / folder).mkdir(parents=True)
    data = _data_dir()
    for f in t.texts:
        shutil.copyfile(t.sources_dir / f, out / "sources" / f)
    for folder in ("readings", "recommendations"):
        for path in sorted((data / folder).glob("*.yaml")):
            shutil.copyfile(path, out / folder / path.name)
    if size == 1:
        shutil.copyfile(t.sources_dir / "manifest.yaml", out / "sources" / "manifest.yaml")
        return out
    documents = list(t.manifest["documents"])
    for index in range(1, size):
        documents += write_jurisdiction(t, params_for(seed, index), out)
    manifest = (
        f"# Synthetic corpus: {size} jurisdiction(s), seed {seed}, generator v{GENERATOR_VERSION}"
        " (benchmarks/synth.py).\n# The first five documents are the real corpus.\n"
    )
    manifest += _dump({"documents": documents})
    (out / "sources" / "manifest.yaml").write_text(manifest, "utf-8")
    return out


def describe(t: Template) -> dict[str, int]:
    """How many numbers of each kind a jurisdiction may change (for the benchmark's notes)."""
    counts: dict[str, int] = defaultdict(int)
    for s in t.sites:
        if s.kind != "article" or s.key in t.article_keys:
            counts[s.kind] += 1
    counts["article_keys"] = len(t.article_keys)
    return dict(counts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", type=int, required=True, help="number of jurisdictions")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    t = load_template()
    generate(args.size, args.seed, args.out, t)
    print(f"wrote {args.size} jurisdiction(s) to {args.out}; changeable numbers: {describe(t)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
