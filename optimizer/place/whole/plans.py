"""Every worker's whole plan, fixed work included, to test one more piece against every rule.

The rules are the working-time kernel's (`optimizer.kernel`): travel and overlap, the day's
span, the 20-minute break, daily and weekly rest, the 48-hour average across employers,
night workers' average and each contract's hours.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from optimizer.kernel import DAY, Piece, closed, day_shape, first_breach, first_unexcused
from optimizer.place.eligibility import away_minutes
from optimizer.place.problem import PlaceProblem
from optimizer.place.travel import home_of, place_of
from optimizer.place.worktime import (
    fixed_pieces,
    shift_piece,
    visit_piece,
    worker_rules,
    working_time,
)


class Plans:
    """Each worker's pieces of work by day, with each day's shape cached."""

    def __init__(self, problem: PlaceProblem, staff_by_id, assignments):
        self.problem, self.staff = problem, staff_by_id
        self.wt = working_time(problem.rules)
        self.who = {
            name: worker_rules(self.wt, problem.days, problem.start, s)
            for name, s in staff_by_id.items()
        }
        self.away = {name: away_minutes(problem, s) for name, s in staff_by_id.items()}
        self.sites = {s.id: place_of(s) for s in problem.sites}
        self.slot_site = {c.id: c.site for c in problem.cover}
        self.visit_place = {v.id: place_of(v) for v in problem.visits}
        self.days: dict[str, dict[int, list[Piece]]] = defaultdict(dict)
        self.shapes: dict[str, dict[int, object]] = defaultdict(dict)
        self.totals: dict[str, Counter] = {}
        self.item_at: dict[tuple[str, int], str] = {}  # (worker, start) -> item, for trimming
        self.clean: dict[str, bool] = {}  # whether a worker's plan keeps every rule (cached)
        for name, staff in staff_by_id.items():
            for piece in fixed_pieces(self.wt, problem.origin, staff):
                self.days[name].setdefault(piece.start // DAY, []).append(piece)
        for a in assignments:
            piece = self.piece(a.item, a.kind, self.problem.minute(a.start), a.end, a.employer)
            self.days[a.staff].setdefault(piece.start // DAY, []).append(piece)
            self.item_at[a.staff, piece.start] = a.item
        for name, days in self.days.items():
            for day, pieces in days.items():
                self.shapes[name][day] = self.shape(name, pieces)

    def piece(self, item_id: str, kind: str, start: int, end, employer: str) -> Piece:
        """Return the piece of work of an item (`end` a minute or a datetime)."""
        end = end if isinstance(end, int) else self.problem.minute(end)
        if kind == "visit":
            return visit_piece(start, end, self.visit_place[item_id], employer)
        return shift_piece(self.wt, start, end, self.site_place(item_id), employer)

    def start_of(self, item_id: str) -> int | None:
        """Return when an item is planned to start (None when it is not planned)."""
        return next((start for (_, start), item in self.item_at.items() if item == item_id), None)

    def site_place(self, slot_id: str) -> str | None:
        """Return where a cover slot's site is (None when the site is not listed)."""
        return self.sites.get(self.slot_site.get(slot_id))

    def shape(self, name: str, pieces: list[Piece]):
        """Return the `DayShape` of a worker's pieces on one day, or None if they clash."""
        home = home_of(self.staff[name])
        return day_shape(pieces, home, self.problem.travel_minutes, self.wt.break_length)

    def check(self, staff, piece: Piece) -> tuple[str, object]:
        """Return ("ok", the day's new shape) if `piece` fits the worker's plan, else (rule, None).

        Rules in the kernel's order: busy (overlap, or travel between pieces), day_span,
        break, daily_rest, weekly_rest, weekly_limit, night_limit, contract_hours.
        """
        day = piece.start // DAY
        shape = self.shape(staff.id, self.days[staff.id].get(day, []) + [piece])
        if shape is None:
            return "busy", None
        shapes = dict(self.shapes[staff.id])
        shapes[day] = shape
        ordered = [shapes[d] for d in sorted(shapes)]
        if any(s is None for s in ordered):
            return "busy", None
        if self._clean(staff.id):
            rule = first_breach(ordered, self.who[staff.id], shape)
        else:  # breaches of fixed work alone are excused while nothing is added in their scope
            rule = first_unexcused(ordered, self.who[staff.id], self.closed(staff.id))
        return (rule, None) if rule else ("ok", shape)

    def closed(self, name: str) -> list:
        """Return (cached) the breaches the worker's fixed work alone makes, with their scopes."""
        cache = self.__dict__.setdefault("_closed", {})
        if name not in cache:
            days = [[p for p in ps if p.fixed] for _, ps in sorted(self.days[name].items())]
            shapes = [self.shape(name, pieces) for pieces in days if pieces]
            ok = shapes and all(s is not None for s in shapes)  # clashing fixed work: all busy
            cache[name] = closed(shapes, self.who[name]) if ok else []
        return cache[name]

    def _clean(self, name: str) -> bool:
        """Return (cached) whether the worker's plan as it stands keeps every rule."""
        if name not in self.clean:
            shapes = [self.shapes[name][d] for d in sorted(self.shapes[name])]
            ok = all(s is not None for s in shapes)
            self.clean[name] = ok and first_breach(shapes, self.who[name]) is None
        return self.clean[name]

    def try_add(self, staff, piece: Piece):
        """Return the worker's new shape of the day if `piece` breaks no rule, else None."""
        if self._clearly_not(staff, piece):
            return None
        return self.check(staff, piece)[1]

    def _clearly_not(self, staff, piece: Piece) -> bool:
        """Return True when `piece` surely breaks a rule (overlap, span, contract cap)."""
        today = self.days[staff.id].get(piece.start // DAY, ())
        if any(w.start < piece.end and piece.start < w.end for w in today):
            return True
        first = min([piece.start] + [w.start for w in today])
        last = max([piece.end] + [w.end for w in today])
        if last - first > self.wt.max_day_span:
            return True
        used, cap = self.minutes_by_employer(staff.id), self.who[staff.id].caps
        return used[piece.employer] + piece.end - piece.start > cap.get(piece.employer, 0)

    def minutes_by_employer(self, staff_id: str) -> Counter:
        """Return the worker's minutes so far, travel and fixed work included, by employer."""
        if staff_id not in self.totals:
            total: Counter = Counter()
            for shape in self.shapes[staff_id].values():
                if shape is not None:
                    total.update(shape.minutes)
            self.totals[staff_id] = total
        return self.totals[staff_id]

    def add(self, staff_id: str, piece: Piece, shape) -> None:
        """Add a piece of work, and the day's new shape, to a worker's plan."""
        day = piece.start // DAY
        self.days[staff_id].setdefault(day, []).append(piece)
        self.shapes[staff_id][day] = shape
        self.totals.pop(staff_id, None)
        self.clean.pop(staff_id, None)

    def remove(self, staff_id: str, piece: Piece) -> None:
        """Take a piece of work out of a worker's plan."""
        day = piece.start // DAY
        pieces = [p for p in self.days[staff_id][day] if p != piece]
        self.days[staff_id][day] = pieces
        if pieces:
            self.shapes[staff_id][day] = self.shape(staff_id, pieces)
        else:
            del self.days[staff_id][day], self.shapes[staff_id][day]
        self.totals.pop(staff_id, None)
        self.clean.pop(staff_id, None)

    def works_near(self, staff_id: str, day: int, locality: str) -> bool:
        """Return whether the worker already works in this locality that day."""
        near = self.problem.travel_source.locality
        return any(near(w.locality or "") == locality for w in self.days[staff_id].get(day, ()))
