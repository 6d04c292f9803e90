"""The council's action plan (handlingsplan): a table per priority area with each measure's status at the
plan's date, in every målform of the member municipalities; with a saksframlegg and a package when the plan
goes to the council for adoption (`saksframlegg:` in handlingsplan/<år>.yaml)."""

from __future__ import annotations


def sample_plan(s):
    """A synthetic plan whose first measure is reported on in the synthetic meeting, the second never."""
    from politidok.load.models import Handlingsplan

    plan = s.synthetic(Handlingsplan)  # its measures' id and the reports' id are the same placeholder
    unreported = plan.tiltak[0].model_copy(update={"id": "T-2025-99"})
    return plan.model_copy(update={"tiltak": [plan.tiltak[0], unreported]})
