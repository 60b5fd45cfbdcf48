"""``cyp review``: the annual review from two versions of a plan.

``gitio.read_revision`` (or ``load_plan`` for a folder) gives the two plans;
:func:`compare` turns them into a :class:`~cyp_cli.review.model.Review`;
``document/`` and ``render/`` turn that into the report. This package renders only
two small things the report needs as strings: turn-the-curve SVG charts
(``charts.py``).
"""

from __future__ import annotations

from .compare import compare
from .model import Review
from .status import Assessment, Status, assess

__all__ = ["Assessment", "Review", "Status", "assess", "compare"]
