"""``Bibliography``: an ordered collection of references with lookup by id and duplicate-id detection."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from citekit.errors import DuplicateIdError
from citekit.model.reference import Reference


class Bibliography:
    """An ordered list of :class:`Reference` with lookup by id.

    Duplicate ids are allowed in the list (a real file can have them) but are detected:
    :meth:`duplicate_ids` lists them, and ``strict=True`` refuses them with
    :class:`~citekit.errors.DuplicateIdError`.
    """

    def __init__(self, items: Iterable[Reference] = (), *, strict: bool = False) -> None:
        self._items: list[Reference] = []
        self._by_id: dict[str, Reference] = {}
        self.strict = strict
        for item in items:
            self.add(item)

    def add(self, item: Reference) -> None:
        """Append a reference; with ``strict`` a second use of an id raises DuplicateIdError."""
        key = None if item.id is None else str(item.id)
        if key is not None and key in self._by_id:
            if self.strict:
                raise DuplicateIdError(f"duplicate id {key!r}", item=key, field="id")
        elif key is not None:
            self._by_id[key] = item
        self._items.append(item)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Reference]:
        return iter(self._items)

    def __getitem__(self, index: int) -> Reference:
        return self._items[index]

    def __contains__(self, ref_id: object) -> bool:
        return str(ref_id) in self._by_id

    def get(self, ref_id: str | int) -> Reference | None:
        """The first reference with this id (ids compare as strings), or ``None``."""
        return self._by_id.get(str(ref_id))

    def by_id(self, ref_id: str | int) -> Reference:
        """The first reference with this id; raises KeyError naming the id when absent."""
        found = self.get(ref_id)
        if found is None:
            raise KeyError(f"no reference with id {ref_id!r}")
        return found

    def ids(self) -> list[str]:
        """The ids in order (``""`` for items without one)."""
        return ["" if r.id is None else str(r.id) for r in self._items]

    def duplicate_ids(self) -> list[str]:
        """Ids used by more than one reference, in order of first use."""
        counts = Counter(i for i in self.ids() if i)
        return [i for i in dict.fromkeys(self.ids()) if counts.get(i, 0) > 1]

    def to_csl(self) -> list[dict[str, object]]:
        """All references as a CSL-JSON array."""
        return [r.to_csl() for r in self._items]

    def __repr__(self) -> str:
        from citekit.model.display import reference_repr

        lines = [reference_repr(r) for r in self._items[:5]]
        if len(self) > 5:
            lines.append(f"… {len(self) - 5} more")
        body = "".join(f"\n  {line}" for line in lines)
        return f"Bibliography({len(self)} references{':' if body else ''}{body})"

    def _repr_html_(self) -> str:
        """The notebook view: a table of the references."""
        from citekit.model.display import bibliography_html

        return bibliography_html(self._items)
