"""Make a large rules pack for measuring: the shipped pack grown to ``factor`` times its codes.

Each synthetic code copies a shipped entry of the same codes file (so its size and shape
are real: discipline lists, examples, notes) under a made-up code ``Y0001``, ``Y0002``...
and one synthetic service offers it. Nothing here is a real rule; the pack's manifest says so.

    python bench/make_pack.py DEST [FACTOR]     # prints the pack's folder
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.resources import rules_dir  # noqa: E402

CODES_FILES = ("codes-dmc-ods.toml", "codes-ecm.toml", "codes-community-supports.toml")
_CODE = re.compile(r'^code = "([A-Z0-9]{5})"$', re.M)
_PROGRAM = re.compile(r'^program = "([a-z0-9-]+)"$', re.M)
_MODIFIERS = re.compile(r"^modifiers = (\[.*\])$", re.M)


def _blocks(text: str) -> tuple[str, list[str]]:
    """A codes file as its header and its ``[[code]]`` entries' texts."""
    head, *blocks = text.split("\n[[code]]\n")
    return head, blocks


def make_pack(dest: Path, factor: float = 20, *, pack_id: str | None = None) -> Path:
    """Copy the shipped pack to ``dest`` with about ``factor`` times as many codes, each
    offered by a service of its own. Returns ``dest``."""
    dest = Path(dest)
    shutil.copytree(rules_dir(), dest)
    services = []
    serial = 0
    for name in CODES_FILES:
        path = dest / name
        head, blocks = _blocks(path.read_text(encoding="utf-8"))
        extra = round(len(blocks) * (factor - 1))
        grown = list(blocks)
        for i in range(extra):
            serial += 1
            code = f"Y{serial:04d}"
            block = blocks[i % len(blocks)]
            old = _CODE.search(block).group(1)  # type: ignore[union-attr]
            grown.append(block.replace(old, code))
            program = _PROGRAM.search(block).group(1)  # type: ignore[union-attr]
            mods = _MODIFIERS.search(block)
            services.append(
                f'[[service]]\nid = "synthetic-{serial:04d}"\nname = "Synthetic service '
                f'{serial}"\nprogram = "{program}"\ndescription = "Made for measuring."\n'
                f'options = [{{ code = "{code}", modifiers = {mods.group(1) if mods else "[]"} }}]\n'
                f'source = {{ doc = "app", section = "synthetic entry {serial}" }}\n')
        path.write_text("\n[[code]]\n".join([head, *grown]), encoding="utf-8")
    with (dest / "services.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n" + "\n".join(services))
    manifest = dest / "rules.toml"
    text = manifest.read_text(encoding="utf-8")
    text = re.sub(r'^id = ".*"$', f'id = "{pack_id or f"synthetic-{factor:g}x"}"', text,
                  count=1, flags=re.M)
    text = re.sub(r'^title = ".*"$', f'title = "Synthetic pack, {factor:g}x (not real rules)"',
                  text, count=1, flags=re.M)
    manifest.write_text(text, encoding="utf-8")
    return dest


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    print(make_pack(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) == 3 else 20))
