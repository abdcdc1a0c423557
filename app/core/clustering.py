"""Spatio-temporal clustering (SPEC §3–§5): options, the day-run rule, and carrying identity over.

Everything here is pure: the service hands in files as :class:`Item` (an id, a capture day, an address)
and the clusters of the last run as :class:`Previous`, and gets back what the library should hold.
Days are proleptic ordinals (``date.toordinal()``) so the rule is integer arithmetic.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

LEVELS = ("country", "province", "city", "district", "township")
MAX_DAYS_LIMIT = 99_999


class OptionError(ValueError):
    """A clustering option is out of its range; the message names the option and the range."""


@dataclass(frozen=True)
class ClusterOptions:
    """IMM's DateOptions and LocationOptions; the defaults are SPEC §3's for a new library."""

    gap_days: int = 1
    min_days: int = 1
    max_days: int = 15
    levels: tuple[str, ...] = ("city", "province")

    def validate(self) -> ClusterOptions:
        """Refuse a bad value before any work starts, naming the option and its range."""
        for name, value, low in (("GapDays", self.gap_days, 0), ("MinDays", self.min_days, 1),
                                 ("MaxDays", self.max_days, 1)):  # fmt: skip
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_DAYS_LIMIT:
                raise OptionError(
                    f"{name} must be an integer from {low} to {MAX_DAYS_LIMIT:,}, not {value!r}"
                )
        if self.min_days > self.max_days:
            raise OptionError(f"MinDays ({self.min_days}) must not be greater than MaxDays ({self.max_days})")
        if not self.levels:
            raise OptionError(f"LocationDateClusterLevels must name at least one of {', '.join(LEVELS)}")
        for level in self.levels:
            if level not in LEVELS:
                raise OptionError(
                    f"LocationDateClusterLevels: unknown level {level!r}; choose from {', '.join(LEVELS)}"
                )
        if len(set(self.levels)) != len(self.levels):
            raise OptionError("LocationDateClusterLevels: each level may be given once")
        return self

    def as_request(self) -> dict[str, dict[str, int | list[str]]]:
        """The options as IMM's request fields (stored as the task's TaskRequestDefinition)."""
        return {
            "DateOptions": {"GapDays": self.gap_days, "MinDays": self.min_days, "MaxDays": self.max_days},
            "LocationOptions": {"LocationDateClusterLevels": list(self.levels)},
        }

    @classmethod
    def from_request(cls, request: dict[str, Any]) -> ClusterOptions:
        """The options from a stored request (decoded JSON, so any shape): :meth:`validate` judges them."""
        dates, places = request.get("DateOptions", {}), request.get("LocationOptions", {})
        default = cls()
        return cls(
            gap_days=dates.get("GapDays", default.gap_days),
            min_days=dates.get("MinDays", default.min_days),
            max_days=dates.get("MaxDays", default.max_days),
            levels=tuple(places.get("LocationDateClusterLevels", default.levels)),
        )


class Item(NamedTuple):
    """One file as clustering sees it: ``address`` holds the five levels, country first.

    A named tuple rather than a dataclass: a library holds a million of them, and tuples are built
    several times faster.
    """

    file_id: int
    day: int
    address: tuple[str, str, str, str, str]


def address_key(address: Sequence[str], level: str) -> tuple[str, ...] | None:
    """The address from the country down to ``level``; None when the level itself is empty.

    Grouping by the whole path keeps two cities of the same name in different provinces apart.
    """
    depth = LEVELS.index(level) + 1
    key = tuple(address[:depth])
    return key if key[-1] else None


@dataclass
class Cluster:
    level: str
    key: tuple[str, ...]
    first_day: int
    last_day: int
    file_ids: list[int]

    @property
    def days(self) -> int:
        return self.last_day - self.first_day + 1


def day_runs(days: Iterable[int], gap_days: int) -> list[tuple[int, int]]:
    """(first, last) of each run of sorted distinct days with at most ``gap_days`` empty days inside."""
    runs: list[tuple[int, int]] = []
    for day in sorted(set(days)):
        if runs and day - runs[-1][1] - 1 <= gap_days:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


class Entry(NamedTuple):
    """The files of one address on one day: what the rule needs, a library's worth in a few thousand."""

    day: int
    address: tuple[str, str, str, str, str]
    file_ids: Sequence[int]


def cluster_items(items: Iterable[Item], options: ClusterOptions) -> list[Cluster]:
    """SPEC §4 on single files (see :func:`cluster_entries`)."""
    return cluster_entries((Entry(i.day, i.address, (i.file_id,)) for i in items), options)


def cluster_entries(entries: Iterable[Entry], options: ClusterOptions) -> list[Cluster]:
    """SPEC §4 for every level of the options: group by address path, split into day runs, keep by span."""
    groups: dict[str, dict[tuple[str, ...], dict[int, list[int]]]] = {level: {} for level in options.levels}
    depths = [(LEVELS.index(level) + 1, groups[level]) for level in options.levels]
    for entry in entries:
        for depth, by_key in depths:
            if not entry.address[depth - 1]:
                continue
            key = entry.address[:depth]
            by_day = by_key.get(key)
            if by_day is None:
                by_day = by_key[key] = defaultdict(list)
            by_day[entry.day].extend(entry.file_ids)
    clusters = []
    for level, by_key in groups.items():
        for key, by_day in by_key.items():
            clusters.extend(_group_clusters(level, key, by_day, options))
    return clusters


