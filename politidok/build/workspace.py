"""A secretary's working folder: `politidok init MAPPE` and `politidok maler`.

    MAPPE/
      politidok.yaml      marks the working folder; records the shipped templates' checksums
      README.md           what the folder is and the next steps, in Norwegian
      agreements/         a folder per council (politidok new-region)
      templates/nb|nn/    copies of the shipped templates: hers to edit in Word
      output/             the finished documents

politidok finds the working folder from the current folder (core.paths.find_working_folder). The
checksums in politidok.yaml are those of the templates as politidok shipped them when they were
copied, so that `politidok maler` can tell the templates she edited from those that politidok has
since shipped in a newer version, and `politidok maler oppdater` can replace only the unedited ones.
"""

from __future__ import annotations

import enum
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from politidok import __version__
from politidok.core import resources
from politidok.core.errors import InputError, Problem, ToolError
from politidok.core.paths import AGREEMENTS, MARKER, OUTPUT, TEMPLATES, find_working_folder

README = """\
# Politirådsdokumenter

Dette er en arbeidsmappe for politidok. politidok finner den fra denne mappen og alle mappene under
den, så du kan kjøre kommandoene herfra.

- `agreements/` har én mappe per politiråd med YAML-filene (avtale, møter, saker, handlingsplan).
- `templates/` er Word-malene. De er dine: endre dem i Word. `politidok maler` viser hvilke du har
  endret, og om politidok har fått nyere versjoner av dem.
- `output/` får de ferdige dokumentene (Word og PDF/A) og arkivfilene.

Slik kommer du i gang:

```sh
politidok ny-region hallingdal      # lager agreements/hallingdal/avtale.yaml til utfylling
politidok sjekk hallingdal          # kontrollerer det du har fylt ut
politidok bygg hallingdal           # lager dokumentene i output/hallingdal/
politidok maler                     # hvilke maler du har endret, og om det finnes nye
```

`politidok --hjelp` viser alle kommandoene, og `politidok KOMMANDO --hjelp` valgene til hver.
"""

HEADER = """\
# Arbeidsmappe for politidok (laget med «politidok init»). politidok finner mappen fra
# denne mappen og alle mappene under den.
# «maler» er sjekksummen (SHA-256) til hver mal slik politidok leverte den, så «politidok maler»
# kan si hvilke maler du har endret og hvilke som finnes i en nyere versjon. Ikke rediger for hånd.
"""


class TemplateState(enum.Enum):
    """How a working folder's template stands against the shipped one."""

    SHIPPED = "som levert"
    EDITED = "endret av deg"
    NEWER = "ny versjon fra politidok (din er ikke endret)"
    EDITED_AND_NEWER = "endret av deg, og politidok har en ny versjon"
    MISSING = "mangler"
    OWN = "din egen (ingen levert mal med dette navnet)"


