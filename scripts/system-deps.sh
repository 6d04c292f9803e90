#!/usr/bin/env bash
# Install the system programs politidok needs (Debian/Ubuntu). Usage: system-deps.sh runtime|test
#   runtime: LibreOffice Writer, its Python bindings (a warm converter), the fonts (Calibri -> Carlito) and the
#            Norwegian hyphenation patterns (hyphen-no: words too wide for a table column break with a hyphen) and
#            dictionaries (hunspell-no: a compound breaks at its joint, «Kommune-|direktør»)
#   test:    runtime + poppler-utils (pdftotext) + Java and PDFBox preflight (PDF/A validation) + hunspell (spelling)
#            + python3-venv (unoserver's server side for the converter back-end's test)
set -euo pipefail
mode=${1:-runtime}
runtime=(libreoffice-writer-nogui python3-uno fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2 hyphen-no hunspell-no)
test_extra=(python3-venv poppler-utils default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java hunspell)
packages=("${runtime[@]}")
[ "$mode" = test ] && packages+=("${test_extra[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installerer systempakker: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Disse systempakkene mangler: ${missing[*]}" >&2
  echo "Installer dem med:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