def spread(items: Sequence[int], count: int) -> list[int]:
    """``count`` items evenly spaced through ``items`` (all of them when there are fewer)."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(step * i + step / 2)] for i in range(count)]


def members_hash(file_ids: Sequence[int]) -> int:
    """A stable fingerprint of a cluster's sorted members (signed 64-bit, as SQLite stores integers).

    Stored with the cluster, it tells an unchanged cluster without loading its membership.
    """
    digest = hashlib.blake2b(array("q", file_ids).tobytes(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _group_clusters(
    level: str, key: tuple[str, ...], by_day: dict[int, list[int]], options: ClusterOptions
) -> list[Cluster]:
    result = []
    for first, last in day_runs(by_day, options.gap_days):
        if options.min_days <= last - first + 1 <= options.max_days:
            members = [f for day in range(first, last + 1) for f in by_day.get(day, ())]
            result.append(Cluster(level, key, first, last, sorted(members)))
    return result


# -- identity (SPEC §5) ---------------------------------------------------------------------------------


@dataclass
class Previous:
    """A stored cluster, as the reconciliation needs it (``age`` orders by creation: smaller is older)."""

    object_id: str
    level: str
    key: tuple[str, ...]
    first_day: int
    last_day: int
    file_ids: frozenset[int]
    age: int
    title: str = ""
    custom_id: str = ""
    custom_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """One cluster the library should hold after the run.

    ``previous`` is the stored cluster whose identity it keeps (None for a new one); ``absorbed`` are the
    other stored clusters merged into it, whose user fields it inherits where its own are empty.
    """

    cluster: Cluster
    previous: Previous | None = None
    absorbed: list[Previous] = field(default_factory=list)

    def user_fields(self) -> tuple[str, str, dict[str, str]]:
        """Title, CustomId and CustomLabels: the survivor's, completed by the absorbed (older first)."""
        sources = ([self.previous] if self.previous else []) + sorted(self.absorbed, key=lambda p: p.age)
        title = next((p.title for p in sources if p.title), "")
        custom_id = next((p.custom_id for p in sources if p.custom_id), "")
        labels: dict[str, str] = {}
        for previous in reversed(sources):  # older ones last, so they win on the same key
            labels.update(previous.custom_labels)
        return title, custom_id, labels


def reconcile(
    previous: Sequence[Previous], clusters: Sequence[Cluster]
) -> tuple[list[Outcome], list[Previous]]:
    """Match new clusters to stored ones; return the outcomes and the stored clusters that end.

    Oldest first, each stored cluster keeps its ObjectId in the not-yet-claimed new cluster of its level
    and place that shares the most files with it.  A stored cluster whose every overlapping new cluster
    is already claimed (two clusters bridged by new files) is absorbed by the one sharing the most
    files: the older ObjectId survives and the user fields of both are kept.  Each stored ObjectId lives
    on in at most one cluster; a stored cluster sharing no file with any new one ends.

    A place renamed by better naming (a library re-geocoded: Wangzhai becomes Hangzhou) is the same
    cluster under a new name, not another place, so it keeps its ObjectId and the user's fields: a
    stored cluster that found nothing at its own place lives on in the unclaimed new cluster of its
    level that holds most of its files, when most of that new cluster's files are its own too.
    """
    by_place: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for index, cluster in enumerate(clusters):
        by_place[(cluster.level, cluster.key)].append(index)
    outcomes = [Outcome(cluster) for cluster in clusters]
    ended = []
    for old in sorted(previous, key=lambda p: p.age):
        shared = []
        for index in by_place.get((old.level, old.key), ()):
            cluster = clusters[index]
            if cluster.last_day < old.first_day or cluster.first_day > old.last_day:
                continue
            count = sum(1 for f in cluster.file_ids if f in old.file_ids)
            if count:
                shared.append((count, -index))
        if not shared:
            ended.append(old)
            continue
        shared.sort(reverse=True)
        free = [-negative for _, negative in shared if outcomes[-negative].previous is None]
        if free:
            outcomes[free[0]].previous = old
        else:
            outcomes[-shared[0][1]].absorbed.append(old)
    return outcomes, _renamed(ended, outcomes)


def _renamed(ended: list[Previous], outcomes: list[Outcome]) -> list[Previous]:
    """The stored clusters that truly end: those not found again under a new name of their place (the
    same level, and mostly the same files both ways); the others are given to their renamed cluster.
    A file is in one cluster a level, so each file votes for the unclaimed cluster that holds it."""
    levels = {old.level for old in ended}
    holder: dict[tuple[str, int], int] = {}
    for n, outcome in enumerate(outcomes):
        if outcome.previous is None and outcome.cluster.level in levels:
            holder.update(((outcome.cluster.level, f), n) for f in outcome.cluster.file_ids)
    truly = []
    for old in ended:  # oldest first, as they were reconciled
        votes = Counter(holder.get((old.level, f), -1) for f in old.file_ids)
        votes.pop(-1, None)
        if votes:
            n, count = votes.most_common(1)[0]
            outcome = outcomes[n]
            mostly = 2 * count > len(old.file_ids) and 2 * count > len(outcome.cluster.file_ids)
            if outcome.previous is None and mostly:
                outcome.previous = old
                continue
        truly.append(old)
    return truly


@dataclass(frozen=True)
class Deleted:
    """A cluster the user deleted: no later run brings one back at its level and place on its days."""

    level: str
    key: tuple[str, ...]
    first_day: int
    last_day: int


def without_deleted(clusters: Iterable[Cluster], deleted: Iterable[Deleted]) -> list[Cluster]:
    by_place: dict[tuple[str, tuple[str, ...]], list[Deleted]] = defaultdict(list)
    for gone in deleted:
        by_place[(gone.level, gone.key)].append(gone)
    return [
        c
        for c in clusters
        if not any(
            c.first_day <= g.last_day and g.first_day <= c.last_day
            for g in by_place.get((c.level, c.key), ())
        )
    ]
