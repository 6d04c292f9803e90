"""politidok status: the secretary's screen, from the library's decisions (no build here: the documents
that went out are recorded with placeholder files, see support.Recorded)."""

from __future__ import annotations

from datetime import date

from support import Recorded, edit

from politidok.build.status import region_status
from politidok.cli import text as clitext
from politidok.core.paths import Paths

AL = "referat-2025-03-11-al"


def test_status_shows_what_went_out_what_stops_and_what_next_year_takes(region_copy):
    region = Recorded(region_copy)
    region.record(AL, "referat-offentlig-2025-03-11-al", "samarbeidsavtale")
    edit(region.folder / "moter" / "2025-03-11-al.yaml", "sluttar seg til rutinane", "sluttar seg heilt til rutinane")
    paths = Paths(region_copy / "agreements", region_copy / "templates", region_copy / "out")
    status = region_status("hallingdal", paths, today=date(2026, 1, 15))
    rows = {r.dokument: r for r in status.rows}
    assert rows[AL].bygget == "stoppet" and rows[AL].arkivert == date(2025, 12, 20)
    assert rows[AL].endret == ("moter/2025-03-11-al.yaml (saker[2].vedtak.nn)",)
    assert rows["samarbeidsavtale"].bygget == "mangler"  # archived, but not in output/
    assert rows["innkalling-2025-02-10-gol"].bygget == "ikke bygget"
    [blocked] = status.blocked
    assert blocked.field == "saker[2].vedtak.nn" and blocked.message.endswith(f"--ny-versjon {AL}")
    assert [m.id for m in status.next_year.carried] == ["T-2025-03", "T-2025-08", "T-2025-10"]
    lines = clitext.status_lines(status)
    assert max(len(line) for line in lines) <= 100
    assert any(line.startswith(AL) and "stoppet" in line and "2025-12-20" in line for line in lines)
    text = "\n".join(lines)
    assert "Stopper neste bygging" in text and "saker[2].vedtak.nn" in text
    assert "fører videre til 2026 (vedtatt, ikke gjennomført): T-2025-03 (frist passert)" in text
