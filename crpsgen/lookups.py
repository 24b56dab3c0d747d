"""Maps that note what a build step looked up, so the build cache knows what its result depends on.

A page's converted HTML depends on the addresses of the pages it links to, and an output
file's checks on the site paths its links name: `AskedUrls` and `AskedPaths` note each
look-up (and whether a step went through all of them), and `Checked` keeps a file's
findings with the paths they depended on. The cache redoes a result when any of those
answers would now differ (buildcache.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from _collections_abc import dict_items, dict_keys, dict_values


class _Listing:
    """Going through every item is noted: the result then depends on all of them."""

    listed: bool

    def __iter__(self) -> Iterator[str]:
        self.listed = True
        return super().__iter__()  # type: ignore[misc, no-any-return]

    def __len__(self) -> int:
        self.listed = True
        return super().__len__()  # type: ignore[misc, no-any-return]


class Checked:
    """The findings of the output checks on one file, and the site paths its links asked for."""

    def __init__(
        self,
        key: tuple[object, ...],
        diagnostics: list[Diagnostic],
        asked: dict[str, bool],
        listed: bool,
        paths: frozenset[str],
        version: int,
    ) -> None:
        self.key = key
        self.diagnostics = diagnostics
        self.present = frozenset(path for path, found in asked.items() if found)
        self.absent = frozenset(path for path, found in asked.items() if not found)
        self.listed = paths if listed else None  # it went through every path
        self.version = version  # of the site's path set these answers were last confirmed against

    def still_valid(self, paths: frozenset[str], version: int) -> bool:
        """Whether every path asked about is still there, or still missing."""
        if self.version != version:
            if self.listed is not None and self.listed != paths:
                return False
            if not (self.present <= paths and paths.isdisjoint(self.absent)):
                return False
            self.version = version
        return True


class AskedUrls(_Listing, dict[str, str]):
    """The page-address map, noting which addresses were asked for (a page's link targets).

    Going through all of them (to suggest a name, say) is noted too: the result then
    depends on every address.
    """

    def __init__(self, urls: dict[str, str]) -> None:
        super().__init__(urls)
        self.asked: dict[str, str | None] = {}
        self.listed = False

    def start(self) -> None:
        self.asked, self.listed = {}, False

    def __reduce__(self) -> tuple[Any, ...]:  # sent to worker processes as a plain map
        return (AskedUrls, (dict(self),))

    def keys(self) -> dict_keys[str, str]:
        self.listed = True
        return super().keys()

    def values(self) -> dict_values[str, str]:
        self.listed = True
        return super().values()

    def items(self) -> dict_items[str, str]:
        self.listed = True
        return super().items()

    def get(self, key: str, default: Any = None) -> Any:
        self.asked[key] = super().get(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> str:
        self.asked[key] = super().get(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.asked[key] = super().get(key)
        return super().__contains__(key)


class AskedPaths(_Listing, set[str]):
    """The site's output paths, noting which were asked for (the addresses a file links to).

    Going through all of them is noted too: the result then depends on every path.
    """

    def __init__(self, paths: Iterable[str]) -> None:
        super().__init__(paths)
        self.asked: dict[str, bool] = {}
        self.listed = False

    def start(self) -> None:
        self.asked, self.listed = {}, False

    def __contains__(self, item: object) -> bool:
        found = super().__contains__(item)
        if isinstance(item, str):
            self.asked[item] = found
        return found
