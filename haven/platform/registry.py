"""A small, typed registry: named items, registered once, read in a stable order."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured


class AlreadyRegistered(ImproperlyConfigured):
    """The same thing registered twice: always a mistake (two apps, or one app's ready() run
    twice), never something to ignore, because the second registration would silently lose."""


class NotRegistered(LookupError):
    pass


class Registry[T]:
    """Items keyed by a name, iterated by (order, registration order)."""

    def __init__(
        self,
        what: str,
        key: Callable[[T], str],
        order: Callable[[T], int] = lambda item: 0,
    ) -> None:
        self.what = what
        self._key = key
        self._order = order
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        name = self._key(item)
        if name in self._items:
            raise AlreadyRegistered(f"{self.what} {name!r} is registered twice.")
        self._items[name] = item
        return item

    def unregister(self, name: str) -> None:
        if name not in self._items:
            raise NotRegistered(f"No {self.what} {name!r} is registered.")
        del self._items[name]

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            raise NotRegistered(f"No {self.what} {name!r} is registered.") from None

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        positions = {name: index for index, name in enumerate(self._items)}
        return iter(
            sorted(
                self._items.values(),
                key=lambda item: (self._order(item), positions[self._key(item)]),
            )
        )

    def snapshot(self) -> dict[str, T]:
        return dict(self._items)

    def restore(self, snapshot: dict[str, T]) -> None:
        self._items = dict(snapshot)

    @contextmanager
    def temporarily(self, *items: T) -> Iterator[None]:
        """Register `items` for the duration of a block (tests of the platform itself)."""
        for item in items:
            self.register(item)
        try:
            yield
        finally:
            for item in items:
                self._items.pop(self._key(item), None)
