"""The real directories in ../shared/data that the load, area and population benchmarks read."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DATASETS = {
    "Baltimore iCarol (Ohana CSV)": SHARED / "bchd-charmcare-baltimore",
    "San Mateo Ohana sample": SHARED / "ohana-smc-sample" / "sample-csv",
    "ILAO raw export": SHARED / "ilao-florida-legal-aid" / "ilao" / "raw-input",
    "ILAO HSDS 1.1 output": SHARED / "ilao-florida-legal-aid" / "ilao" / "hsds-1.1-output",
    "HSDS 3.0 examples (CSV)": SHARED / "hsds-spec-examples" / "v3.0" / "examples" / "csv",
}
#: The directories written by 211 staff (the HSDS spec examples are not).
REAL_211 = {k: v for k, v in DATASETS.items() if not k.startswith("HSDS 3.0")}
