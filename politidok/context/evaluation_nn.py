"""The evaluation report and its saksframlegg in nynorsk: the report's målform, and nynorsk for the words
and sentences politidok writes into them (the rest of the wording is in templates/nn/). The bokmål text
stays in evaluation.py; every function here leaves bokmål as it is.
"""

from __future__ import annotations

from collections import Counter

from politidok.context.evaluation_meetings import missing_minutes
from politidok.core.tekst import liste, organ_bestemt, stor_forbokstav, tall
from politidok.core.words import word
from politidok.load.evalmodels import Evaluering
from politidok.load.models import Avtale, Sak

# nynorsk: a participle of a weak verb in -t takes -e in the plural («to er gjennomførte»)
STATUS_VERB_NN = {
    "gjennomført": ("er gjennomført", "er gjennomførte"),
    "pågår": ("pågår", "pågår"),
    "ikke startet": ("er ikkje starta", "er ikkje starta"),
    "utgått": ("er utgått", "er utgått"),
    "videreført": ("er vidareført", "er vidareførte"),
}


def tall_i(n: int, malform: str) -> str:
    """A count in running text in the målform: nynorsk «eitt» for one (neuter, as «tiltak» and «møte»)."""
    return "eitt" if malform == "nn" and n == 1 else tall(n, "n")


def statusliste_nn(total: Counter) -> str:
    """«seks er gjennomførte, to pågår og eitt er ikkje starta»: the statuses that occur, none that is zero."""
    return liste([f"{tall_i(total[s], 'nn')} {STATUS_VERB_NN[s][total[s] > 1]}" for s in STATUS_VERB_NN if total[s]])


def sak(avtale: Avtale, evaluering: Evaluering, f) -> Sak:
    """evaluation.sak() in nynorsk (`f`: evaluation.Facts)."""
    sf = evaluering.saksframlegg
    assert sf is not None  # called only for an evaluation with a saksframlegg
    total = f.total
    held, planned = sum(m.holdt for m in f.meetings), sum(m.planlagt for m in f.meetings)
    missing = missing_minutes(f.meetings, "nn")
    n = lambda k: tall_i(k, "nn")
    held_text = (
        f"I {f.year} vart det halde {n(held)} av {n(planned)} planlagde politirådsmøte"
        if planned
        else f"I {f.year} vart det halde {n(held)} politirådsmøte (politirådet møtest ved behov)"
    )
    overdue = len(f.overdue)
    count = sum(total.values())
    facts_text = (
        held_text
        + (f"; det manglar referat frå {', '.join(missing)}" if missing else "")
        + f". {'Møtet' if held == 1 else 'Møta'} vedtok {n(count)} tiltak"
        + (f": {statusliste_nn(total)}. " if count else ". ")
        + (
            f"{stor_forbokstav(n(overdue))} tiltak har passert fristen utan å vere gjennomført"
            f"{'e' if overdue > 1 else ''}."
            if overdue
            else "Ingen tiltak har passert fristen utan å vere gjennomført."
        )
    )
    return Sak.model_validate(
        {
            "tittel": f"Årleg evaluering av politirådsarbeidet {f.year} – {avtale.politirad.navn}",
            "organ": sf.organ,
            "dato": sf.dato,
            "saksnummer": sf.saksnummer,
            "saksbehandler": sf.saksbehandler,
            "malform": "nn",
            "ingress": (
                f"Evalueringsrapporten for {f.year} blir lagd fram for {organ_bestemt(sf.organ)}. Samarbeidsavtalen skal "
                + (
                    f"evaluerast årleg i samband med {avtale.gyldighet.evaluering} som eiga sak."
                    if avtale.gyldighet.evaluering
                    else "evaluerast årleg."
                )
            ),
            "saksopplysninger": [
                {"avsnitt": facts_text},
                {
                    "sitat": "Ved slutten av året bør politirådet få ein evalueringsrapport og vurdere effekten av "
                    "tiltaka som er sette i verk, opp mot dei utfordringane ein venta. Eventuelle læringspunkt blir "
                    "førte vidare til arbeidet neste år.",
                    "kilde": f"Samarbeidsavtalen, {avtale.politirad.navn}",
                },
                {"avsnitt": evaluering.utfordringer},
            ],
            "vurdering": evaluering.egenevaluering,
            "tilradning_overskrift": word(sf.tilradning_overskrift, "nn"),
            "tilradning": sf.tilradning,
            "saksgang": [g.model_dump() for g in sf.saksgang],
        }
    )
