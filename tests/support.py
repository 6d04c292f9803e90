"""Helpers that unit and integration tests share (beside conftest's fixtures)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
from collections import Counter
from pathlib import Path

import yaml

from politidok import documents
from politidok.build import ledger, outgoing, provenance
from politidok.load import load_region
from politidok.server.daemon import Reply
from politidok.server.protocol import Request

_ROOT = Path(__file__).resolve().parents[1]

STATUSES = ["gjennomført", "pågår", "ikke startet", "utgått"]


def _bokmal(text):
    """A text as a bokmål report shows it: a text written in both målformer ({nb: …, nn: …}) in bokmål."""
    return text.get("nb", text.get("nn")) if isinstance(text, dict) else text


def independent_figures(region: Path, year: int) -> dict:
    """The report's figures, from the raw YAML (no politidok code): the action plan's measures, each with
    the status last reported at a held meeting of the year (open items only); never reported = ikke startet."""
    avtale = yaml.safe_load((region / "avtale.yaml").read_text(encoding="utf-8"))
    evaluering = yaml.safe_load((region / "evaluering" / f"{year}.yaml").read_text(encoding="utf-8"))
    plan = yaml.safe_load((region / "handlingsplan" / f"{year}.yaml").read_text(encoding="utf-8"))
    report_date = evaluering.get("dato") or dt.date(year, 12, 31)
    per_area: dict[str, Counter] = {o["id"]: Counter() for o in avtale["satsingsomrader"]["omrader"]}
    overdue, held, actions, status, history = [], Counter(), [], {}, {}
    meetings = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((region / "moter").glob("*.yaml"))]
    # called (a meeting file of the year) by the report's date, but no minutes
    called = sum(1 for m in meetings if m["dato"].year == year and "referat" not in m and m["dato"] <= report_date)
    for mote in sorted(meetings, key=lambda m: m["dato"]):
        if mote["dato"].year != year or "referat" not in mote:
            continue
        held[mote.get("kommune", "felles")] += 1
        for sak in mote["saker"]:
            if sak.get("unntatt_offentlighet"):
                continue
            assert not sak.get("tiltak"), "the example keeps its open measures in the plan"
            for r in sak.get("rapportert", []):
                status[r["tiltak"]] = r["status"]
                history.setdefault(r["tiltak"], []).append((mote["dato"], r["status"]))
    for t in plan["tiltak"]:
        t = dict(t, status=status.get(t["id"], "ikke startet"), navn=f"{t['id']} {_bokmal(t['tiltak'])}")
        per_area.setdefault(t["satsingsomrade"], Counter())[t["status"]] += 1
        actions.append(t)
        if t.get("frist") and t["frist"] < report_date and t["status"] in ("pågår", "ikke startet"):
            overdue.append(t["navn"])
    total = sum(per_area.values(), Counter())
    planned = avtale["moter"]["per_kommune"] * len(avtale["kommuner"]) + avtale["moter"]["felles"]
    return {
        "per_area": per_area,
        "total": total,
        "overdue": overdue,
        "held": held,
        "planned": planned,
        "called": called,
        "actions": actions,
        "history": history,
        "titles": {o["id"]: _bokmal(o["tittel"]) for o in avtale["satsingsomrader"]["omrader"]},
    }


def ours(cache: dict) -> list[str]:
    """The processes (LibreOffice, its bridge, Java) that run with this test's cache folder."""
    found = []
    for process in os.scandir("/proc"):
        if process.name.isdigit():
            try:
                args = Path(f"/proc/{process.name}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if cache["XDG_CACHE_HOME"] in args:
                found.append(f"{process.name} {args[:120]}")
    return found


def wait_until_gone(cache: dict, limit: float = 45) -> list[str]:
    deadline = time.monotonic() + limit
    while (left := ours(cache)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


TODAY = dt.date(2026, 1, 15)  # the day a test's builds take as today
ARCHIVED = dt.date(2025, 12, 20)


class Recorded:
    """A copy of Hallingdal whose documents can be recorded as gone out (without being built)."""

    def __init__(self, copy: Path) -> None:
        self.copy = copy
        self.folder = copy / "agreements" / "hallingdal"
        self.templates = copy / "templates"

    def load(self):
        return load_region(self.folder, attachable=documents.attachable())

    def assess(self, *versions: str, today: dt.date = TODAY):
        region = self.load()
        return outgoing.assess(
            region, documents.plan(region, self.templates), versions, "hallingdal", self.templates, today
        )

    def problems(self, *versions: str) -> list:
        return self.assess(*versions)[2]

    def record(self, *stems: str, arkivert: dt.date | None = ARCHIVED, sendt: dt.date | None = None) -> None:
        region = self.load()
        todo, g, problems = self.assess()
        assert not problems, problems
        values = provenance.all_values(todo)
        items = todo.by_stem()
        for stem in stems:
            g.ledger[stem] = ledger.Archived(
                stem,
                {f"{stem}.pdf": "0" * 64},
                values[stem],
                provenance.record_inputs(region, items[stem], todo),
                arkivert=arkivert,
                sendt=sendt,
            )
        for entry in g.ledger.values():
            ledger.keep_copies(region.layout, entry.kilder.values())
        ledger.write(self.folder, g.ledger)


# --- signing: a throw-away certificate, and the ways a signed PDF is tampered with ---------------


def make_certificate(folder: Path, name: str = "Ordfører i Hol (test)") -> tuple[Path, Path]:
    """A throwaway self-signed signing certificate: (PKCS#12 with passphrase 'hemmelig', PEM)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.COUNTRY_NAME, "NO")])
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    p12 = folder / "test.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"test", key, cert, None, serialization.BestAvailableEncryption(b"hemmelig")
        )
    )
    pem = folder / "test.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, pem


def _incremental(signed: Path, out: Path, edit) -> Path:
    """`signed` with one more revision, written by pyHanko as an incremental update that `edit(writer)` makes."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with signed.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle)
        edit(writer)
        buffer = io.BytesIO()
        writer.write(buffer)
    out.write_bytes(buffer.getvalue())
    assert out.read_bytes().startswith(signed.read_bytes())  # an incremental update, as an attacker would
    return out


def remove_last_page(signed: Path, out: Path) -> Path:
    from pyhanko.pdf_utils import generic

    def edit(writer) -> None:
        pages = writer.root["/Pages"]
        pages["/Kids"].pop()
        pages["/Count"] = generic.NumberObject(int(pages["/Count"]) - 1)
        writer.update_container(pages)

    return _incremental(signed, out, edit)


def change_title(signed: Path, out: Path, title: str = "Endret tittel") -> Path:
    from pyhanko.pdf_utils import generic

    def edit(writer) -> None:
        info = writer.trailer["/Info"]
        info["/Title"] = generic.TextStringObject(title)
        writer.update_container(info)

    return _incremental(signed, out, edit)


def garbage_signature(signed: Path, out: Path) -> Path:
    """The last signature's /Contents replaced by random bytes of the same length (its /ByteRange unchanged)."""
    import re
    import secrets

    data = bytearray(signed.read_bytes())
    last = list(re.finditer(rb"/Contents\s*<([0-9a-fA-F]+)>", data))[-1]
    data[last.start(1) : last.end(1)] = secrets.token_hex(len(last.group(1)) // 2).encode()
    out.write_bytes(bytes(data))
    return out


# --- hostile Word templates (issue 24): a real template with one thing changed ---------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPE = REL_NS + "/"


def rezip(source: Path, target: Path, changes: dict[str, bytes | None]) -> Path:
    """`source` with the parts in `changes` replaced, added, or (None) left out."""
    import zipfile

    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename not in changes:
                dst.writestr(item, src.read(item.filename))
        for name, data in changes.items():
            if data is not None:
                dst.writestr(name, data)
    return target


def part(source: Path, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(source) as z:
        return z.read(name)


def with_relationship(
    source: Path,
    target: Path,
    kind: str,
    where: str,
    external: bool = True,
    rels: str = "word/_rels/document.xml.rels",
    body: str = "",
    extra: dict[str, bytes] | None = None,
) -> Path:
    """`source` with a relationship of `kind` (image, oleObject, aFChunk …) to `where` in `rels`, and
    `body` (XML using r:id="rIdX") put in a paragraph of its own before the end of the body."""
    text = part(source, rels).decode()
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="rIdX" Type="{REL_TYPE}{kind}" Target="{where}"{mode}/>'
    changes: dict[str, bytes | None] = {rels: text.replace("</Relationships>", rel + "</Relationships>").encode()}
    if body:
        document = part(source, "word/document.xml").decode()
        at = document.rindex("<w:sectPr")
        changes["word/document.xml"] = (document[:at] + body + document[at:]).encode()
    changes.update(extra or {})
    return rezip(source, target, changes)


def with_paragraph(source: Path, target: Path, text: str, footer: bool = False) -> Path:
    """`source` with one more paragraph holding `text` before the end of the body (or the first footer)."""
    from xml.sax.saxutils import escape

    name = "word/footer1.xml" if footer else "word/document.xml"
    xml = part(source, name).decode()
    paragraph = f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    at = xml.rindex("<w:sectPr") if not footer else xml.rindex("</w:ftr>")
    return rezip(source, target, {name: (xml[:at] + paragraph + xml[at:]).encode()})


IMAGE_BODY = (
    '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="952500" cy="952500"/><wp:docPr id="99" name="Bilde" descr="Bilde"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="0" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    f'<pic:blipFill><a:blip xmlns:r="{REL_NS}" r:link="rIdX"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    "</wp:inline></w:drawing></w:r></w:p>"
)


# --- a closed item (unntatt offentlighet) marked in every field: tests/{unit,integration}/test_leaks.py ---

MEETING = "2025-03-11-al.yaml"
FIELDS = (
    "TITTEL",
    "INNLEDER",
    "REFERAT",
    "VEDTAK",
    "TILTAK",
    "ANSVARLIG",
    "VEDLEGGTITTEL",
    "VEDLEGGFIL",
    "VEDLEGGSIDE",
    "AVTALETITTEL",
)
MARK = {f: f"LEKK{f}X9" for f in FIELDS}  # unique, and not split by hyphenation or line breaks
CLOSED_ITEM = f"""  - nummer: {{nummer}}/25
    tittel: Hemmelig sak {MARK["TITTEL"]}
    offentlig_tittel: Orientering om en enkeltsak
    unntatt_offentlighet: offl. § 13 jf. fvl. § 13
    innleder: Politikontakt {MARK["INNLEDER"]}
    referat: Referatet av saken {MARK["REFERAT"]}.
    vedtak: Vedtaket i saken {MARK["VEDTAK"]}.
    vedlegg:
      - fil: moter/vedlegg/{MARK["VEDLEGGFIL"]}.pdf
        tittel: Vedlegg {MARK["VEDLEGGTITTEL"]}
      - dokument: samarbeidsavtale
        tittel: Avtalen {MARK["AVTALETITTEL"]}
    tiltak:
      - tiltak: Tiltaket {MARK["TILTAK"]}
        ansvarlig: Ansvarlig {MARK["ANSVARLIG"]}
        frist: 2025-06-30
        status: pågår
"""


def closed_region(root: Path) -> Path:
    """A copy of agreements/ and templates/ whose Ål meeting has a closed item marked in every field."""
    shutil.copytree(_ROOT / "agreements", root / "agreements")
    shutil.copytree(_ROOT / "templates", root / "templates")
    region = root / "agreements" / "hallingdal"
    path = region / "moter" / MEETING
    text = path.read_text(encoding="utf-8")
    last = max(int(n) for n in re.findall(r"^  - nummer: (\d+)/25$", text, re.MULTILINE))
    item = CLOSED_ITEM.replace("{nummer}", str(last + 1))
    assert "\nreferat:\n  referent:" in text
    text = text.replace("\nreferat:\n  referent:", "\n" + item + "referat:\n  referent:", 1)
    path.write_text(text, encoding="utf-8")
    # a PDF/A attachment whose pages carry a marker of their own
    import pikepdf

    with pikepdf.open(region / "moter" / "vedlegg" / "situasjonsbilde-2025.pdf") as pdf:
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(f"% {MARK['VEDLEGGSIDE']}\n".encode()), prepend=True)
        pdf.save(region / "moter" / "vedlegg" / f"{MARK['VEDLEGGFIL']}.pdf")
    return region


# --- a warm server in this process whose builds only talk: tests/{unit,integration}/test_server.py --------

TOKEN = "0123456789abcdef0123456789abcdef"


class Fake:
    """A Server whose builds only talk: what a build sends, without LibreOffice."""

    def __init__(self, timeout: float = 2.0) -> None:
        import threading

        from politidok.server import daemon

        self.requests: list[Request] = []
        self.gate = threading.Event()
        self.gate.set()
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()
        self.server = daemon.Server(TOKEN, self.build, tuple(documents.names()), timeout=timeout, idle=600)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def build(self, request: Request, reply: Reply) -> int:
        with self.lock:
            self.requests.append(request)
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            reply.log(f"Lager 1 dokument for {request.region}")
            reply.progress(1, 1)
            assert self.gate.wait(20)
            reply.send(out=f"Ferdig: {request.output}/{request.region}/")
            return 0
        finally:
            with self.lock:
                self.running -= 1

    def info(self) -> dict:
        return {"port": self.server.port, "token": TOKEN}

    def ask(self, request: Request, token: str = TOKEN, timeout: float = 10) -> list[dict]:
        from politidok.server import client

        return list(client._session({"port": self.server.port, "token": token}, request, timeout))

    def alive(self) -> bool:
        return self.ask(Request("status"))[0]["builds"] >= 0

    def close(self) -> None:
        self.gate.set()
        self.server.close()
        self.thread.join(5)


# A measure adopted in the closed sak 3/25 of Ål (test_closed_measures, test_leak_gate): its text, its indicator,
# and its lines in a plan's `tiltak:`
CLOSED_MEASURE_TEXT = "Oppfølgingssamtaler med gjengen ved Ål stasjon sammen med skolen"
CLOSED_MEASURE_INDICATOR = "Færre bekymringsmeldinger om gjengen ved stasjonen"
CLOSED_MEASURE = f"""  - id: T-2025-11
    satsingsomrade: ungdom
    tiltak: {CLOSED_MEASURE_TEXT}
    ansvarlig: Politikontakt
    frist: 2025-09-30
    effektindikator: {CLOSED_MEASURE_INDICATOR}
    vedtatt: {{mote: 2025-03-11-al, sak: 3/25}}
"""


def invoke(args: list[str], capsys) -> tuple[int, str]:
    """politidok's CLI in this process (`capsys`: pytest's fixture): exit code and all it printed."""
    from politidok.cli import main

    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out + out.err
