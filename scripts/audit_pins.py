"""A stopgap for `pip-audit` where its vulnerability services are out of reach.

    python scripts/audit_pins.py            # reads requirements.lock

Not pip-audit: PyPI's per-release JSON (what `pip-audit -s pypi` reads) and OSV cannot be
reached from the build machine, but PyPI's project JSON can, and it lists the vulnerabilities
of the project's newest release. So this reports, for every pin, whether it is the newest release
(then PyPI's own vulnerability list for it is shown) or not (then it cannot judge it, and says
so, with the newest version to compare). Exit status 1 when a pin the check can judge has a
known vulnerability, 2 when PyPI cannot be reached; run the real `pip-audit -r
requirements.lock` wherever it can reach its services.
"""

import json
import platform
import re
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def pins(path=LOCK):
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            yield match.group(1), match.group(2)


def newest(name):
    """(newest version, newest for this Python, [vulnerability ids of the newest]) from PyPI's
    project JSON."""
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=30) as response:
        project = json.load(response)
    return (
        project["info"]["version"],
        _newest_for_this_python(project["releases"]),
        [v["id"] for v in project.get("vulnerabilities") or []],
    )


def _newest_for_this_python(releases):
    here = Version(platform.python_version())
    usable = []
    for version, files in releases.items():
        try:
            parsed = Version(version)
        except InvalidVersion:
            continue
        live = [f for f in files if not f.get("yanked")]
        if parsed.is_prerelease or not live:
            continue
        if all(here in SpecifierSet(f.get("requires_python") or "") for f in live):
            usable.append(parsed)
    return str(max(usable)) if usable else None


def main():
    pinned = list(pins())
    try:
        with ThreadPoolExecutor(8) as pool:
            found = list(pool.map(lambda pin: newest(pin[0]), pinned))
    except OSError as error:
        print(f"PyPI cannot be reached: {error}")
        return 2
    judged = unjudged = 0
    vulnerable = []
    for (name, version), (latest, usable, vulnerabilities) in zip(pinned, found, strict=True):
        if version == latest:
            judged += 1
            if vulnerabilities:
                vulnerable.append(f"{name}=={version}: {', '.join(vulnerabilities)}")
        else:
            unjudged += 1
            note = (
                ""
                if usable == latest
                else f", newest for Python {platform.python_version()}: {usable}"
            )
            print(f"not judged: {name}=={version} (newest on PyPI: {latest}{note})")
    print(f"{judged} pins are their project's newest release; {unjudged} are not (above).")
    for line in vulnerable:
        print(f"VULNERABLE {line}")
    print(f"known vulnerabilities in the pins judged: {len(vulnerable)}")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
