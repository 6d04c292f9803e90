from politidok.cli import entry

entry()