@dataclass(frozen=True)
class Template:
    name: str  # relative to templates/: nb/referat.docx
    state: TemplateState


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def init(folder: Path) -> Path:
    """Make a working folder; refuses one that has files in it (or lies in another working folder)."""
    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError([Problem(str(folder), 1, "", "finnes og er ikke en mappe")])
    if folder.is_dir() and any(folder.iterdir()):
        raise InputError([Problem(str(folder), 1, "", "mappen finnes og er ikke tom: velg en ny eller tom mappe")])
    inside = find_working_folder(folder.parent if not folder.exists() else folder)
    if inside is not None:
        raise InputError(
            [Problem(str(folder), 1, "", f"ligger i arbeidsmappen {inside}: en arbeidsmappe kan ikke ligge i en annen")]
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in (AGREEMENTS, OUTPUT):
            (folder / name).mkdir()
        recorded = {}
        for name, source in resources.shipped_template_files().items():
            target = folder / TEMPLATES / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            recorded[name] = sha256(source)
        (folder / "README.md").write_text(README, encoding="utf-8")
        _write_marker(folder, recorded)
    except OSError as exc:
        raise ToolError(f"kunne ikke lage arbeidsmappen {folder}: {exc.strerror or exc}") from None
    return folder


def _write_marker(folder: Path, recorded: dict[str, str]) -> None:
    body = yaml.safe_dump({"politidok": __version__, "maler": dict(sorted(recorded.items()))}, sort_keys=False)
    tmp = folder / f".{MARKER}.tmp"
    tmp.write_text(HEADER + body, encoding="utf-8")
    tmp.replace(folder / MARKER)


def _recorded(folder: Path) -> dict[str, str]:
    marker = folder / MARKER
    try:
        data = yaml.safe_load(marker.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        raise InputError([Problem(str(marker), line, "", "kan ikke leses: lag mappen på nytt med «politidok init»")])
    maler = data.get("maler") if isinstance(data, dict) else None
    if maler is None:
        return {}
    if not isinstance(maler, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in maler.items()):
        raise InputError([Problem(str(marker), 1, "maler", "skal være «nb/mal.docx: sjekksum», én per linje")])
    return maler


def working_folder_or_fail(start: Path | None = None) -> Path:
    found = find_working_folder(start)
    if found is None:
        raise InputError(
            [
                Problem(
                    str(start or Path.cwd()),
                    1,
                    "",
                    f"er ikke i en arbeidsmappe (fant ingen {MARKER}); lag en med «politidok init MAPPE»",
                )
            ]
        )
    return found


def template_status(folder: Path) -> list[Template]:
    """Every shipped template and every template of the folder, with how it stands."""
    recorded = _recorded(folder)
    shipped = resources.shipped_template_files()
    own = folder / TEMPLATES
    names = sorted({*shipped, *(p.relative_to(own).as_posix() for p in own.glob("*/*.docx"))})
    out = []
    for name in names:
        mine = own / name
        if name not in shipped:
            out.append(Template(name, TemplateState.OWN))
            continue
        if not mine.is_file():
            out.append(Template(name, TemplateState.MISSING))
            continue
        now, theirs, copied = sha256(mine), sha256(shipped[name]), recorded.get(name)
        if now == theirs:
            state = TemplateState.SHIPPED
        elif copied is None or copied == theirs:
            state = TemplateState.EDITED  # not recorded: hers differs from what politidok ships now
        elif now == copied:
            state = TemplateState.NEWER
        else:
            state = TemplateState.EDITED_AND_NEWER
        out.append(Template(name, state))
    return out


@dataclass(frozen=True)
class Updated:
    copied: list[str]  # replaced by (or added from) the shipped version
    kept: list[str]  # edited by her and newer from politidok: left as they are
    saved: list[str]  # her edited versions, kept beside as .docx.bak when overwritten


def update_templates(folder: Path, names: list[str], overwrite: bool = False) -> Updated:
    """Copy the newer shipped templates over those she has not edited (and the missing ones).
    Her edited templates are left alone, unless `overwrite`: then hers is kept as NAME.docx.bak."""
    states = {t.name: t.state for t in template_status(folder)}
    unknown = [n for n in names if n not in states or states[n] is TemplateState.OWN]
    if unknown:
        known = ", ".join(n for n, s in states.items() if s is not TemplateState.OWN)
        raise InputError([Problem(n, 1, "", f"er ingen mal politidok leverer (malene: {known})") for n in unknown])
    recorded = _recorded(folder)
    shipped = resources.shipped_template_files()
    copied, kept, saved = [], [], []
    for name in names or sorted(states):
        state = states[name]
        target = folder / TEMPLATES / name
        if state in (TemplateState.NEWER, TemplateState.MISSING) or (
            overwrite and state in (TemplateState.EDITED, TemplateState.EDITED_AND_NEWER)
        ):
            if target.is_file() and state is not TemplateState.NEWER:
                backup = target.with_name(target.name + ".bak")
                shutil.copyfile(target, backup)
                saved.append(backup.relative_to(folder / TEMPLATES).as_posix())
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shipped[name], target)
            copied.append(name)
        elif state is TemplateState.EDITED_AND_NEWER:
            kept.append(name)
        if state is not TemplateState.OWN and (name in copied or state is TemplateState.SHIPPED):
            recorded[name] = sha256(shipped[name])
    if (folder / MARKER).is_file():
        _write_marker(folder, recorded)
    return Updated(copied, kept, saved)
