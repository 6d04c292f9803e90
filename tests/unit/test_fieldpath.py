"""Field paths (core.fieldpath): what a document shows of an input, and what changed there."""

from __future__ import annotations

import copy

import pytest

from politidok.core import fieldpath as fp

DATA = {
    "politirad": {"navn": "Politirådet i Hallingdal", "sekretar": "SLT-koordinator"},
    "medlemmer": [
        {"tittel": "Ordfører", "kommune": "alle"},
        {"tittel": "Kommunalsjef", "kommune": "Ål"},
        {"tittel": "Politikontakt", "organisasjon": "Politiet"},
        {"tittel": "Leiar", "kommune": "Gol"},
    ],
    "tiltak": [
        {"id": "T-2025-01", "vedtatt": {"mote": "2025-02-10-gol", "sak": "2/25"}},
        {"id": "T-2025-02"},
    ],
    "referat": {"referent": "SLT-koordinator"},
}


def test_values_of_each_kind_of_path():
    assert fp.value(DATA, "politirad.navn") == "Politirådet i Hallingdal"
    assert fp.value(DATA, "medlemmer[3].tittel") == "Politikontakt"  # counted from 1, as messages count
    assert fp.value(DATA, "medlemmer[*].tittel") == ["Ordfører", "Kommunalsjef", "Politikontakt", "Leiar"]
    assert fp.value(DATA, "medlemmer[kommune=Gol|alle|]") == [DATA["medlemmer"][i] for i in (0, 2, 3)]
    assert fp.value(DATA, "tiltak[vedtatt.mote=2025-02-10-gol]") == [DATA["tiltak"][0]]
    assert fp.value(DATA, "referat?") is True and fp.value({}, "referat?") is False
    assert fp.value(DATA, "politirad.malform") is None and fp.value(DATA, "") == DATA
    assert [loc for loc, _v in fp.select(DATA, "medlemmer[kommune=Gol]")] == [("medlemmer", 3)]


@pytest.mark.parametrize("bad", ["medlemmer[0]", "a[]", "a[x]", "a?.b", "a[=x]", "a..b"])
def test_malformed_paths_are_refused(bad):
    with pytest.raises(ValueError):
        fp.parse(bad)


def test_digest_changes_only_with_the_value_picked():
    other = copy.deepcopy(DATA)
    other["medlemmer"].insert(2, {"tittel": "Rektor", "kommune": "Hol"})  # another municipality's member
    other["arkiv"] = {"saksnummer": "2024/1873"}
    assert fp.digest(other, "medlemmer[kommune=Gol|alle|]") == fp.digest(DATA, "medlemmer[kommune=Gol|alle|]")
    assert fp.digest(other, "politirad") == fp.digest(DATA, "politirad")
    assert fp.digest(other, "medlemmer[*].tittel") != fp.digest(DATA, "medlemmer[*].tittel")


def test_changes_are_placed_in_the_new_file_and_kept_within_the_path():
    new = copy.deepcopy(DATA)
    new["medlemmer"].insert(1, {"tittel": "Rektor", "kommune": "Hol"})
    new["medlemmer"][4]["tittel"] = "Leiar for ungdomsrådet"
    new["referat"]["referent"] = "Kommunedirektør"
    assert fp.changes(DATA, new, ["medlemmer[kommune=Gol|alle|]"]) == [
        fp.Change(("medlemmer", 4, "tittel"), "Leiar", "Leiar for ungdomsrådet", ("medlemmer", 3, "tittel"))
    ]
    found = fp.changes(DATA, new, ["medlemmer[*].tittel", "referat?"])
    assert [(c.field, c.old, c.new) for c in found] == [
        ("medlemmer[2]", fp.MISSING, {"tittel": "Rektor", "kommune": "Hol"}),
        ("medlemmer[5].tittel", "Leiar", "Leiar for ungdomsrådet"),
    ]  # `referat?` only asks whether the minutes are written
    gone = copy.deepcopy(DATA)
    del gone["medlemmer"][1]
    [removed] = fp.changes(DATA, gone, [""])
    assert removed.old == DATA["medlemmer"][1] and removed.new is fp.MISSING and removed.old_loc == ("medlemmer", 1)
    del gone["referat"]
    assert [c.field for c in fp.changes(DATA, gone, ["referat?"])] == ["referat"]


def test_show_counts_from_one():
    assert fp.show(("saker", 2, "vedlegg", 0, "fil")) == "saker[3].vedlegg[1].fil"
