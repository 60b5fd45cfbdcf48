"""F: front matter, plan.yaml and the contract.

F000-F007 are found while reading files (``model/load.py``, ``model/spec.py``); the
rest check values against the nation's vocabularies and the plan's own ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, Level, allowed, did_you_mean
from ..model.plan import TAG_FIELDS
from . import declare, rule
from .context import Context

E, W = Level.ERROR, Level.WARNING


declare(
    "F000", E, "Not a plan, or nation data unreadable",
    """The path given is not inside a plan folder (no ``plan.yaml`` here or above), or
    the nation's data in ``templates/`` cannot be read. Lint exits 2.

    Fix: run lint inside a plan, or create one with ``cyp init DIR``.
    """,
)


declare(
    "F001", E, "YAML syntax error",
    """The front matter or plan.yaml is not valid YAML: an unterminated list or
    string, tabs used for indentation, or aliases that expand without limit.

    FAIL::

        covers: [wales.core-aim.1, wales.core-aim.2

    PASS::

        covers: [wales.core-aim.1, wales.core-aim.2]
    """,
)


declare(
    "F002", E, "Duplicate key",
    """A key is given twice in one mapping. YAML loaders silently keep the last one,
    so one of the two values is lost without anyone noticing.

    FAIL::

        tier: 2
        tier: 3

    PASS::

        tier: [2, 3]
    """,
)


declare(
    "F003", E, "Unknown key",
    """A key the plan contract does not know, usually a typo. Lint suggests the
    nearest known key. ``cyp schema`` prints every key the contract allows.

    FAIL::

        responsible_parter: council

    PASS::

        responsible_partner: council
    """,
)


declare(
    "F004", E, "Wrong type or value",
    """A value of the wrong type: a word where a number belongs, a date that is not
    an ISO date, a status outside the allowed list. (A word for a nation vocabulary,
    such as ``tier: two``, is F008, which lists the nation's values.)

    FAIL::

        order: first
        due: 31/03/2012

    PASS::

        order: 2
        due: 2012-03-31
    """,
)


declare(
    "F005", E, "Missing required key",
    """A key the contract requires is missing: a section's ``title``, a target's
    ``baseline``, an action's ``id``, plan.yaml's ``nation``. (An action's owner, date
    and status may be missing: A004 warns instead.)
    """,
)


declare(
    "F006", E, "No front matter",
    """A section must begin with YAML front matter between two ``---`` lines.

    PASS::

        ---
        title: Core aim 1 - a flying start
        core_aim: 1
        ---
        ## Where we are now
    """,
)


declare(
    "F007", E, "Unreadable file",
    """The file cannot be read as a section: invalid UTF-8 (save as UTF-8), NUL bytes,
    larger than 5 MB, a folder named like a section, or a symbolic link that points
    outside the plan folder (lint never follows links out of the plan).
    """,
)


# Tag fields whose values come from a nation vocabulary of the same name.
VOCAB_FIELDS = tuple(f for f in TAG_FIELDS if f not in ("responsible_partner", "covers", "id"))
ITEM_VOCAB_FIELDS = ("core_aim", "outcome")


@rule("F008", E, "Value not in the nation's vocabulary")
def unknown_vocabulary_value(ctx: Context) -> Iterator[Diagnostic]:
    """A core aim, outcome, tier, Broad Aim, principle, group or UNCRC article that the
    nation's vocabulary (``templates/<nation>/nation.yaml``) does not list, on a section
    or as a target's or action's own ``core_aim`` / ``outcome``. The message lists the
    allowed values and the nearest one, ignoring case.

    FAIL (Wales has core aims 1-7)::

        core_aim: 8

    PASS::

        core_aim: 7
    """
    for section in ctx.plan.all_sections():
        places: list[tuple[Any, str, list[Any]]] = [
            (section.meta, name, section.tag(name)) for name in VOCAB_FIELDS]
        # A target's or action's own theme (core_aim / outcome) is checked the same way.
        for item in (*section.meta.targets, *section.meta.actions):
            places += [(item, name, getattr(item, name)) for name in ITEM_VOCAB_FIELDS]
        for owner, name, values in places:
            vocab = ctx.nation.vocabularies.get(name)
            if vocab is None or not values:
                continue
            for i, value in enumerate(values):
                if value not in vocab.values:
                    yield Diagnostic.at(
                        owner.at(name, i), "F008", E,
                        f"'{name}' value {value!r} is not in the {ctx.nation.name} "
                        f"vocabulary" + allowed(value, vocab.values),
                    )


@rule("F009", E, "Duplicate section id")
def duplicate_section_id(ctx: Context) -> Iterator[Diagnostic]:
    """Two sections have the same ``id`` (by default, the file name without ``.md``).
    Review tracks sections by id, and links resolve to it, so ids must be unique.
    """
    seen: dict[str, str] = {}
    for section in ctx.plan.sections:
        if section.id in seen:
            yield Diagnostic.at(
                section.meta.at("id") if section.meta.id else section.meta.at(""),
                "F009", E, f"section id '{section.id}' is also used by {seen[section.id]}",
            )
        else:
            seen[section.id] = section.rel


@rule("F010", E, "Unknown partner")
def unknown_partner(ctx: Context) -> Iterator[Diagnostic]:
    """A section's ``responsible_partner`` or an action's ``partner`` is not the
    ``id`` of a partner in plan.yaml.

    FAIL (plan.yaml lists ``health-board``)::

        responsible_partner: health_board

    PASS::

        responsible_partner: health-board
    """
    partners = ctx.plan.partners
    for section in ctx.plan.sections:
        owner = section.meta.responsible_partner
        if owner and owner not in partners:
            yield Diagnostic.at(
                section.meta.at("responsible_partner"), "F010", E,
                f"responsible_partner '{owner}' is not a partner in plan.yaml"
                + allowed(owner, partners),
            )
        for action in section.meta.actions:
            if action.partner and action.partner not in partners:
                yield Diagnostic.at(
                    action.at("partner"), "F010", E,
                    f"action '{action.id}': partner '{action.partner}' is not a partner "
                    "in plan.yaml" + allowed(action.partner, partners),
                )


@rule("F011", E, "Unknown requirement id")
def unknown_requirement(ctx: Context) -> Iterator[Diagnostic]:
    """A section ``covers`` an id that is not in the nation's checklist. ``cyp lint
    --coverage`` and ``cyp rules`` list the ids.
    """
    known = ctx.requirement_ids
    for section in ctx.plan.sections:
        for i, req_id in enumerate(section.meta.covers):
            if req_id not in known:
                yield Diagnostic.at(
                    section.meta.at("covers", i), "F011", E,
                    f"'{req_id}' is not a requirement of {ctx.nation.name}"
                    + did_you_mean(req_id, known),
                )


@rule("F012", E, "Duplicate target or action id")
def duplicate_item_id(ctx: Context) -> Iterator[Diagnostic]:
    """Target ids and action ids must be unique across the plan: review matches
    targets between versions by id, and the registers link to them.
    """
    for kind, items in (("target", ctx.plan.targets), ("action", ctx.plan.actions)):
        seen: dict[str, str] = {}
        for item in items:
            if not item.id:
                continue
            if item.id in seen:
                yield Diagnostic.at(
                    item.at("id"), "F012", E,
                    f"{kind} id '{item.id}' is also used in section '{seen[item.id]}'",
                )
            else:
                seen[item.id] = item.section


@rule("F013", E, "Field not used in this nation")
def foreign_field(ctx: Context) -> Iterator[Diagnostic]:
    """A front-matter field that belongs to the other nation: ``outcome`` in a Welsh
    plan (Wales uses ``core_aim``), or ``core_aim``, ``broad_aims`` or ``principles``
    in an English plan.
    """
    for section in ctx.plan.all_sections():
        for name in VOCAB_FIELDS:
            if section.tag(name) and name not in ctx.nation.vocabularies:
                hint = ""
                if name in ("core_aim", "outcome"):
                    hint = f"; {ctx.nation.name} uses '{ctx.nation.theme_field}'"
                yield Diagnostic.at(
                    section.meta.key_at(name), "F013", E,
                    f"'{name}' is not used in {ctx.nation.name} plans{hint}",
                )
