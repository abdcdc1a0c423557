"""Update the command line's message catalogues and compile them (GNU gettext, no tool beyond Python).

    .venv/bin/python tools/build_locale.py          # merge new messages into each .po, write each .mo
    .venv/bin/python tools/build_locale.py --check  # exit 1 when a .po lacks a message or a translation

The messages are the strings the command line passes to ``_()`` and ``ngettext()`` (found by reading
the source, as xgettext would), and the argparse messages a person meets ("usage: ", "invalid choice"):
argparse takes them from the same catalogue, being in its text domain.  Translations live in
``app/locale/<lang>/LC_MESSAGES/tripfold.po``; a message no longer used is dropped, a new one added
untranslated (then ``--check`` fails until someone translates it).  The ``.mo`` files are committed, so
an install from the repository speaks the language without this script.
"""

from __future__ import annotations

import argparse
import ast
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("app/cli*.py"))  # every command-line module
LOCALE = ROOT / "app" / "locale"
DOMAIN = "tripfold"
#: argparse's own words that reach a person (Python 3.11 to 3.13 spell them so).
ARGPARSE = [
    "usage: ",
    "positional arguments",
    "options",
    "show this help message and exit",
    "%(prog)s: error: %(message)s\n",
    "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r",
    "unrecognized arguments: %s",
    "expected one argument",
    "expected at least one argument",
    "not allowed with argument %s",
    "one of the arguments %s is required",
]
Message = tuple[str, str]  # (msgid, msgid_plural or "")


def extract() -> list[Message]:
    """The messages, in the order they appear (argparse's last)."""
    found: list[Message] = []
    for name in SOURCES:
        tree = ast.parse((ROOT / name).read_text("utf-8"), name)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                    for a in node.args]  # fmt: skip
            if node.func.id == "_" and args and args[0]:
                found.append((args[0], ""))
            elif node.func.id == "ngettext" and len(args) >= 2 and args[0] and args[1]:
                found.append((args[0], args[1]))
    found += [(m, "") for m in ARGPARSE]
    unique: dict[Message, None] = {}
    for message in found:
        unique.setdefault(message)
    return list(unique)


# -- .po ------------------------------------------------------------------------------------------------


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def read_po(path: Path) -> tuple[str, dict[Message, list[str]]]:
    """The header's msgstr and each message's translations (one, or one per plural form)."""
    header = ""
    entries: dict[Message, list[str]] = {}
    if not path.exists():
        return header, entries
    current: dict[str, str] = {}
    key = ""

    def flush() -> None:
        nonlocal header
        if "msgid" in current:
            msgid = current["msgid"]
            forms = sorted(k for k in current if k.startswith("msgstr"))
            strings = [current[k] for k in forms]
            if msgid == "":
                header = strings[0] if strings else ""
            else:
                entries[(msgid, current.get("msgid_plural", ""))] = strings
        current.clear()

    for line in path.read_text("utf-8").splitlines():
        if line.startswith("msgid "):
            flush()
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith('"'):
            current[key] += _unquote(line)
            continue
        key, _, value = line.partition(" ")
        current[key] = _unquote(value)
    flush()
    return header, entries


def write_po(path: Path, header: str, messages: list[Message], old: dict[Message, list[str]]) -> list[str]:
    """Write the catalogue for ``messages``, keeping known translations; returns the untranslated."""
    lines = [
        "# Tripfold's command line, Simplified Chinese. Edit the msgstr lines; tools/build_locale.py",
        "# adds new messages and compiles tripfold.mo.",
        'msgid ""',
        "msgstr " + _quote(header),
        "",
    ]
    missing = []
    for msgid, plural in messages:
        strings = old.get((msgid, plural)) or ([""] if not plural else ["", ""])
        if not any(strings):
            missing.append(msgid)
        lines.append("msgid " + _quote(msgid))
        if plural:
            lines.append("msgid_plural " + _quote(plural))
            lines += [f"msgstr[{i}] " + _quote(s) for i, s in enumerate(strings)]
        else:
            lines.append("msgstr " + _quote(strings[0]))
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), "utf-8")
    return missing


def write_mo(path: Path, header: str, entries: dict[Message, list[str]]) -> None:
    """GNU .mo (little-endian, no hash table), as msgfmt writes it; untranslated messages left out."""
    pairs = {"": header}
    for (msgid, plural), strings in entries.items():
        if all(strings):
            pairs[msgid if not plural else f"{msgid}\0{plural}"] = "\0".join(strings)
    keys = sorted(pairs)
    ids = [k.encode("utf-8") for k in keys]
    strs = [pairs[k].encode("utf-8") for k in keys]
    n = len(keys)
    start = 7 * 4 + 16 * n
    offsets: list[int] = []
    blob = b""
    for data in ids + strs:
        offsets += [len(data), start + len(blob)]
        blob += data + b"\0"
    header_bytes = struct.pack("<7I", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    path.write_bytes(header_bytes + struct.pack(f"<{4 * n}I", *offsets) + blob)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that every message is translated")
    check = parser.parse_args().check
    messages = extract()
    problems = []
    for po in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        header, old = read_po(po)
        if check:
            missing = [m for m, p in messages if not any(old.get((m, p), []))]
        else:
            missing = write_po(po, header, messages, old)
            write_mo(po.with_suffix(".mo"), header, read_po(po)[1])
        problems += [f"{po.relative_to(ROOT)}: untranslated: {m!r}" for m in missing]
        print(f"{po.relative_to(ROOT)}: {len(messages)} messages, {len(missing)} untranslated")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
