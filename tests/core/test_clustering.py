"""The clustering rule of SPEC §4 on its worked examples, edge cases, and against a brute-force twin."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.clustering import (
    LEVELS,
    Cluster,
    ClusterOptions,
    Deleted,
    Item,
    OptionError,
    Previous,
    cluster_items,
    day_runs,
    reconcile,
    without_deleted,
)

HANGZHOU = ("China", "Zhejiang", "Hangzhou", "", "")
JIAXING = ("China", "Zhejiang", "Jiaxing", "", "")


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def items(*specs: tuple[str, tuple[str, ...]]) -> list[Item]:
    return [Item(i, day(d), addr) for i, (d, addr) in enumerate(specs)]


def spans(clusters: list[Cluster]) -> set[tuple[str, str, str, str]]:
    return {
        (
            c.level,
            c.key[-1],
            date.fromordinal(c.first_day).isoformat(),
            date.fromordinal(c.last_day).isoformat(),
        )
        for c in clusters
    }


def test_gap_days_worked_example() -> None:
    files = items(("2024-03-04", HANGZHOU), ("2024-03-05", HANGZHOU), ("2024-03-07", HANGZHOU))
    one = cluster_items(files, ClusterOptions(gap_days=1, levels=("city",)))
    assert spans(one) == {("city", "Hangzhou", "2024-03-04", "2024-03-07")}
    two = cluster_items(files, ClusterOptions(gap_days=0, levels=("city",)))
    assert spans(two) == {
        ("city", "Hangzhou", "2024-03-04", "2024-03-05"),
        ("city", "Hangzhou", "2024-03-07", "2024-03-07"),
    }


def test_city_and_province_worked_example() -> None:
    files = items(
        *[(f"2024-03-0{d}", HANGZHOU) for d in (3, 4, 5)], *[(f"2024-03-0{d}", JIAXING) for d in (6, 7, 8)]
    )
    clusters = cluster_items(
        files, ClusterOptions(gap_days=1, min_days=1, max_days=15, levels=("city", "province"))
    )
    assert spans(clusters) == {
        ("city", "Hangzhou", "2024-03-03", "2024-03-05"),
        ("city", "Jiaxing", "2024-03-06", "2024-03-08"),
        ("province", "Zhejiang", "2024-03-03", "2024-03-08"),
    }
    province = next(c for c in clusters if c.level == "province")
    assert province.file_ids == [0, 1, 2, 3, 4, 5] and province.days == 6


def test_min_days_drops_day_trips_and_max_days_drops_a_stay_at_home() -> None:
    trip = items(("2024-05-01", JIAXING))
    assert cluster_items(trip, ClusterOptions(min_days=2, levels=("city",))) == []
    assert len(cluster_items(trip, ClusterOptions(min_days=1, levels=("city",)))) == 1
    home = [Item(i, day("2024-06-01") + i, HANGZHOU) for i in range(20)]
    assert cluster_items(home, ClusterOptions(max_days=15, levels=("city",))) == []
    assert len(cluster_items(home, ClusterOptions(max_days=20, levels=("city",)))) == 1


def test_same_named_cities_in_different_provinces_stay_apart() -> None:
    files = items(
        ("2024-03-03", ("China", "Jilin", "Baishan", "", "")),
        ("2024-03-04", ("China", "Hebei", "Baishan", "", "")),
    )
    clusters = cluster_items(files, ClusterOptions(levels=("city",)))
    assert sorted(c.key for c in clusters) == [("China", "Hebei", "Baishan"), ("China", "Jilin", "Baishan")]


def test_files_without_the_level_do_not_join() -> None:
    files = items(("2024-03-03", HANGZHOU), ("2024-03-04", ("China", "Zhejiang", "", "", "")))
    clusters = cluster_items(files, ClusterOptions(levels=("city", "province")))
    city = next(c for c in clusters if c.level == "city")
    province = next(c for c in clusters if c.level == "province")
    assert city.file_ids == [0] and province.file_ids == [0, 1]


def test_day_runs() -> None:
    assert day_runs([5, 1, 2, 2, 9], 0) == [(1, 2), (5, 5), (9, 9)]
    assert day_runs([1, 3, 9], 1) == [(1, 3), (9, 9)]
    assert day_runs([], 3) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ClusterOptions(gap_days=-1), "GapDays must be an integer from 0 to 99,999"),
        (ClusterOptions(gap_days=100_000), "GapDays must be an integer from 0 to 99,999"),
        (ClusterOptions(min_days=0), "MinDays must be an integer from 1 to 99,999"),
        (ClusterOptions(max_days=100_000), "MaxDays must be an integer from 1 to 99,999"),
        (ClusterOptions(min_days=5, max_days=2), "MinDays (5) must not be greater than MaxDays (2)"),
        (ClusterOptions(levels=()), "LocationDateClusterLevels must name at least one"),
        (ClusterOptions(levels=("city", "street")), "unknown level 'street'"),
        (ClusterOptions(levels=("city", "city")), "each level may be given once"),
    ],
)
def test_bad_options_are_refused_with_the_option_and_its_range(options: ClusterOptions, message: str) -> None:
    with pytest.raises(OptionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        options.validate()


def brute_force(
    files: list[Item], options: ClusterOptions
) -> set[tuple[str, tuple[str, ...], int, int, tuple[int, ...]]]:
    """The rule read literally: walk every calendar day of every group and cut at long gaps."""
    result = set()
    for level in options.levels:
        depth = LEVELS.index(level) + 1
        keys = {f.address[:depth] for f in files if f.address[depth - 1]}
        for key in keys:
            members = [f for f in files if f.address[:depth] == key]
            days = sorted({f.day for f in members})
            start = last = days[0]
            empty = 0
            for d in range(days[0], days[-1] + 2):
                if d in days:
                    if empty > options.gap_days:
                        result.add(_run(level, key, members, start, last, options))
                        start = d
                    last, empty = d, 0
                else:
                    empty += 1
            result.add(_run(level, key, members, start, last, options))
    return {r for r in result if r is not None}


def _run(level, key, members, first, last, options):
    if not options.min_days <= last - first + 1 <= options.max_days:
        return None
    return (level, key, first, last, tuple(sorted(f.file_id for f in members if first <= f.day <= last)))


ADDRESSES = [
    HANGZHOU, JIAXING, ("China", "Jiangsu", "Suzhou", "Gusu", ""),
    ("France", "Ile-de-France", "Paris", "", ""), ("China", "Zhejiang", "", "", ""), ("", "", "", "", ""),
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    specs=st.lists(st.tuples(st.integers(0, 40), st.integers(0, len(ADDRESSES) - 1)), max_size=60),
    gap=st.integers(0, 4),
    bounds=st.tuples(st.integers(1, 10), st.integers(1, 30)).filter(lambda b: b[0] <= b[1]),
    levels=st.lists(st.sampled_from(LEVELS), min_size=1, max_size=5, unique=True),
)
def test_fast_rule_equals_brute_force(specs, gap, bounds, levels) -> None:
    files = [Item(i, 738000 + d, ADDRESSES[a]) for i, (d, a) in enumerate(specs)]
    options = ClusterOptions(gap, bounds[0], bounds[1], tuple(levels)).validate()
    fast = {
        (c.level, c.key, c.first_day, c.last_day, tuple(c.file_ids)) for c in cluster_items(files, options)
    }
    assert fast == brute_force(files, options)


# -- identity -------------------------------------------------------------------------------------------


def old(object_id: str, first: str, last: str, files: set[int], age: int, **user) -> Previous:
    return Previous(
        object_id,
        "city",
        ("China", "Zhejiang", "Hangzhou"),
        day(first),
        day(last),
        frozenset(files),
        age,
        **user,
    )


def new(first: str, last: str, files: list[int]) -> Cluster:
    return Cluster("city", ("China", "Zhejiang", "Hangzhou"), day(first), day(last), files)


def test_a_growing_cluster_keeps_its_identity() -> None:
    outcomes, ended = reconcile(
        [old("a", "2024-03-03", "2024-03-04", {1, 2}, 0)], [new("2024-03-03", "2024-03-05", [1, 2, 3])]
    )
    assert outcomes[0].previous.object_id == "a" and ended == []


def test_bridged_clusters_keep_the_older_id_and_both_users_fields() -> None:
    a = old("a", "2024-03-03", "2024-03-03", {1}, 0, title="", custom_labels={"who": "me", "mood": "sunny"})
    b = old("b", "2024-03-05", "2024-03-05", {2}, 1, title="Lake days", custom_labels={"mood": "rainy"})
    outcomes, ended = reconcile([b, a], [new("2024-03-03", "2024-03-05", [1, 2, 3])])
    (outcome,) = outcomes
    assert outcome.previous.object_id == "a" and [p.object_id for p in outcome.absorbed] == ["b"]
    assert outcome.user_fields() == ("Lake days", "", {"who": "me", "mood": "sunny"})
    assert ended == []


def test_a_split_gives_the_id_to_the_part_sharing_most_files() -> None:
    a = old("a", "2024-03-01", "2024-03-09", {1, 2, 3, 4}, 0)
    outcomes, _ = reconcile(
        [a], [new("2024-03-01", "2024-03-02", [1]), new("2024-03-08", "2024-03-09", [2, 3, 4])]
    )
    assert outcomes[0].previous is None and outcomes[1].previous.object_id == "a"


def test_a_cluster_sharing_nothing_ends() -> None:
    outcomes, ended = reconcile(
        [old("a", "2024-03-01", "2024-03-02", {1}, 0)], [new("2024-04-01", "2024-04-02", [5])]
    )
    assert outcomes[0].previous is None and [p.object_id for p in ended] == ["a"]


def test_deleted_clusters_stay_deleted() -> None:
    gone = Deleted("city", ("China", "Zhejiang", "Hangzhou"), day("2024-03-03"), day("2024-03-05"))
    kept = without_deleted(
        [new("2024-03-04", "2024-03-08", [1]), new("2024-04-01", "2024-04-02", [2])], [gone]
    )
    assert [c.file_ids for c in kept] == [[2]]


def test_a_place_renamed_by_better_naming_keeps_its_cluster_and_the_users_fields() -> None:
    """Wangzhai becomes Hangzhou when a library re-geocodes: the same level and mostly the same files are
    the same cluster under a new name; another level, or a cluster made of other files, is not."""
    wangzhai = Previous("c1", "city", ("China", "Zhejiang", "Wangzhai"), day("2024-03-03"), day("2024-03-05"),
                        frozenset({1, 2, 3, 4}), 1, title="Lake days")  # fmt: skip
    hangzhou = Cluster("city", ("China", "Zhejiang", "Hangzhou"), day("2024-03-03"), day("2024-03-05"),
                       [1, 2, 3, 4, 5])  # fmt: skip
    (outcome,), ended = reconcile([wangzhai], [hangzhou])
    assert outcome.previous is wangzhai and ended == []
    other_level = Cluster("province", ("China", "Zhejiang"), day("2024-03-03"), day("2024-03-05"),
                          [1, 2, 3, 4])  # fmt: skip
    (outcome,), ended = reconcile([wangzhai], [other_level])
    assert outcome.previous is None and ended == [wangzhai]
    mostly_others = Cluster("city", ("China", "Zhejiang", "Hangzhou"), day("2024-03-01"), day("2024-03-09"),
                            [1, 2, 3, 10, 11, 12, 13])  # fmt: skip
    (outcome,), ended = reconcile([wangzhai], [mostly_others])
    assert outcome.previous is None and ended == [wangzhai]  # 3 of its 7 files: a cluster of its own
    kept = old("c0", "2024-03-03", "2024-03-05", {1, 2}, 0)  # a stored cluster already at Hangzhou claims it
    outcomes, ended = reconcile([kept, wangzhai], [hangzhou])
    assert outcomes[0].previous is kept and ended == [wangzhai]
