"""The command line in Norwegian: click's own texts through gettext, and the conventions of politidok's options.

click marks its texts with gettext (`from gettext import gettext as _`) and ships no catalog.
politidok ships one, politidok/locale/nb/LC_MESSAGES/politidok.po (the source, every text click
8 marks) compiled to politidok.mo beside it. `install()` makes it the program's text domain and
bokmål the language it is looked up in, as any gettext program does: nothing in click is changed.
(The .mo is committed: an editable install and the warm server read the package folder as it is,
with no build step; `make locale` compiles it again and tests/unit/test_norsk.py fails when the
two differ.)

The classes here give every command the same conventions: Norwegian names and metavars in the
help, the old English names of options and commands as hidden aliases (scripts keep working),
parameter names in «» in messages, and number and date types whose messages are Norwegian.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
from collections.abc import Sequence
from typing import Any

import click

DOMAIN = "politidok"
LANGUAGE = "nb"


def install() -> None:
    """politidok's catalog for gettext's global functions (which click calls), in bokmål.

    gettext looks the language up in LANGUAGE first; politidok speaks bokmål whatever the locale."""
    from politidok.core import resources

    gettext.bindtextdomain(DOMAIN, str(resources.locale()))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = LANGUAGE


def _hint(names: Sequence[str]) -> str:
    return " / ".join(f"«{n}»" for n in names)


class Valg(click.Option):
    """An option whose extra names (`aliases`: the English ones) work but are not shown."""

    def __init__(self, param_decls: Sequence[str], aliases: Sequence[str] = (), **kwargs: Any) -> None:
        names = [d for d in param_decls if d.startswith("-")]
        rest = [d for d in param_decls if not d.startswith("-")]
        super().__init__([*names, *aliases, *rest], **kwargs)
        self.aliases = tuple(aliases)

    def _shown(self) -> list[str]:
        return [o for o in self.opts if o not in self.aliases]

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        every = self.opts
        self.opts = self._shown()
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = every

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return _hint(self._shown())


class Argument(click.Argument):
    def get_error_hint(self, ctx: click.Context | None) -> str:
        return f"«{self.make_metavar(ctx) if ctx else self.name}»"


def option(*param_decls: str, aliases: Sequence[str] = (), **kwargs: Any):
    """click.option with politidok's conventions (hidden aliases, «» in messages)."""
    return click.option(*param_decls, cls=Valg, aliases=aliases, **kwargs)


def argument(*param_decls: str, **kwargs: Any):
    return click.argument(*param_decls, cls=Argument, **kwargs)


class Kommando(click.Command):
    """A command with Norwegian usage lines and -h/--hjelp (--help works too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[VALG]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        if self._help_option is None:
            self._help_option = _help_option(self)
        return self._help_option


def _help_option(command: click.Command) -> click.Option:
    def show(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            click.echo(ctx.get_help(), color=ctx.color)
            ctx.exit()

    return Valg(
        ["-h", "--hjelp"],
        aliases=("--help",),
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=show,
        help="Vis denne hjelpen og avslutt.",
    )


class Gruppe(click.Group):
    """A group of commands whose English names (`aliases`) work but are not listed."""

    command_class = Kommando

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[VALG]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)
        self.aliases: dict[str, str] = {}

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        if self._help_option is None:
            self._help_option = _help_option(self)
        return self._help_option

    def alias(self, english: str, norsk: str) -> None:
        self.aliases[english] = norsk

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, self.aliases.get(cmd_name, cmd_name))

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        return (command.name if command else name), command, rest


Gruppe.group_class = Gruppe


class Heltall(click.types.IntParamType):
    name = "heltall"


class Dato(click.ParamType):
    """A date written ÅÅÅÅ-MM-DD."""

    name = "dato"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "ÅÅÅÅ-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"«{value}» er ikke en dato skrevet ÅÅÅÅ-MM-DD (f.eks. 2025-03-11).", param, ctx)


HELTALL = Heltall()
DATO = Dato()
