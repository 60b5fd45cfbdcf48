"""Synthetic Welsh plans for benchmarks: N sections with realistic front matter
(core aims, tiers, partners, covers, principles, targets with baselines and actuals,
actions with owners and dates) and ~300-word bodies with headings, lists, a table and
links to other sections' headings. Valid by construction, so they lint with few
findings; the same ``seed`` gives the same plan byte for byte.

    python bench/synth.py 2000 /tmp/plan-2000
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

PARTNERS = [
    ("council", "Test County Council", True, "local-authority"),
    ("health-board", "Test University Health Board", True, "health-board"),
    ("police", "Test Police", True, "police"),
    ("probation", "Test Probation Service", True, "probation"),
    ("youth-service", "Test Youth Service", False, "youth-service"),
    ("third-sector", "Test Voluntary Action", False, "third-sector"),
    ("college", "Coleg Test", False, "education"),
]
CONSULTEES = ["children-and-young-people", "parents-and-carers", "lscb", "partners",
              "third-sector", "communities-first", "local-service-board", "community",
              # everyone Regulation 7 of the 2007 Regulations names
              "relevant-partners", "welsh-ministers", "maintained-schools", "fe-colleges",
              "diocesan-authorities", "childrens-commissioner", "welsh-language-board",
              "local-planning-authority", "national-park-authority", "partnership-subgroups",
              "eydcp", "sacre", "community-safety-partnership",
              "community-strategy-partnership", "hscwb-partnership"]
PRINCIPLES = ["sustainability", "outcomes-focus", "partnerships-and-plans", "accountability",
              "tiered-approach", "integration-and-joint-commissioning",
              "workforce-development", "equality-and-welsh-language", "evaluation"]
GROUPS = ["looked-after", "disabled", "sen", "young-carers", "care-leavers",
          "young-offenders", "welsh-speakers"]
UNCRC = [3, 6, 12, 13, 15, 19, 23, 24, 27, 28, 29, 31]
# Requirement ids met by ``covers`` (the rest are met by tags or plan.yaml).
COVERS = ["wales.priorities.statement", "wales.needs-analysis", "wales.regard-to-guidance",
          "wales.resources.targeting", "wales.annex-a.indicators", "wales.review.annual",
          "wales.communities-first", "wales.hscwb.alignment", "wales.plans.cross-reference",
          "wales.substance-misuse", "wales.our-healthy-future", "wales.lscb.representation",
          "wales.uncrc.framework", "wales.membership.wider", "wales.welsh-language.duties",
          "wales.child-poverty.objective.workless-households",
          "wales.child-poverty.objective.skills",
          "wales.child-poverty.objective.inequalities", "wales.equality.duties",
          "wales.s26.1b.a", "wales.annex-a.annual-review", "wales.partners.ownership",
          "wales.plan.strategic", "wales.service-profiling",
          "wales.third-sector.commissioning"]
HEADINGS = ["Where we are now", "What we will achieve", "How we will do it"]
ANCHORS = ["where-we-are-now", "what-we-will-achieve", "how-we-will-do-it"]
VOCABULARY = """
children young people families schools services partners health education support
community local outcomes priority priorities data evidence improve improvement
reduce increase early intervention safeguarding wellbeing well-being play leisure
learning training employment poverty housing transport rural Welsh language carers
parents youth workers teachers nurses plan planning delivery review annual progress
target targets baseline measure measures indicator partnership board joint
commissioning resources funding budget staff workforce quality access equal equality
rights voice participation listen respect culture sport activities safe home
neighbourhood
"""
WORDS = VOCABULARY.split()


def plan_yaml() -> str:
    lines = [
        "nation: wales",
        "title: Synthetic Children and Young People's Plan 2011-14",
        "authority: Test County Council",
        "partnership: Test Children and Young People's Partnership",
        "period:",
        "  start: 2011-04-01",
        "  end: 2014-03-31",
        "published: 2011-03-28",
        "languages: [en]",
        "partners:",
    ]
    for pid, name, statutory, kind in PARTNERS:
        lines += [f"  - id: {pid}", f"    name: {name}",
                  f"    statutory: {str(statutory).lower()}", f"    type: {kind}"]
    lines.append("consultation:")
    for i, who in enumerate(CONSULTEES):
        lines += [f"  - consultee: {who}",
                  f"    when: 2010-{10 + i % 3:02d}-{1 + i % 28:02d}",
                  "    how: Workshops, surveys and a review of the draft plan.",
                  "    response: Their views shaped the priorities and the actions."]
    return "\n".join(lines) + "\n"


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out, count = [], 0
    while count < words:
        n = rng.randint(8, 18)
        out.append(_sentence(rng, n))
        count += n
    return " ".join(out)


def section(i: int, n: int, rng: random.Random) -> tuple[str, str]:
    """(file name, text) of section ``i`` of ``n``."""
    aim = i % 7 + 1
    name = f"{i:05d}-core-aim-{aim}-section-{i}.md"
    partner = PARTNERS[i % len(PARTNERS)][0]
    fm = [
        "---",
        f'title: "Core aim {aim}: priority {i}"',
        f"order: {i}",
        f"core_aim: {aim}",
        f"tier: [{1 + i % 2}, {3 + i % 2}]",
        f"responsible_partner: {partner}",
        # The first section covers every requirement, so a plan of any size is clean.
        f"covers: [{', '.join(COVERS)}]" if i == 0 else
        f"covers: [{COVERS[i % len(COVERS)]}]" if aim != 7 else
        f"covers: [wales.child-poverty.strategy, {COVERS[i % len(COVERS)]}]",
        f"principles: [{PRINCIPLES[i % len(PRINCIPLES)]}]",
        f"groups: [{GROUPS[i % len(GROUPS)]}]",
        f"uncrc: [{UNCRC[i % len(UNCRC)]}, {UNCRC[(i + 5) % len(UNCRC)]}]",
    ]
    if aim == 7:
        fm.append("broad_aims: [a, b, c, d, e, f, g, h, i, j, k, l, m]")
    fm.append("targets:")
    for j in range(2):
        base = round(rng.uniform(20, 80), 1)
        up = j == 0
        goal = round(base + (5 if up else -5), 1)
        fm += [
            f"  - id: s{i}-t{j}",
            f'    indicator: "Share of children reached by priority {i}, measure {j}"',
            '    unit: "%"',
            f"    direction: {'increase' if up else 'decrease'}",
            f'    baseline: {{value: {base}, period: "2009-10"}}',
            f'    target: {{value: {goal}, period: "2013-14"}}',
            "    actuals:",
            f'      - {{period: "2010-11", value: {round(base + (1 if up else -1), 1)}}}',
            '    source: "Local monitoring returns"',
        ]
    fm.append("actions:")
    for j in range(2):
        fm += [
            f"  - id: s{i}-a{j}",
            f'    action: "{_sentence(rng, 10)[:-1]}"',
            f"    partner: {PARTNERS[(i + j) % len(PARTNERS)][0]}",
            f"    due: 201{2 + j}-03-31",
            f"    status: {['planned', 'in-progress'][j]}",
            f'    resources: "£{10 + i % 90}k from the {partner} budget"',
        ]
    fm.append("---")
    other = (i + 1) % n if n > 1 else i
    other_name = f"{other:05d}-core-aim-{other % 7 + 1}-section-{other}.md"
    body = [
        f"## {HEADINGS[0]}", "", _paragraph(rng, 90), "",
        f"## {HEADINGS[1]}", "",
        _paragraph(rng, 50) + f" See [the next priority]({other_name}#{ANCHORS[i % 3]}).",
        "",
        *[f"- {_sentence(rng, 8)}" for _ in range(3)], "",
        f"## {HEADINGS[2]}", "", _paragraph(rng, 80), "",
        "| Measure | Baseline | Target |", "|---|---|---|",
        "| Measure 0 | 2009-10 | 2013-14 |", "",
        f"Our [targets](#{ANCHORS[1]}) are reviewed each year.", "",
    ]
    return name, "\n".join(fm) + "\n" + "\n".join(body)


def write_plan(root: Path | str, n: int, seed: int = 2011) -> Path:
    """Write a synthetic plan of ``n`` sections into ``root`` (created)."""
    root = Path(root)
    (root / "sections").mkdir(parents=True, exist_ok=True)
    (root / "plan.yaml").write_text(plan_yaml(), encoding="utf-8")
    rng = random.Random(seed)
    for i in range(n):
        name, text = section(i, n, rng)
        (root / "sections" / name).write_text(text, encoding="utf-8")
    return root


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/synth.py N DIR")
    print(write_plan(sys.argv[2], int(sys.argv[1])))
