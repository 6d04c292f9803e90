"""What a corrected invitation tells its recipients has changed since the one they were sent.

Compares the invitation's values as sent with the values now (both from meetings.invitation_context)
and words each difference in the invitation's målform. Only what the invitation shows now is named:
never an old value (an item closed since may have had a title that must not travel).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from politidok.core.words import word


def invitation_changes(old: Mapping[str, Any], new: Mapping[str, Any], malform: str) -> list[str]:
    """Lines such as «Ny tid: tysdag 11. mars 2025 kl. 10.00–12.00» or «Sak 3/25 har ny tittel: …»."""
    out: list[str] = []
    was, now = old.get("mote", {}), new.get("mote", {})

    def say(text: str, *values: str) -> None:
        out.append(word(text, malform).format(*values))

    if (was.get("dato"), was.get("tid")) != (now.get("dato"), now.get("tid")):
        say("Ny tid: {}", " ".join(x for x in (now.get("dato"), now.get("tid")) if x))
    if was.get("sted") != now.get("sted"):
        say("Nytt sted: {}", now.get("sted") or "–")
    if was.get("svarfrist") != now.get("svarfrist"):
        say("Ny svarfrist: {}", now.get("svarfrist") or "–")
    if was.get("praktisk") != now.get("praktisk"):
        say("Den praktiske informasjonen er endret.")
    before, after = list(old.get("mottakere", [])), list(new.get("mottakere", []))
    for name in after:
        if name not in before:
            say("Ny mottaker: {}", name)
    for name in before:
        if name not in after:
            say("Ikke lenger mottaker: {}", name)
    items = {s["nummer"]: s for s in old.get("saker", [])}
    for sak in new.get("saker", []):
        nummer, earlier = sak["nummer"], items.pop(sak["nummer"], None)
        if earlier is None:
            say("Ny sak {}: {}", nummer, sak["tittel"])
            continue
        if earlier["tittel"] != sak["tittel"]:
            say("Sak {} har ny tittel: {}", nummer, sak["tittel"])
        if earlier["innleder"] != sak["innleder"]:
            if sak["innleder"]:
                say("Sak {} har ny innleder: {}", nummer, sak["innleder"])
            else:
                say("Sak {} har ikke lenger innleder.", nummer)
        if earlier["vedlegg"] != sak["vedlegg"]:
            say("Vedleggene til sak {} er endret.", nummer)
    for nummer in items:
        say("Sak {} er tatt ut av sakslisten.", nummer)
    if not out and dict(old) != dict(new):
        say("Innkallingen er rettet.")
    return out
