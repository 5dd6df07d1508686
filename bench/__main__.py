"""python -m bench [scenario ...]: run the named scenarios (default: all), print, write JSON."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
from pathlib import Path

SCENARIOS = ("ideas", "workshop", "exhibition")
RESULTS = Path(__file__).parent / "results"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("scenarios", nargs="*", default=list(SCENARIOS))
    args, rest = parser.parse_known_args()
    RESULTS.mkdir(exist_ok=True)
    for name in args.scenarios:
        if name not in SCENARIOS:
            parser.error(f"unknown scenario {name!r}; choose from {', '.join(SCENARIOS)}")
        module = importlib.import_module(f"bench.{name}")
        result = asyncio.run(module.run(rest))
        path = RESULTS / f"{name}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"→ {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
