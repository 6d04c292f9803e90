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
from typing import Any

try:
    import uno
    from com.sun.star.beans import PropertyValue
except ImportError:  # not the Python with LibreOffice's bindings
    print(json.dumps({"nouno": True}), flush=True)
    sys.exit(3)

# com.sun.star.document.MacroExecMode.NEVER_EXECUTE and UpdateDocMode.NO_UPDATE (both 0)
NEVER_EXECUTE = 0
NO_UPDATE = 0

# writer_pdf_Export options: the same as the command-line converter's (convert.PDF_OPTIONS)
OPTIONS = json.loads(os.environ.get("POLITIDOK_PDF_OPTIONS", "{}"))


def prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def say(**message) -> None:
    print(json.dumps(message), flush=True)


def start(soffice: str, profile: str) -> tuple[subprocess.Popen, Any]:
    pipe = f"politidok-{os.getpid()}-{time.monotonic_ns()}"
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
        uno.systemPathToFileUrl(source),
        "_blank",
        0,
        # nothing from outside the document (links not updated) and no macros: a template is untrusted
        (
            prop("Hidden", True),
            prop("ReadOnly", True),
            prop("MacroExecutionMode", NEVER_EXECUTE),
            prop("UpdateDocMode", NO_UPDATE),
        ),
    )
    if doc is None:
        raise RuntimeError("LibreOffice kunne ikke åpne dokumentet")
    try:
        doc.storeToURL(
            uno.systemPathToFileUrl(target), (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data))
        )
    finally:
        doc.close(True)


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
        except Exception:  # noqa: BLE001, S110 - LibreOffice already gone
            pass
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
