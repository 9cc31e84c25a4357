"""The two baselines of the scale benchmark: a naive Python loop and SQLite (FTS5 + R*Tree).

Both rank the same offerings for the same families with the same hard filters
pfmatch applies first (active, distance limit, language, age), so the timings
compare like with like; their scores are deliberately simple.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from geopy.distance import great_circle
from rapidfuzz import fuzz

from pfmatch._offering import Offering

MAX_KM = 40.0


def _family_point(fam: dict[str, Any]) -> tuple[float, float]:
    from pfmatch._geo import zip_info

    z = zip_info(fam["location"]["zip"])
    return z.lat, z.lon


def _need_text(fam: dict[str, Any]) -> str:
    return " ".join(n.replace("_", " ") for n in fam["needs"])


class Naive:
    """What a developer would write first: one Python loop over every provider, then ``sorted``."""

    def __init__(self, offerings: Sequence[Offering]) -> None:
        self.rows = [
            {"id": o.service_id, "lat": o.latitude, "lon": o.longitude, "remote": o.remote,
             "active": o.status == "active", "langs": set(o.languages), "text": o.text.lower(),
             "min_age": o.min_age_years, "max_age": o.max_age_years}
            for o in offerings
        ]

    def match(self, fam: dict[str, Any], k: int = 10) -> list[tuple[float, str]]:
        here = _family_point(fam)
        need = _need_text(fam)
        langs = set(fam["languages"])
        age = fam["children"][0]["age_months"] / 12.0
        scored = []
        for r in self.rows:
            if not r["active"] or not (r["langs"] & langs):
                continue
            if (r["min_age"] is not None and age < r["min_age"]) or (
                    r["max_age"] is not None and age > r["max_age"] + 1):
                continue
            if r["remote"] or r["lat"] is None:
                km = None
            else:
                km = great_circle(here, (r["lat"], r["lon"])).km
                if km > MAX_KM:
                    continue
            sim = fuzz.token_set_ratio(need, r["text"]) / 100.0
            dscore = 0.9 if km is None else 1.0 / (1.0 + km / 8.0)
            scored.append((0.6 * sim + 0.4 * dscore, r["id"]))
        return sorted(scored, reverse=True)[:k]


class SQLite:
    """stdlib sqlite3: an FTS5 bm25 text query and an R*Tree bounding box, top k in SQL."""

    def __init__(self, offerings: Sequence[Offering], path: str = ":memory:") -> None:
        db = sqlite3.connect(path)
        db.executescript("""
            CREATE TABLE o(id INTEGER PRIMARY KEY, sid TEXT, lat REAL, lon REAL, remote INT, active INT,
                           langs TEXT, min_age REAL, max_age REAL);
            CREATE VIRTUAL TABLE fts USING fts5(text, content='', tokenize='porter');
            CREATE VIRTUAL TABLE box USING rtree(id, minlat, maxlat, minlon, maxlon);
        """)
        db.executemany("INSERT INTO o VALUES (?,?,?,?,?,?,?,?,?)", (
            (i, o.service_id, o.latitude, o.longitude, int(o.remote), int(o.status == "active"),
             " " + " ".join(o.languages) + " ", o.min_age_years, o.max_age_years)
            for i, o in enumerate(offerings)))
        db.executemany("INSERT INTO fts(rowid, text) VALUES (?,?)",
                       ((i, o.text) for i, o in enumerate(offerings)))
        db.executemany("INSERT INTO box VALUES (?,?,?,?,?)", (
            (i, o.latitude, o.latitude, o.longitude, o.longitude)
            for i, o in enumerate(offerings) if o.latitude is not None and not o.remote))
        db.commit()
        self.db = db

    def match(self, fam: dict[str, Any], k: int = 10) -> list[tuple[float, str]]:
        lat, lon = _family_point(fam)
        dlat = MAX_KM / 111.0
        dlon = dlat / max(0.2, __import__("math").cos(__import__("math").radians(lat)))
        terms = " OR ".join(f'"{w}"' for n in fam["needs"] for w in n.split("_") if len(w) > 2)
        langs = fam["languages"]
        age = fam["children"][0]["age_months"] / 12.0
        lang_sql = " OR ".join("o.langs LIKE ?" for _ in langs)
        sql = f"""
            WITH t AS (SELECT rowid AS id, bm25(fts) AS rank FROM fts WHERE fts MATCH ?),
                 near AS (SELECT id FROM box WHERE minlat >= ? AND maxlat <= ? AND minlon >= ? AND maxlon <= ?)
            SELECT o.sid,
                   0.6 * (-t.rank) / (1.0 - t.rank)
                   + 0.4 * CASE WHEN o.remote THEN 0.9 ELSE
                       1.0 / (1.0 + (abs(o.lat - ?) + abs(o.lon - ?)) * 111.0 / 8.0) END AS score
            FROM t JOIN o ON o.id = t.id
            WHERE o.active = 1 AND ({lang_sql})
              AND (o.min_age IS NULL OR o.min_age <= ?) AND (o.max_age IS NULL OR ? <= o.max_age + 1)
              AND (o.remote = 1 OR +o.id IN (SELECT id FROM near))
            ORDER BY score DESC LIMIT ?"""
        args = [terms, lat - dlat, lat + dlat, lon - dlon, lon + dlon, lat, lon,
                *[f"% {c} %" for c in langs], age, age, k]
        return [(s, sid) for sid, s in self.db.execute(sql, args)]
