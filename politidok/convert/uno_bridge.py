"""One warm LibreOffice, driven over UNO: .docx in, PDF/A-2b out, one document after another.

Runs under the Python that has LibreOffice's `uno` module (Debian: python3-uno), not under
politidok's own environment, so it imports nothing but the standard library and uno.
convert.uno_backend starts it as a child process and talks to it in JSON lines:

    -> {"in": "/abs/a.docx", "out": "/abs/a.pdf"}
    <- {"ok": true}            or   {"error": "..."}

The first line it writes is {"ready": true} once LibreOffice answers (or {"error": ...}
if LibreOffice could not start, or {"nouno": true} if this Python has no uno module).
End of input stops LibreOffice and the bridge. Timeouts are the parent's business: it kills
the whole process group when a document takes too long.
"""

from __future__ import annotations

import sys

if sys.path and sys.path[0] == __import__("os").path.dirname(__file__):
    del sys.path[0]  # politidok/convert/ holds modules that must not shadow LibreOffice's own

import json
import os
import subprocess
import time

try:
    import uno
    from com.sun.star.beans import PropertyValue
except ImportError:  # not the Python with LibreOffice's bindings
    print(json.dumps({"nouno": True}), flush=True)
    sys.exit(3)

# writer_pdf_Export options: the same as the command-line converter's (convert.PDF_OPTIONS)
OPTIONS = json.loads(os.environ.get("POLITIDOK_PDF_OPTIONS", "{}"))


def prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def say(**message) -> None:
    print(json.dumps(message), flush=True)


def start(soffice: str, profile: str) -> tuple[subprocess.Popen, object]:
    pipe = f"politidok-{os.getpid()}-{time.monotonic_ns()}"
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore", "--nologo",
         "--nolockcheck", "--nodefault", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # noqa: BLE001 - not listening yet
            code = office.poll()
            if code is not None:
                say(error=f"LibreOffice stoppet (kode {code}) før den var klar")
                sys.exit(1)
            time.sleep(0.05)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return office, desktop


def convert(desktop, source: str, target: str) -> None:
    filter_data = uno.Any(
        "[]com.sun.star.beans.PropertyValue",
        tuple(prop(k, v) for k, v in OPTIONS.items()),
    )
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True))
    )
    if doc is None:
        raise RuntimeError("LibreOffice kunne ikke åpne dokumentet")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(target),
                       (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data)))
    finally:
        doc.close(True)


# A tiny Word document: a heading, a paragraph in Calibri and a table, for warm_up()
WARM_UP_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/document.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://'
    'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/>'
    '</w:pPr><w:r><w:t>politidok</w:t></w:r></w:p><w:p><w:r><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/>'
    '</w:rPr><w:t>Æ ø å</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
    '<w:p/></w:body></w:document>',
}


def warm_up(desktop, folder: str) -> None:
    """Convert a tiny Word document once, when no document is waiting yet.

    LibreOffice's first .docx costs about 0.15 s more than the next ones (the Word filter, fonts,
    PDF export are loaded then). Done while politidok still imports and renders, that time is
    off the first real document. Failures are ignored: the real documents report their own."""
    import select
    import zipfile

    if select.select([sys.stdin], [], [], 0)[0]:
        return  # a document is already waiting: it warms LibreOffice up itself
    source, target = os.path.join(folder, "politidok-warm-up.docx"), os.path.join(folder, "politidok-warm-up.pdf")
    try:
        with zipfile.ZipFile(source, "w") as package:
            for name, text in WARM_UP_PARTS.items():
                package.writestr(name, text)
        convert(desktop, source, target)
    except Exception:  # noqa: BLE001 - only a head start
        pass
    finally:
        for path in (source, target):
            try:
                os.unlink(path)
            except OSError:
                pass


def watch_parent(grace: float = 30.0) -> None:
    """When politidok dies (even by kill -9), LibreOffice goes too: its input ends and main() closes it;
    if that has not happened `grace` seconds later (a hung document), the whole group is killed."""
    import signal
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        time.sleep(grace)
        os.killpg(os.getpgrp(), signal.SIGKILL)  # this process leads the group: LibreOffice and itself

    threading.Thread(target=watch, daemon=True).start()


def main() -> None:
    soffice, profile = sys.argv[1], sys.argv[2]
    watch_parent()
    office, desktop = start(soffice, profile)
    try:
        say(ready=True)  # into a closed pipe when politidok is gone: LibreOffice is still closed below
        if os.environ.get("POLITIDOK_LO_WARM_UP", "1") != "0":
            warm_up(desktop, uno.fileUrlToSystemPath(profile))
        for line in sys.stdin:
            job = json.loads(line)
            try:
                convert(desktop, job["in"], job["out"])
                say(ok=True)
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which decides
                say(error=str(getattr(exc, "Message", "") or exc)[:400])
                if office.poll() is not None:
                    sys.exit(1)
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - LibreOffice already gone
            pass
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
