"""Hypothesis strategies for the JSON Schema subset pfmatch's published schemas use.

hypothesis-jsonschema does not run with the Hypothesis version here, and our
schemas use a small subset (objects, arrays, enums, numbers with bounds,
strings with a length and a pattern that is either ``\\S`` or the ZIP form,
``oneOf``/``anyOf``, local ``$ref``, ``not`` only for the all-zero weights).
A keyword outside the subset fails loudly rather than being ignored, and every
generated document is checked against the schema with ``jsonschema`` in the
tests, so this generator cannot quietly produce documents the schema rejects.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

_KNOWN = {"$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties",
          "additionalProperties", "required", "enum", "const", "oneOf", "anyOf", "not",
          "items", "minItems", "maxItems", "minimum", "maximum", "exclusiveMinimum",
          "minLength", "maxLength", "pattern", "default", "examples", "propertyNames",
          "format"}


def from_schema(schema: dict[str, Any], root: dict[str, Any] | None = None,
                max_items: int = 4) -> st.SearchStrategy[Any]:
    """Documents valid under ``schema`` (refs resolved against ``root``)."""
    root = root if root is not None else schema
    unknown = set(schema) - _KNOWN
    if unknown:
        raise ValueError(f"schema keyword(s) outside the generator's subset: {sorted(unknown)}")
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return st.deferred(lambda: from_schema(root["$defs"][name], root, max_items))
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    if "oneOf" in schema or "anyOf" in schema:
        options = schema.get("oneOf") or schema["anyOf"]
        if "type" in schema or "properties" in schema:  # anyOf as "one of these required"
            base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
            return st.one_of([from_schema({**base, "required": sorted(
                {*base.get("required", []), *o.get("required", [])})}, root, max_items)
                for o in options])
        return st.one_of([from_schema(o, root, max_items) for o in options])
    t = schema.get("type")
    if t == "object":
        return _object(schema, root, max_items)
    if t == "array":
        lo = schema.get("minItems", 0)
        hi = schema.get("maxItems", max(lo, max_items))
        return st.lists(from_schema(schema["items"], root, max_items), min_size=lo, max_size=hi)
    if t == "integer":
        return st.integers(schema.get("minimum", -(10**6)), schema.get("maximum", 10**6))
    if t == "number":
        lo = schema.get("minimum", schema.get("exclusiveMinimum", -1e6))
        hi = schema.get("maximum", 1e6)
        s = st.one_of(st.integers(int(-(-lo // 1)), int(hi // 1)),
                      st.floats(lo, hi, allow_nan=False, allow_infinity=False))
        if "exclusiveMinimum" in schema:
            s = s.filter(lambda v: v > schema["exclusiveMinimum"])
        return s
    if t == "boolean":
        return st.booleans()
    if t == "string":
        pat = schema.get("pattern")
        if pat and pat != r"\S":
            return st.from_regex(pat, fullmatch=True)
        lo, hi = schema.get("minLength", 0), min(schema.get("maxLength", 40), 40)
        # valid text: JSON Schema cannot say "no lone surrogates or control characters",
        # which the library refuses in family text (the schemas say so in words)
        s = st.text(st.characters(blacklist_categories=("Cs", "Cc")),
                    min_size=max(lo, 1 if pat else 0), max_size=hi)
        return s.filter(lambda x: x.strip()) if pat else s
    raise ValueError(f"cannot generate from {schema!r}")


def _object(schema: dict[str, Any], root: dict[str, Any], max_items: int) -> Any:
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    req = {k: from_schema(v, root, max_items) for k, v in props.items() if k in required}
    opt = {k: from_schema(v, root, max_items) for k, v in props.items() if k not in required}
    s = st.fixed_dictionaries(req, optional=opt)
    if "not" in schema:
        from jsonschema import Draft202012Validator

        neg = Draft202012Validator({**schema["not"]})
        s = s.filter(lambda d: not neg.is_valid(d))
    return s
