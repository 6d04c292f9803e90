"""Archive stage: manifest.json, an arkivmelding (KS Fiks Arkiv) per document, and verification
(PDF/A preflight, fonts, page size, language, signature fields) of what is handed to the archive."""
