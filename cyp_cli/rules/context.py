"""What a rule sees: the plan, the nation's data, the regime that applies and the date
lint judges by. Coverage is computed once, on first use, and shared."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from ..coverage import Result, evaluate
from ..model.plan import Plan
from ..regimes import Nation, Regime
from ..translations import TwinState, twin_states


class Context:
    """What every rule reads: the plan, its nation and regime, and what more than one
    rule asks of them, worked out once."""

    def __init__(self, plan: Plan, nation: Nation, regime: Regime, in_force: bool,
                 as_of: dt.date) -> None:
        self.plan, self.nation, self.regime = plan, nation, regime
        self.in_force, self.as_of = in_force, as_of

    @cached_property
    def coverage(self) -> list[Result]:
        return evaluate(self.plan, self.nation)

    @cached_property
    def twins(self) -> list[TwinState]:
        return twin_states(self.plan)

    @cached_property
    def requirement_ids(self) -> set[str]:
        return set(self.nation.known_ids) or {r.id for r in self.nation.requirements}
