"""Write the published contract: schemas/{Family,Weights,MatchResult}.json and schemas/openapi.json.

Run after changing a family field, a weight, a result field or an endpoint:

    .venv/bin/python tools/write_schemas.py

``tests/test_serve_schemas.py`` fails while the committed files differ from
what the library generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    from pfmatch.serve._app import openapi_document
    from pfmatch.serve._schemas import dumps, write_schemas

    out = ROOT / "schemas"
    for p in write_schemas(out):
        print(f"wrote {p.relative_to(ROOT)}")
    (out / "openapi.json").write_text(dumps(openapi_document()), encoding="utf-8")
    print(f"wrote {(out / 'openapi.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
