"""Fill Korean translations into the catalogues from a table of msgid → msgstr.

Usage: .venv/bin/python scripts/fill_ko.py TABLE.py [catalogue.po ...]
TABLE.py defines KO = {msgid: msgstr} (for plurals, msgstr is the one Korean form). Entries not
in the table are left alone; `tests/test_translations.py` fails while any stays empty.
"""

import runpy
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main():
    table = runpy.run_path(sys.argv[1])["KO"]
    catalogues = sys.argv[2:] or [
        str(p) for p in ROOT.glob("**/locale/ko/LC_MESSAGES/django.po") if ".venv" not in p.parts
    ]
    for path in catalogues:
        po = polib.pofile(path)
        for entry in po:
            if entry.msgid in table:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: table[entry.msgid]}
                else:
                    entry.msgstr = table[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save(path)
        po.save_as_mofile(str(Path(path).with_suffix(".mo")))
        missing = [e.msgid for e in po if not e.translated()]
        print(f"{path}: {len(missing)} untranslated" + (f": {missing[:5]}" if missing else ""))


if __name__ == "__main__":
    main()
