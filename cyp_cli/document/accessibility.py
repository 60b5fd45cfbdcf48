"""The accessibility statement (Public Sector Bodies (Websites and Mobile
Applications) (No. 2) Accessibility Regulations 2018), generated with the plan.

It says only what is true of this build: the standard the output is made to, the
checks cyp ran on the plan's text before it would build (less any the plan's
``lint: ignore`` switched off), that no manual or user test is part of producing it,
how to ask for another format (plan.yaml ``contact``), how to report a problem, and
the enforcement procedure. Published in the HTML edition by default; plan.yaml's
``publish: {accessibility: true}`` puts it in every format, ``false`` leaves it out
(see docs/council-pages.md).
"""

from __future__ import annotations

from .context import Context
from .front import contact_blocks
from .nodes import Block, BulletList, Heading, Para, Part, Plain, Text
from .strings import format_date

# Each claim of "what was checked", with the lint rules that check it: a claim is
# made only when none of its rules is ignored in plan.yaml.
CHECKS = {
    "images": ("M004", "L004", "L005"),
    "headings": ("M001", "M002"),
    "links": ("M003", "L001", "L002", "L003"),
    "translation": ("E001", "E002", "E004", "E005"),
    "abbreviations": ("M010",),
}


def _ignored(ctx: Context, code: str) -> bool:
    lint = ctx.plan.file.lint
    if lint is None:
        return False
    patterns = [*lint.ignore, *(c for codes in lint.per_file_ignores.values() for c in codes)]
    return any(code.startswith(p) for p in patterns if p)


def accessibility_part(ctx: Context) -> Part:
    f = ctx.plan.file
    authority = ctx.text(f, "authority", "the authority's name")
    checks = [name for name, codes in CHECKS.items()
              if not any(_ignored(ctx, c) for c in codes)
              and (name != "translation" or len(f.languages) > 1)]

    def heading(key: str, wanted: str) -> Heading:
        return Heading(2, ctx.ids.new(wanted), [Text(ctx.s(key))])

    blocks: list[Block] = [
        Para([Text(ctx.s("accessibility.intro", authority=authority))]),
        heading("accessibility.standard_title", "accessibility-standard"),
        Para([Text(ctx.s("accessibility.standard"))]),
        heading("accessibility.checked_title", "accessibility-checked"),
        Para([Text(ctx.s("accessibility.checked"))]),
        BulletList([[Plain([Text(ctx.s(f"accessibility.checks.{c}"))])] for c in checks]),
        Para([Text(ctx.s("accessibility.not_tested"))]),
        heading("accessibility.formats_title", "accessibility-formats"),
        *contact_blocks(ctx),
        heading("accessibility.problems_title", "accessibility-problems"),
        Para([Text(ctx.s("accessibility.problems"))]),
        *contact_blocks(ctx)[1:],
        heading("accessibility.enforcement_title", "accessibility-enforcement"),
        Para([Text(ctx.s("accessibility.enforcement"))]),
    ]
    if f.published:
        blocks.append(Para([Text(ctx.s("accessibility.prepared",
                                       date=format_date(f.published, ctx.strings)))]))
    heading1 = Heading(1, ctx.ids.new("accessibility"), [Text(ctx.s("accessibility.title"))])
    return Part(heading1, blocks)
