"""politidok: documents for Norwegian politiråd (police councils) from structured YAML."""

__version__ = "0.1.0"
