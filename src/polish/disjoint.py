"""Union-find: which items have been joined into one group.

Name variants (consistency, glossary suggestions), the paragraphs of a
side-by-side row and the fix rounds of one mechanics edit are all grouped
this way.
"""

from __future__ import annotations

from typing import Any, Hashable, Iterable


class DisjointSets:
    """Groups of hashable, mutually comparable items, joined two at a time."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Hashable) -> Any:
        """The item that stands for ``x``'s group (``x`` itself until it is joined)."""
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: Hashable, b: Hashable) -> bool:
        """Put ``a`` and ``b`` in one group; False when they already were."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        # the smaller item stands for the group, whatever the order of the joins
        self.parent[max(ra, rb)] = min(ra, rb)
        return True

    def groups(self, items: Iterable[Hashable]) -> list[list[Any]]:
        """The groups of ``items``, each in the order given, listed by their first item."""
        out: dict[Any, list[Any]] = {}
        for x in items:
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())
