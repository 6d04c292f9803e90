"""The document kinds, one module each; the registry (politidok.documents) finds them here."""
