"""Finds every citation of a statute or of an international instrument's article in a document.

A citation is one mention, kept with its passage, its span into the passage's text and the
matched string, so that every edge of the graph can be checked against the source. Two kinds:

- a national instrument named as a whole ("The Law on Extradition (2012)"): article None;
- an article of any instrument ("Article 128 of the Penal Code (2005)", "(Article 257)",
  "articles 2 (a) and 3 (1) (a) (i) of the Optional Protocol"): one citation per article.

The work is document-level because an article often names no instrument: "(Article 257)" belongs
to the Penal Code named sentences earlier, "(Article 253)" in 004 para 75 to the Code named in
para 74, "Article 129" in a table of the 2011 study to the "Penal Code" heading above it, and
"Article 3." in a footnote to the law named where the footnote is anchored.

Years are what the source gives for that law, never guessed:
- "stated": in the mention itself ("(2005)", "of 2014", "promulgated in 2017", "2006 (Article 89)",
  "the 2012 Law on ...", "in 2016" when the sentence says the law was adopted then);
- "context": from a mention the article points back to, from an earlier mention of the same law
  in the same passage ("The Labour Law of 2014 ... under article 101"), or from a section that
  the source dates ("The National Assembly adopted a new penal code in April 2017" dates the
  Penal Code in the passages of that section that follow: 004 paras 70-80);
- "none": the source gives no year there.

Decisions worth knowing (see also data/instruments.yaml):
- A name that is part of an article reference ("Article 131 of the Penal Code", "Penal Code:
  Article 129", "Law ... 2006 (Article 89)") is not cited again as a whole; a name elsewhere in
  the sentence is ("The Law on Health Care (2014) prohibits ... (Article 47)" gives both the law
  and its Article 47).
- "Under the same article" (000 para 27) repeats the article just cited: no second citation.
- "the Law", "the decree" are cited only when they carry an article ("article 89 of the Law").
- Article references in section headings (002 "(arts. 3, 4 (2) and (3), 5, 6 and 7)") are not in
  any passage's text, so they have no span and are not citations.
- A list ("Articles 355, 356 and 358 of the Penal Code") gives one citation per article. Every
  citation's span starts at its own article (the first at the keyword, or at the name when the
  name comes first) and ends where the reference ends, so spans are distinct and each matched
  string still shows which instrument it is.
- Subdivisions are written without spaces: "5 (2)" -> "5(2)", "Article 128 Paragraph 2" ->
  "128(2)", "9 (1) and (2)" -> "9(1)", "9(2)".
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError, field_validator

from lexgap.core import options
from lexgap.core.errors import DataFileError, UsageError
from lexgap.loaders import patterns as P
from lexgap.loaders.clean import superscript_to_int
from lexgap.loaders.models import Citation, Model, Passage
from lexgap.loaders.sentences import sentence_spans
from lexgap.loaders.yaml_lines import line_of, load_yaml_with_lines, strip_lines

INSTRUMENTS_FILE = "instruments.yaml"

InstrumentKind = Literal[
    "national statute", "decree", "regulation", "constitution", "treaty", "protocol", "convention"
]
Jurisdiction = Literal["la", "int"]
YearSource = Literal["stated", "context", "none"]


# --------------------------------------------------------------------------------------------
# The instrument table (data/instruments.yaml)
# --------------------------------------------------------------------------------------------


class Instrument(Model):
    """One instrument of the table: its canonical id and the names the sources use for it."""

    id: str
    kind: InstrumentKind
    jurisdiction: Jurisdiction
    label: str
    aliases: tuple[str, ...]
    abbreviations: tuple[str, ...] = ()
    parent: str | None = None
    distinct_versions: tuple[int, ...] = ()
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not P.INSTRUMENT_ID.fullmatch(value):
            raise ValueError("id must be a lower-case slug such as 'penal-code'")
        return value

    @field_validator("aliases")
    @classmethod
    def _some_alias(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("an instrument needs at least one alias")
        for alias in value:
            if alias != alias.strip() or "  " in alias or not alias:
                raise ValueError(f"alias {alias!r} has stray whitespace")
        return value


class Anaphor(Model):
    """Words that point back at an instrument named earlier ("the Law"), and the kinds it may be."""

    phrases: tuple[str, ...]
    kinds: tuple[InstrumentKind, ...]


@dataclass(frozen=True)
class InstrumentTable:
    """The validated table, with the lookups the extractor needs."""

    path: Path
    instruments: dict[str, Instrument]
    anaphors: tuple[Anaphor, ...]
    by_alias: dict[str, str]
    names: re.Pattern[str]
    anaphor_pattern: re.Pattern[str] | None
    anaphor_kinds: dict[str, tuple[InstrumentKind, ...]]


def _alias_key(text: str) -> str:
    """The lookup key of a matched name: whitespace folded, curly apostrophes straightened."""
    return " ".join(text.replace("’", "'").split())


def _bundled_instruments_path() -> Path:
    return options.DATA / INSTRUMENTS_FILE


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    return f"{loc}: {first['msg']}" if loc else str(first["msg"])


def _build_table(path: Path) -> InstrumentTable:
    raw = load_yaml_with_lines(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("instruments"), list):
        raise DataFileError("expected a mapping with an 'instruments' list", file=path, line=1)
    unknown = sorted(set(raw) - {"instruments", "anaphors", "__line__"})
    if unknown:
        raise DataFileError(
            f"unknown top-level key(s): {', '.join(unknown)}",
            file=path,
            line=line_of(raw),
            hint="valid: instruments, anaphors",
        )
    instruments: dict[str, Instrument] = {}
    lines: dict[str, int | None] = {}
    by_alias: dict[str, str] = {}
    for entry in raw["instruments"]:
        line = line_of(entry)
        try:
            inst = Instrument.model_validate(strip_lines(entry))
        except ValidationError as exc:
            raise DataFileError(
                f"instrument {_validation_message(exc)}", file=path, line=line
            ) from exc
        if inst.id in instruments:
            raise DataFileError(
                f"duplicate instrument id {inst.id!r}",
                file=path,
                line=line,
                hint=f"first at line {lines[inst.id]}",
            )
        instruments[inst.id] = inst
        lines[inst.id] = line
        for alias in inst.aliases:
            key = _alias_key(alias)
            owner = by_alias.get(key)
            if owner is not None and owner != inst.id:
                raise DataFileError(
                    f"alias {alias!r} of {inst.id!r} is already an alias of {owner!r}",
                    file=path,
                    line=line,
                    hint="a name must point at one instrument",
                )
            by_alias[key] = inst.id
    for inst in instruments.values():
        if inst.parent is not None and inst.parent not in instruments:
            raise DataFileError(
                f"{inst.id!r} has unknown parent {inst.parent!r}",
                file=path,
                line=lines[inst.id],
                hint="parent must be an instrument id",
            )
    anaphors: list[Anaphor] = []
    anaphor_kinds: dict[str, tuple[InstrumentKind, ...]] = {}
    for entry in raw.get("anaphors") or []:
        try:
            anaphor = Anaphor.model_validate(strip_lines(entry))
        except ValidationError as exc:
            raise DataFileError(
                f"anaphor {_validation_message(exc)}", file=path, line=line_of(entry)
            ) from exc
        for phrase in anaphor.phrases:
            if _alias_key(phrase) in by_alias:
                raise DataFileError(
                    f"anaphor {phrase!r} is also an instrument alias",
                    file=path,
                    line=line_of(entry),
                )
            anaphor_kinds[phrase] = anaphor.kinds
        anaphors.append(anaphor)
    anaphor_pattern = P.anaphor_pattern(anaphor_kinds) if anaphor_kinds else None
    return InstrumentTable(
        path=path,
        instruments=instruments,
        anaphors=tuple(anaphors),
        by_alias=by_alias,
        names=P.name_pattern(a for i in instruments.values() for a in i.aliases),
        anaphor_pattern=anaphor_pattern,
        anaphor_kinds=anaphor_kinds,
    )


@cache
def _cached_table(path: Path) -> InstrumentTable:
    return _build_table(path)


def load_table(path: Path | None = None) -> InstrumentTable:
    """The instrument table (bundled unless a path is given), validated; errors name file:line."""
    return _cached_table(path if path is not None else _bundled_instruments_path())


def load_instruments(path: Path | None = None) -> dict[str, Instrument]:
    """Every instrument of the table by canonical id."""
    return load_table(path).instruments


def resolve_instrument(name: str, path: Path | None = None) -> str:
    """The canonical id for an id, a name the sources use, or a label (any case)."""
    table = load_table(path)
    if name in table.instruments:
        return name
    wanted = _alias_key(name).casefold()
    for key, inst_id in table.by_alias.items():
        if key.casefold() == wanted:
            return inst_id
    for inst in table.instruments.values():
        if _alias_key(inst.label).casefold() == wanted:
            return inst.id
    # "did you mean": the closest id, name or label, as the id it stands for
    names = {inst_id: inst_id for inst_id in table.instruments}
    names.update({key.casefold(): inst_id for key, inst_id in table.by_alias.items()})
    names.update({_alias_key(i.label).casefold(): i.id for i in table.instruments.values()})
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
    guess = f"did you mean {names[close[0]]}? " if close else ""
    raise UsageError(
        f"unknown instrument {name!r}",
        hint=f"{guess}known ids: {', '.join(sorted(table.instruments))}",
    )


# --------------------------------------------------------------------------------------------
# What one passage contains
# --------------------------------------------------------------------------------------------


@dataclass
class _Mention:
    """A name or anaphor in a passage. `start`/`end` cover the whole mention including a year or
    law number written with it; `core_start` is where the name itself begins."""

    start: int
    end: int
    core_start: int
    instrument: str | None
    is_anaphor: bool = False
    phrase: str = ""
    stated_year: int | None = None
    new_version: bool = False
    embedded: bool = False
    year: int | None = None
    year_source: YearSource = "none"


@dataclass
class _ArticleRef:
    """An article reference: its items, where the whole reference runs, and what it attaches to."""

    start: int
    end: int
    items: list[tuple[int, str]]
    mention: _Mention | None = None
    # how the instrument is found: "named" (part of the reference), "anaphor", "thereof",
    # "bare" (by context), "unknown" (names an instrument the table lacks)
    how: str = "bare"


@dataclass
class _PassageInfo:
    passage: Passage
    sentences: list[tuple[int, int]]
    mentions: list[_Mention] = field(default_factory=list)
    articles: list[_ArticleRef] = field(default_factory=list)


@dataclass(frozen=True)
class Unresolved:
    """An article reference whose instrument could not be found; reported, never guessed."""

    doc_id: str
    locator: str
    span: tuple[int, int]
    matched: str
    reason: str


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds that cover the whole text (`sentence_spans`, each sentence running on to
    where the next starts), so that every position of a name falls in exactly one of them."""
    starts = [start for start, _ in sentence_spans(text)] or [0]
    return list(zip(starts, [*starts[1:], len(text)], strict=True))


