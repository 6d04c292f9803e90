"""The command line, `politidok` (main.py: the group and its entry; the commands in build.py, tools.py,
workspace.py; what they share in common.py)."""

from politidok import clinorsk

# before the commands are defined: click translates some texts when a parameter is made (Path's «filen»)
clinorsk.install()

from politidok.cli.build import build_cmd
from politidok.cli.main import cli, entry, main

__all__ = ["build_cmd", "cli", "entry", "main"]
