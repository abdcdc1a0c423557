"""The cluster and task commands of ``tripfold`` (SPEC §9): cluster, clusters, update-cluster,
delete-cluster, restore-clusters (an extension), tasks.

Options are parsed into the service's own types and refused there, so the command line and the window
give the same messages for the same mistakes.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli_output import _, add_language_option
from app.cli_output import print_json as _print_json

EXIT_OK = 0


def _pairs(values: list[str] | None, option: str) -> dict[str, str]:
    """KEY=VALUE arguments as a dict; a value without '=' is refused naming the option."""
    from app.service import ServiceError

    result = {}
    for value in values or []:
        key, sep, text = value.partition("=")
        if not sep or not key:
            raise ServiceError(
                "InvalidArgument",
                _("{option} takes KEY=VALUE, not {value}").format(option=option, value=repr(value)),
            )
        result[key] = text
    return result


def _levels(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",")) if text else ()


def _with_bar(call: Any) -> Any:
    """Run a long service call with a progress bar on the terminal, cleared whatever happens."""
    from app.cli_output import ProgressBar

    bar = ProgressBar()
    try:
        return call(bar)
    finally:
        bar.close()


def cmd_cluster(service: Any, args: argparse.Namespace) -> int:
    from app.service import ClusterOptions

    saved = service.clustering_options()
    options = ClusterOptions(
        gap_days=saved.gap_days if args.gap_days is None else args.gap_days,
        min_days=saved.min_days if args.min_days is None else args.min_days,
        max_days=saved.max_days if args.max_days is None else args.max_days,
        levels=_levels(args.levels) if args.levels is not None else saved.levels,
    )
    from app.cli_trips import trip_options
    from app.imm import task_json

    task = _with_bar(
        lambda bar: service.create_location_date_clustering_task(
            options, trip_options=trip_options(service, args), progress=bar, tags=_pairs(args.tag, "--tag"),
            user_data=args.user_data, notify_file=args.notify_file,
        )
    )  # fmt: skip
    task = task_json(task)
    if args.json:
        _print_json(task)
    else:
        r = task["Result"]
        print(
            f"{task['Status']}: " + _(
                "{files:,} files with time and place; clusters {new} new, {changed} changed,"
                " {removed} removed, {unchanged} unchanged."
            ).format(
                files=r.get("FilesClustered", 0), new=r.get("ClustersCreated", 0),
                changed=r.get("ClustersUpdated", 0), removed=r.get("ClustersRemoved", 0),
                unchanged=r.get("ClustersUnchanged", 0),
            ),
            file=sys.stderr,
        )  # fmt: skip
        if r.get("SkippedByReason"):
            reasons = ", ".join(f"{n:,} {k}" for k, n in sorted(r["SkippedByReason"].items()))
            print("  " + _("Not clustered: {reasons}.").format(reasons=reasons), file=sys.stderr)
        if "TripsCreated" in r:
            print(
                "  " + _(
                    "Trips: {new} new, {changed} changed, {removed} removed, {unchanged} unchanged;"
                    " {in_trips:,} files in trips, {estimated:,} with an estimated place."
                ).format(
                    new=r["TripsCreated"], changed=r["TripsUpdated"], removed=r["TripsRemoved"],
                    unchanged=r.get("TripsUnchanged", 0), in_trips=r["FilesInTrips"],
                    estimated=r.get("FilesEstimated", 0),
                ),
                file=sys.stderr,
            )  # fmt: skip
            outside = {k: n for k, n in r["FilesNotInTrips"].items() if n}
            if outside:
                reasons = ", ".join(f"{n:,} {k}" for k, n in outside.items())
                print("  " + _("In no trip: {reasons}.").format(reasons=reasons), file=sys.stderr)
        print("  " + _("tripfold trips   lists the trips, tripfold clusters the clusters; task {task}")
              .format(task=task["TaskId"]), file=sys.stderr)  # fmt: skip
    return EXIT_OK if task["Status"] == "Succeeded" else 1


def cmd_clusters(service: Any, args: argparse.Namespace) -> int:
    from app.service import ClusterQuery

    query = ClusterQuery(
        object_id=args.id,
        title=args.title,
        address=_pairs(args.address, "--address"),
        levels=_levels(args.levels),
        start_range=(args.start_from, args.start_to),
        end_range=(args.end_from, args.end_to),
        labels=_pairs(args.label, "--label"),
        sort=args.sort,
        order=args.order,
        max_results=args.max_results,
        next_token=args.next_token or "",
        with_files=args.with_files,
    )
    from app.imm import cluster_page_json

    page = cluster_page_json(service.query_location_date_clusters(query), args.language)
    if args.json:
        _print_json(page)
        return EXIT_OK
    for c in page["LocationDateClusters"]:
        _print_cluster(c, args.with_files)
    if not page["LocationDateClusters"]:
        print(
            _("No clusters. Index folders with `tripfold index DIR`, then run `tripfold cluster`."),
            file=sys.stderr,
        )
    if page["NextToken"]:
        print(
            _("More: tripfold clusters --next-token {token}").format(token=page["NextToken"]), file=sys.stderr
        )
    return EXIT_OK


def _print_cluster(c: dict[str, Any], with_files: bool) -> None:
    print(f"{c['Caption']}  ({c['LocationDateClusterLevel']})")
    print(f"    {c['DateRangeText']} · {c['DaysText']} · {c['CountsText']}   {c['ObjectId']}")
    if c["Title"]:
        print(f"    {c['PlaceCaption']}")
    if c["CustomLabels"]:
        print("    " + _("labels: ") + ", ".join(f"{k}={v}" for k, v in c["CustomLabels"].items()))
    if with_files:
        for f in c["Files"]:
            print(f"      {f['ProduceTime']:29} {f['URI']}")


def cmd_update_cluster(service: Any, args: argparse.Namespace) -> int:
    labels = _pairs(args.label, "--label") if args.label is not None else None
    from app.imm import cluster_json

    cluster = service.update_location_date_cluster(
        args.object_id, title=args.title, custom_id=args.custom_id, custom_labels=labels
    )
    _print_cluster(cluster_json(cluster, args.language), False)
    return EXIT_OK


def cmd_delete_cluster(service: Any, args: argparse.Namespace) -> int:
    service.delete_location_date_cluster(args.object_id)
    print(
        _(
            "Deleted {id}. No photo or video was touched; later runs will not bring it back"
            " (tripfold restore-clusters undoes every deletion)."
        ).format(id=args.object_id),
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_restore_clusters(service: Any, args: argparse.Namespace) -> int:
    count = service.restore_deleted_clusters()
    print(
        _("{count} deleted clusters will come back at the next `tripfold cluster`.").format(count=count),
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_tasks(service: Any, args: argparse.Namespace) -> int:
    from app.imm import task_json

    rows = [task_json(t) for t in service.list_tasks(args.type, args.status, _pairs(args.tag, "--tag"))]
    if args.json:
        _print_json({"Tasks": rows})
        return EXIT_OK
    for t in rows:
        detail = t["Code"] or ", ".join(f"{k} {v}" for k, v in t["Result"].items() if isinstance(v, int))
        print(f"{t['StartTime']:24}  {t['Status']:9}  {t['TaskType']:22}  {t['TaskId']}  {detail}")
    print(_("{count} tasks (kept for 7 days)").format(count=len(rows)), file=sys.stderr)
    return EXIT_OK


def cmd_story(service: Any, args: argparse.Namespace) -> int:
    from app.imm import task_json

    task = _with_bar(
        lambda bar: service.create_story(
            args.object_id, args.dest, max_files=args.max_files,
            min_files=args.min_files if args.min_files is not None else min(5, max(args.max_files, 2)),
            formats=args.format or ["album"], hardlink=args.hardlink, name=args.name or "", progress=bar,
            language=args.language,
        )
    )  # fmt: skip
    task = task_json(task)
    if args.json:
        _print_json(task)
    else:
        result = task["Result"]
        highlights = _("{count} highlights.").format(count=result.get("FileCount", 0))
        print(f"{task['Status']}: {highlights} {task['Message']}".strip(), file=sys.stderr)
        for export in result.get("Exports", []):
            print(f"  {export['Format']}: {export['URI']}", file=sys.stderr)
    return EXIT_OK if task["Status"] == "Succeeded" else 1


def add_parsers(sub: Any) -> dict[str, Any]:
    """Add the cluster and task commands to ``sub``; returns their handlers by name."""
    cluster = sub.add_parser("cluster", help=_("fold the library into location-date clusters"))
    cluster.add_argument(
        "--gap-days", type=int, metavar="N", help=_("days without photos allowed in one cluster")
    )
    cluster.add_argument("--min-days", type=int, metavar="N", help=_("shorter clusters are not kept"))
    cluster.add_argument("--max-days", type=int, metavar="N", help=_("longer clusters are not kept"))
    cluster.add_argument(
        "--levels", metavar="L[,L...]", help=_("country, province, city, district, township")
    )
    cluster.add_argument("--tag", action="append", metavar="KEY=VALUE")
    cluster.add_argument("--user-data", default="", metavar="TEXT")
    cluster.add_argument(
        "--notify-file", metavar="PATH", help=_("append the end-of-task message as a JSON line")
    )
    cluster.add_argument("--json", action="store_true")
    from app.cli_trips import add_trip_options

    add_trip_options(cluster)

    clusters = sub.add_parser("clusters", help=_("list clusters (filters are ANDed)"))
    clusters.add_argument("--id")
    clusters.add_argument("--title", help=_("case-insensitive part of the title"))
    clusters.add_argument("--levels", metavar="L[,L...]")
    clusters.add_argument(
        "--address", action="append", metavar="FIELD=VALUE", help=_("e.g. City=Hangzhou (names in English)")
    )
    for name in ("start-from", "start-to", "end-from", "end-to"):
        clusters.add_argument(f"--{name}", metavar="T", help=_("RFC 3339 time"))
    clusters.add_argument("--label", action="append", metavar="KEY=VALUE")
    clusters.add_argument("--sort", default="LocationDateClusterStartTime")
    clusters.add_argument("--order", default="asc")
    clusters.add_argument("--max-results", type=int, default=20, metavar="N")
    clusters.add_argument("--next-token", metavar="T")
    clusters.add_argument("--with-files", action="store_true")
    clusters.add_argument("--json", action="store_true")
    add_language_option(clusters)

    update = sub.add_parser("update-cluster", help=_("set a cluster's title, custom id or labels"))
    update.add_argument("object_id", metavar="ID")
    update.add_argument("--title")
    update.add_argument("--custom-id")
    update.add_argument("--label", action="append", metavar="KEY=VALUE", help=_("replaces all labels"))
    add_language_option(update)

    delete = sub.add_parser("delete-cluster", help=_("delete a cluster (never its files)"))
    delete.add_argument("object_id", metavar="ID")

    sub.add_parser("restore-clusters", help=_("let the next run bring deleted clusters back"))

    story = sub.add_parser("story", help=_("pick a trip's highlights and export them into DEST"))
    story.add_argument("object_id", metavar="ID", help=_("a trip's or a place's id"))
    story.add_argument("dest", metavar="DEST")
    story.add_argument(
        "--min-files", type=int, metavar="N", help=_("fewer highlights give no story (default 5)")
    )
    story.add_argument("--max-files", type=int, default=40, metavar="N")
    from app.core import exporters

    story.add_argument(
        "--format", action="append", choices=exporters.NAMES, metavar="|".join(exporters.NAMES),
        help="; ".join(f"{e.name}: {e.description}" for e in exporters.EXPORTERS) + _(" (default: album)"),
    )  # fmt: skip
    story.add_argument("--hardlink", action="store_true", help=_("hard-link instead of copying (same disk)"))
    story.add_argument("--name", help=_("the story's name (default: the trip's title or place and date)"))
    story.add_argument("--json", action="store_true")
    add_language_option(story)

    task_list = sub.add_parser("tasks", help=_("list tasks of the last 7 days"))
    task_list.add_argument("--type", metavar="T")
    task_list.add_argument("--status", metavar="S")
    task_list.add_argument("--tag", action="append", metavar="KEY=VALUE")
    task_list.add_argument("--json", action="store_true")
    return {
        "cluster": cmd_cluster,
        "clusters": cmd_clusters,
        "update-cluster": cmd_update_cluster,
        "delete-cluster": cmd_delete_cluster,
        "restore-clusters": cmd_restore_clusters,
        "tasks": cmd_tasks,
        "story": cmd_story,
    }