def _sentence_at(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for lo, hi in sentences:
        if lo <= pos < hi:
            return lo, hi
    return sentences[-1]


def _extend_name(
    text: str, m: re.Match[str], inst: Instrument, sentence: tuple[int, int]
) -> _Mention:
    """A name match grown by what the source writes with it: an abbreviation in brackets, a law
    number, "(Amended)", and a year after it or, failing that, before it."""
    start, end = m.start(), m.end()
    if inst.abbreviations:
        abbr = P.abbreviation_after(inst.abbreviations).match(text, end)
        if abbr:
            end = abbr.end()
    for extra in (P.LAW_NUMBER_AFTER, P.AMENDED_AFTER):
        found = extra.match(text, end)
        if found:
            end = found.end()
    mention = _Mention(start=start, end=end, core_start=start, instrument=inst.id)
    after = text[end:]
    sentence_text = text[sentence[0] : sentence[1]]
    for rule in (P.YEAR_IN_BRACKETS, P.YEAR_OF, P.YEAR_ADOPTED_AFTER, P.YEAR_IN, P.YEAR_BARE_AFTER):
        found = rule.match(after)
        if not found:
            continue
        if rule is P.YEAR_IN and not P.ADOPTION_TRIGGER.search(sentence_text):
            continue
        mention.stated_year = int(found.group("year"))
        mention.end = end + found.end()
        break
    before = text[sentence[0] : start]
    if mention.stated_year is None:
        for rule in (P.YEAR_BEFORE, P.YEAR_ADOPTION_BEFORE, P.YEAR_SENTENCE_OPENING_BEFORE):
            found = rule.search(before)
            if found:
                mention.stated_year = int(found.group("year"))
                mention.start = sentence[0] + found.start()
                break
    if mention.stated_year is not None and P.NEW_VERSION_BEFORE.search(before):
        mention.new_version = True
    return mention


def _article_items(m: re.Match[str]) -> list[tuple[int, str]]:
    """The articles of one reference, each with the offset where its own text begins."""
    items_text = m.group("items")
    base = m.start("items")
    out: list[tuple[int, str]] = []
    prev_number: str | None = None
    prev_subs: list[str] = []
    pos = 0
    while pos < len(items_text):
        sep = P.ITEM_SEPARATOR.match(items_text, pos)
        if sep and out:
            pos = sep.end()
            continue
        item = P.ARTICLE_ITEM.match(items_text, pos)
        if item is None or item.end() == pos:
            break
        number = item.group("number")
        subs = P.SUBDIVISION_ONE.findall(item.group("subs") or "")
        if number is None and prev_number is not None:
            # "(2)" in "9 (1) and (2)": a sibling of the previous item's last subdivisions.
            keep = prev_subs[: max(0, len(prev_subs) - len(subs))]
            number, subs = prev_number, keep + subs
        elif number is None:
            number = ""
        out.append((base + pos, number + "".join(f"({s})" for s in subs)))
        prev_number, prev_subs = number, subs
        pos = item.end()
    paragraph = m.group("paragraph")
    if paragraph and out:
        offset, article = out[-1]
        out[-1] = (offset, f"{article}({paragraph})")
    return out


def _scan_passage(table: InstrumentTable, passage: Passage) -> _PassageInfo:
    """Names, anaphors and article references of one passage, and how each reference attaches.
    Nothing here looks outside the passage."""
    text = passage.text
    info = _PassageInfo(passage=passage, sentences=_sentences(text))
    names: list[_Mention] = []
    for m in table.names.finditer(text):
        inst = table.instruments[table.by_alias[_alias_key(m.group(0))]]
        names.append(_extend_name(text, m, inst, _sentence_at(info.sentences, m.start())))
    mentions = list(names)
    if table.anaphor_pattern is not None:
        for m in table.anaphor_pattern.finditer(text):
            if any(n.core_start < m.end() and m.start() < n.end for n in names):
                continue
            mentions.append(
                _Mention(
                    start=m.start(),
                    end=m.end(),
                    core_start=m.start(),
                    instrument=None,
                    is_anaphor=True,
                    phrase=m.group(0),
                )
            )
    mentions.sort(key=lambda x: x.core_start)
    info.mentions = mentions
    for m in P.ARTICLE_REF.finditer(text):
        items = _article_items(m)
        if not items:
            continue
        ref = _ArticleRef(start=m.start(), end=m.end(), items=items)
        _attach(text, ref, mentions)
        info.articles.append(ref)
    return info


def _attach(text: str, ref: _ArticleRef, mentions: list[_Mention]) -> None:
    """Attach a reference to the name written with it, if any (the forms of the module doc)."""
    tail = P.ARTICLE_OF.match(text, ref.end)
    if tail:
        # "of the Penal Code": the name starts after "the"; "of the Law": the anaphor at "the".
        starts = {tail.end()} | ({tail.start("the")} if tail.group("the") else set())
        for mention in mentions:
            if mention.core_start in starts or mention.start in starts:
                ref.mention, ref.end = mention, mention.end
                ref.how = "anaphor" if mention.is_anaphor else "named"
                mention.embedded = True
                return
    if P.ARTICLE_OF_UNKNOWN.match(text, ref.end):
        ref.how = "unknown"
        return
    thereof = P.ARTICLE_THEREOF.match(text, ref.end)
    if thereof:
        ref.how, ref.end = "thereof", thereof.end()
        return
    comma = P.ARTICLE_COMMA_NAME.match(text, ref.end)
    if comma:
        for mention in mentions:
            if (
                not mention.is_anaphor
                and mention.start == comma.end()
                and P.CLOSE_BRACKET.match(text, mention.end)
            ):
                ref.mention, ref.end, ref.how = mention, mention.end, "named"
                mention.embedded = True
                return
    before = [x for x in mentions if not x.is_anaphor and x.end <= ref.start]
    if before:
        mention = before[-1]
        gap = text[mention.end : ref.start]
        close = P.CLOSE_BRACKET.match(text, ref.end)
        if P.NAME_THEN_BRACKET.fullmatch(gap) and close:
            ref.mention, ref.start, ref.end, ref.how = mention, mention.start, close.end(), "named"
            mention.embedded = True
        elif P.NAME_THEN_ARTICLE.fullmatch(gap):
            ref.mention, ref.start, ref.how = mention, mention.start, "named"
            mention.embedded = True


# --------------------------------------------------------------------------------------------
# Resolving across passages
# --------------------------------------------------------------------------------------------


@dataclass
class _Resolver:
    """Resolves anaphors, years and bare articles of a document, passage by passage."""

    table: InstrumentTable
    doc_id: str
    infos: list[_PassageInfo]
    # (context prefix, instrument) -> year, from "adopted a new <name> in <year>"
    section_years: list[tuple[tuple[str, ...], int, str, int]] = field(default_factory=list)
    heading_cache: dict[str, list[_Mention]] = field(default_factory=dict)

    def kind_fits(self, inst_id: str, kinds: tuple[InstrumentKind, ...]) -> str | None:
        """The instrument, or its parent convention, if of one of the kinds."""
        inst = self.table.instruments[inst_id]
        if inst.kind in kinds:
            return inst.id
        if inst.parent is not None and self.table.instruments[inst.parent].kind in kinds:
            return inst.parent
        return None

    def previous_same_section(self, index: int) -> Iterable[_PassageInfo]:
        """Earlier passages of the same section (same context), nearest first; not footnotes."""
        here = self.infos[index].passage
        for info in reversed(self.infos[:index]):
            p = info.passage
            if p.kind == "footnote":
                continue
            if p.context != here.context:
                break
            yield info

    def section_year(self, index: int, inst_id: str) -> int | None:
        passage = self.infos[index].passage
        found: int | None = None
        for prefix, ordinal, sec_inst, year in self.section_years:
            if (
                sec_inst == inst_id
                and ordinal < passage.ordinal
                and passage.context[: len(prefix)] == prefix
            ):
                found = year
        return found

    def resolve_passage(self, index: int) -> None:
        info = self.infos[index]
        seen: list[_Mention] = []
        for mention in info.mentions:
            if mention.is_anaphor:
                self.resolve_anaphor(index, mention, seen)
            else:
                self.year_of_name(index, mention, seen)
                if mention.new_version and info.passage.context and mention.year is not None:
                    assert mention.instrument is not None
                    self.section_years.append(
                        (
                            info.passage.context,
                            info.passage.ordinal,
                            mention.instrument,
                            mention.year,
                        )
                    )
            seen.append(mention)

    def year_of_name(self, index: int, mention: _Mention, seen: list[_Mention]) -> None:
        if mention.stated_year is not None:
            mention.year, mention.year_source = mention.stated_year, "stated"
            return
        for earlier in reversed(seen):
            if earlier.instrument == mention.instrument and earlier.year is not None:
                mention.year, mention.year_source = earlier.year, "context"
                return
        assert mention.instrument is not None
        year = self.section_year(index, mention.instrument)
        if year is not None:
            mention.year, mention.year_source = year, "context"

    def resolve_anaphor(self, index: int, mention: _Mention, seen: list[_Mention]) -> None:
        kinds = self.table.anaphor_kinds[mention.phrase]
        candidates: list[_Mention] = list(reversed(seen))
        for info in self.previous_same_section(index):
            candidates += list(reversed(info.mentions))
        for cand in candidates:
            if cand.instrument is None:
                continue
            target = self.kind_fits(cand.instrument, kinds)
            if target is not None:
                mention.instrument = target
                if target == cand.instrument and cand.year is not None:
                    mention.year, mention.year_source = cand.year, "context"
                return

    def headings(self, heading: str) -> list[_Mention]:
        """Named mentions in a section heading (e.g. a study table's "Penal Code" header)."""
        if heading not in self.heading_cache:
            found: list[_Mention] = []
            sentences = _sentences(heading)
            for m in self.table.names.finditer(heading):
                inst = self.table.instruments[self.table.by_alias[_alias_key(m.group(0))]]
                mention = _extend_name(heading, m, inst, _sentence_at(sentences, m.start()))
                mention.year = mention.stated_year
                found.append(mention)
            self.heading_cache[heading] = found
        return self.heading_cache[heading]

    def footnote_anchor(self, index: int) -> _Mention | None:
        """For a footnote "fn N": the nearest mention before its anchor "ᴺ" in the text above."""
        passage = self.infos[index].passage
        loc = P.FOOTNOTE_LOCATOR.match(passage.locator)
        if loc is None:
            return None
        number = int(loc.group("number"))
        for info in reversed(self.infos[:index]):
            if info.passage.kind == "footnote":
                continue
            for run in P.SUPERSCRIPT_RUN.finditer(info.passage.text):
                if superscript_to_int(run.group(0)) == number:
                    before = [
                        m
                        for m in info.mentions
                        if m.instrument is not None and m.end <= run.start()
                    ]
                    return before[-1] if before else None
        return None

    def antecedent(self, index: int, ref: _ArticleRef) -> tuple[_Mention | None, str]:
        """What a bare article or "thereof" refers to, and where it was found."""
        info = self.infos[index]
        before = [m for m in info.mentions if m.instrument is not None and m.end <= ref.start]
        if before:
            return before[-1], "passage"
        if ref.how == "thereof":
            return None, "nothing named before 'thereof'"
        if info.passage.kind == "footnote":
            anchor = self.footnote_anchor(index)
            return (anchor, "footnote anchor") if anchor else (None, "no anchor for footnote")
        for prev in self.previous_same_section(index):
            named = [m for m in prev.mentions if m.instrument is not None]
            if named:
                return named[-1], "previous passage"
        for heading in reversed(info.passage.context):
            found = self.headings(heading)
            if found:
                return found[-1], "heading"
        return None, "no instrument named before it in the passage, section or headings"


def _citations_of(resolver: _Resolver, index: int, unresolved: list[Unresolved]) -> list[Citation]:
    info = resolver.infos[index]
    passage = info.passage
    text = passage.text
    out: list[Citation] = []

    def cite(
        start: int, end: int, inst: str, article: str | None, year: int | None, source: YearSource
    ) -> None:
        out.append(
            Citation(
                doc_id=resolver.doc_id,
                locator=passage.locator,
                instrument=inst,
                article=article,
                year=year,
                year_source=source if year is not None else "none",
                span=(start, end),
                matched=text[start:end],
            )
        )

    for mention in info.mentions:
        if mention.is_anaphor or mention.embedded or mention.instrument is None:
            continue
        if resolver.table.instruments[mention.instrument].jurisdiction != options.HOME:
            continue
        cite(
            mention.start, mention.end, mention.instrument, None, mention.year, mention.year_source
        )
    for ref in info.articles:
        target: _Mention | None
        source: YearSource
        if ref.how == "unknown":
            unresolved.append(
                Unresolved(
                    resolver.doc_id,
                    passage.locator,
                    (ref.start, ref.end),
                    text[ref.start : ref.end],
                    "names an unknown instrument",
                )
            )
            continue
        if ref.how in ("named", "anaphor"):
            target, why = ref.mention, "anaphor without antecedent"
        else:
            target, why = resolver.antecedent(index, ref)
        if target is None or target.instrument is None:
            unresolved.append(
                Unresolved(
                    resolver.doc_id,
                    passage.locator,
                    (ref.start, ref.end),
                    text[ref.start : ref.end],
                    why,
                )
            )
            continue
        year, source = target.year, "context"
        if ref.how == "named" and target.stated_year is not None:
            year, source = target.stated_year, "stated"
        for n, (offset, article) in enumerate(ref.items):
            start = ref.start if n == 0 else offset
            cite(start, ref.end, target.instrument, article, year, source)
    return out


def _analyse(
    doc_id: str, passages: Sequence[Passage], path: Path | None = None
) -> tuple[list[Citation], list[Unresolved]]:
    table = load_table(path)
    infos = [_scan_passage(table, p) for p in passages]
    resolver = _Resolver(table=table, doc_id=doc_id, infos=infos)
    order = [i for i, x in enumerate(infos) if x.passage.kind != "footnote"]
    order += [i for i, x in enumerate(infos) if x.passage.kind == "footnote"]
    for i in order:
        resolver.resolve_passage(i)
    unresolved: list[Unresolved] = []
    by_index: dict[int, list[Citation]] = {}
    for i in order:
        by_index[i] = sorted(_citations_of(resolver, i, unresolved), key=lambda c: c.span)
    return [c for i in range(len(infos)) for c in by_index[i]], unresolved


def find_citations(doc_id: str, passages: Sequence[Passage]) -> list[Citation]:
    """Every citation of a document, in reading order (passage order, then position)."""
    return _analyse(doc_id, passages)[0]


def find_unresolved(doc_id: str, passages: Sequence[Passage]) -> list[Unresolved]:
    """Article references whose instrument could not be found (not cited; for review)."""
    return _analyse(doc_id, passages)[1]


def summarise(citations: Iterable[Citation], documents: Sequence[str] = ()) -> list[dict[str, Any]]:
    """One row per document: how many citations, distinct provisions (instrument, article, year;
    a whole-instrument citation counts as the provision "whole instrument" of its year) and
    distinct instruments. Rows for `documents` first, in that order (with zeros where a document
    has no citation of its own), then any other document in first-seen order."""
    counts: dict[str, int] = defaultdict(int)
    provisions: dict[str, set[tuple[str, str | None, int | None]]] = defaultdict(set)
    instruments: dict[str, set[str]] = defaultdict(set)
    for c in citations:
        counts[c.doc_id] += 1
        provisions[c.doc_id].add((c.instrument, c.article, c.year))
        instruments[c.doc_id].add(c.instrument)
    return [
        {
            "document": doc,
            "citations": counts[doc],
            "provisions": len(provisions[doc]),
            "instruments": len(instruments[doc]),
        }
        for doc in dict.fromkeys([*documents, *counts])
    ]
