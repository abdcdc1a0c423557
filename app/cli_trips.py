"""The trip and home commands of ``tripfold`` (SPEC §9, the trips block): trips, update-trip, delete-trip,
restore-trips, merge-trips, split-trip, homes, add-home, remove-home; and the trip options of ``cluster``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from app.cli_output import _, add_language_option, ngettext, print_json

EXIT_OK = 0


def _invalid(message: str) -> Exception:
    from app.service import ServiceError

    return ServiceError("InvalidArgument", message)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _invalid(
            _("{option} takes a date as YYYY-MM-DD, not {text}").format(option=option, text=repr(text))
        ) from None


def add_trip_options(cluster: argparse.ArgumentParser) -> None:
    """The trip options of ``cluster`` (trips are folded in the same run)."""
    cluster.add_argument(
        "--away-km", type=float, metavar="N", help=_("farther than this from home is away (50)")
    )
    cluster.add_argument(
        "--trip-gap-days", type=int, metavar="N", help=_("days without photos inside a trip (1)")
    )
    cluster.add_argument(
        "--trip-min-files", type=int, metavar="N", help=_("fewer away photos make no trip (3)")
    )
    estimate = cluster.add_mutually_exclusive_group()
    estimate.add_argument(
        "--estimate-hours",
        type=float,
        metavar="N",
        help=_("photos without GPS borrow a place within N hours (2)"),
    )
    estimate.add_argument("--no-estimate", action="store_true", help=_("never estimate a place"))


def trip_options(service: Any, args: argparse.Namespace) -> Any:
    """The saved trip options with the ones given on the command line."""
    from dataclasses import replace

    saved = service.trip_options()
    changes: dict[str, Any] = {}
    for name in ("away_km", "trip_gap_days", "trip_min_files", "estimate_hours"):
        value = getattr(args, name, None)
        if value is not None:
            changes[name] = value
    if getattr(args, "no_estimate", False):
        changes["estimate_hours"] = None
    return replace(saved, **changes)


def cmd_trips(service: Any, args: argparse.Namespace) -> int:
    from app.imm import trip_json

    trips = service.query_trips(trip_id=args.id, year=args.year, text=args.text, with_files=args.with_files)
    if args.json:
        print_json({"Trips": [trip_json(t, args.language) for t in trips]})
        return EXIT_OK
    for trip in trips:
        _print_trip(trip, args.language, args.with_files)
    if not trips:
        print(
            _("No trips. Index folders with `tripfold index DIR`, then run `tripfold cluster`."),
            file=sys.stderr,
        )
    return EXIT_OK


def _print_trip(trip: Any, language: str, with_files: bool = False) -> None:
    from app.service.localized import localized_trip

    trip = localized_trip(trip, language)
    days = ngettext("{n} day", "{n} days", trip.days).format(n=trip.days)
    files = _("{n} files").format(n=trip.file_count)
    estimated = ""
    if trip.estimated_count:
        estimated = _(", {n} with an estimated place").format(n=trip.estimated_count)
    print(f"{trip.caption}")
    dates = f"{trip.first_day} – {trip.last_day}"
    print(f"    {dates} · {days} · {files}{estimated}   {trip.trip_id}")
    stops = " → ".join(s.address.city or s.address.province or s.address.country for s in trip.stops)
    if len(trip.stops) > 1:
        print(f"    {stops}")
    if trip.custom_labels:
        print("    " + _("labels: ") + ", ".join(f"{k}={v}" for k, v in trip.custom_labels.items()))
    if with_files and trip.files:
        from app.cli_output import shown_path

        for f in trip.files:
            mark = "  " + _("(estimated place)") if f.estimated else ""
            print(f"      {f.produce_time:29} {shown_path(f.path)}{mark}")


def cmd_update_trip(service: Any, args: argparse.Namespace) -> int:
    from app.cli_clusters import _pairs

    labels = _pairs(args.label, "--label") if args.label is not None else None
    _print_trip(service.update_trip(args.trip_id, title=args.title, custom_labels=labels), args.language)
    return EXIT_OK


def cmd_delete_trip(service: Any, args: argparse.Namespace) -> int:
    service.delete_trip(args.trip_id)
    print(
        _(
            "Deleted {id}. No photo or video was touched; later runs will not bring it back"
            " (tripfold restore-trips undoes every deletion)."
        ).format(id=args.trip_id),
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_restore_trips(service: Any, args: argparse.Namespace) -> int:
    print(_("{count} deleted trips are back.").format(count=service.restore_trips()), file=sys.stderr)
    return EXIT_OK


def cmd_merge_trips(service: Any, args: argparse.Namespace) -> int:
    _print_trip(service.merge_trips(args.trip_ids), args.language)
    return EXIT_OK


def cmd_split_trip(service: Any, args: argparse.Namespace) -> int:
    day = _day(args.at, "--at")
    assert day is not None
    for trip in service.split_trip(args.trip_id, day):
        _print_trip(trip, args.language)
    return EXIT_OK


def cmd_homes(service: Any, args: argparse.Namespace) -> int:
    from app.imm import home_json
    from app.service.localized import localized_home

    homes = service.list_homes()
    if args.json:
        print_json({"Homes": [home_json(h, args.language) for h in homes]})
        return EXIT_OK
    for h in homes:
        h = localized_home(h, args.language)
        where = h.address.line if args.language != "en" else ""
        where = where or ", ".join(p for p in (h.address.city, h.address.province, h.address.country) if p)
        where = where or _("{position} within {radius} km").format(
            position=f"{h.lat:.4f},{h.lon:.4f}", radius=f"{h.radius_km:g}"
        )
        when = f"{h.first_day or '…'} – {h.last_day or '…'}"
        source = _("detected") if h.source == "detected" else _("user")
        days = _("{n} photo-days").format(n=h.photo_days)
        print(f"{where}  {when}  ({source}, {days})  {h.home_id}")
    if not homes:
        print(
            _("No home yet: add one with `tripfold add-home CITY` or let a run detect it."), file=sys.stderr
        )
    return EXIT_OK


def cmd_add_home(service: Any, args: argparse.Namespace) -> int:
    where: dict[str, Any] = {}
    lat_text, comma, lon_text = args.place.partition(",")
    try:
        where = {"lat": float(lat_text), "lon": float(lon_text)} if comma else {}
    except ValueError:
        where = {}
    if not where:
        city = service.city_address(args.place)
        if city is None:
            raise _invalid(
                _(
                    "no city called {place} among your photos; give 'City, Province' or a position LAT,LON"
                ).format(place=repr(args.place))
            )
        where = {"city": city}
    home = service.add_home(
        **where,
        radius_km=args.radius_km,
        first_day=_day(args.from_day, "--from"),
        last_day=_day(args.to_day, "--to"),
    )
    print(_("Added home {id}; trips are folded again.").format(id=home.home_id), file=sys.stderr)
    return EXIT_OK


def cmd_remove_home(service: Any, args: argparse.Namespace) -> int:
    from app.service.localized import localized_home

    home = localized_home(service.remove_home(args.home_id), args.language)
    if home.source == "detected":
        print(
            _("{city} is no longer a home, and later runs will not detect it again.").format(
                city=home.address.city
            ),
            file=sys.stderr,
        )
    else:
        print(_("Removed home {id}.").format(id=home.home_id), file=sys.stderr)
    return EXIT_OK


def add_parsers(sub: Any) -> dict[str, Any]:
    trips = sub.add_parser("trips", help=_("list trips, oldest first"))
    trips.add_argument("--id")
    trips.add_argument("--year", type=int, metavar="Y")
    trips.add_argument("--text", metavar="TEXT", help=_("in the caption, places or labels"))
    trips.add_argument("--with-files", action="store_true")
    trips.add_argument("--json", action="store_true")
    add_language_option(trips)
    update = sub.add_parser("update-trip", help=_("set a trip's title or labels"))
    update.add_argument("trip_id", metavar="ID")
    update.add_argument("--title", metavar="T")
    update.add_argument("--label", action="append", metavar="KEY=VALUE")
    add_language_option(update)
    delete = sub.add_parser("delete-trip", help=_("forget a trip (its photos stay)"))
    delete.add_argument("trip_id", metavar="ID")
    sub.add_parser("restore-trips", help=_("bring back every deleted trip"))
    merge = sub.add_parser("merge-trips", help=_("merge trips into one, kept by every later run"))
    merge.add_argument("trip_ids", nargs="+", metavar="ID")
    add_language_option(merge)
    split = sub.add_parser("split-trip", help=_("split a trip; the part from --at on becomes a new trip"))
    split.add_argument("trip_id", metavar="ID")
    split.add_argument("--at", required=True, metavar="YYYY-MM-DD")
    add_language_option(split)
    homes = sub.add_parser("homes", help=_("list the homes, detected and yours"))
    homes.add_argument("--json", action="store_true")
    add_language_option(homes)
    add = sub.add_parser("add-home", help=_("add a home: a city of your photos, or a position LAT,LON"))
    add.add_argument("place", metavar="CITY|LAT,LON")
    add.add_argument("--radius-km", type=float, metavar="N")
    add.add_argument("--from", dest="from_day", metavar="DATE")
    add.add_argument("--to", dest="to_day", metavar="DATE")
    remove = sub.add_parser("remove-home", help=_("delete your home, or reject a detected one for good"))
    remove.add_argument("home_id", metavar="HOME_ID")
    add_language_option(remove)
    return {
        "trips": cmd_trips, "update-trip": cmd_update_trip, "delete-trip": cmd_delete_trip,
        "restore-trips": cmd_restore_trips, "merge-trips": cmd_merge_trips, "split-trip": cmd_split_trip,
        "homes": cmd_homes, "add-home": cmd_add_home, "remove-home": cmd_remove_home,
    }  # fmt: skip
