"""Renderers of results: diffs, the JSON report, and side-by-side editions (HTML, Markdown).

Nothing is imported here so that importing one renderer stays cheap.
"""
