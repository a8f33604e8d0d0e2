"""Arrange the archive's agencies as a hierarchy: central, province, city, county or district.

Known agencies take their place and parent from data/agencies.yaml (`level`,
`parent`, `region`); the others are placed by the place name they start with
(聊城市政协 -> 聊城市, 临清市政协 -> 临清市 in 聊城市), using data/places.yaml.
Departments hang under their parent body when that body is in the archive too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .agencies import agency_info, gazetteer

CENTRAL = "中央"
UNPLACED = "地区不详"


@dataclass
class AgencyNode:
    """One agency with the reports about it and the departments under it."""

    name: str
    count: int
    parent: str | None = None
    """Canonical parent from the data file (shown even when the parent has no reports)."""
    children: list[AgencyNode] = field(default_factory=list)


@dataclass
class PlaceNode:
    """A place (or 中央, or 地区不详) with its agencies and the places under it."""

    name: str
    level: str
    """"central", "province", "city", "county" or "unknown"."""
    agencies: list[AgencyNode] = field(default_factory=list)
    places: list[PlaceNode] = field(default_factory=list)
    count: int = 0
    """Distinct reports about any agency in this place or below."""

    @property
    def anchor(self) -> str:
        return "p-" + self.name


def place_of(name: str) -> tuple[str, str]:
    """Return (place, level) an agency belongs to: from the data file, else from the place its name starts with."""
    g = gazetteer()
    info = agency_info(name)
    if info and info.level == "central":
        return CENTRAL, "central"
    if info and info.region:
        return place_level(info.region)
    for length in range(min(len(name), 8), 1, -1):
        canonical = g.place_forms.get(name[:length])
        if canonical:
            return place_level(canonical)
    return UNPLACED, "unknown"


def place_level(place: str) -> tuple[str, str]:
    """Return a canonical place with its level."""
    g = gazetteer()
    if place in g.provinces:
        return place, "province"
    if place in g.cities:
        return place, "city"
    if place in g.counties:
        return place, "county"
    return UNPLACED, "unknown"


def place_chain(place: str, level: str) -> list[tuple[str, str]]:
    """Return the places from the top down to this one: province, city, county."""
    g = gazetteer()
    if level == "county":
        city = g.counties[place]
        return [(g.cities[city], "province"), (city, "city"), (place, level)]
    if level == "city":
        return [(g.cities[place], "province"), (place, level)]
    return [(place, level)]


def agency_tree(counts: dict[str, int], reports_by_agency: dict[str, set[str]]) -> list[PlaceNode]:
    """Build the hierarchy of places and agencies for the agencies page."""
    roots: dict[str, PlaceNode] = {}
    nodes: dict[str, PlaceNode] = {}
    members: dict[str, set[str]] = {}

    def node(chain: list[tuple[str, str]]) -> PlaceNode:
        parent: PlaceNode | None = None
        for name, level in chain:
            if name not in nodes:
                nodes[name] = PlaceNode(name, level)
                if parent is None:
                    roots[name] = nodes[name]
                else:
                    parent.places.append(nodes[name])
            parent = nodes[name]
        assert parent is not None
        return parent

    agency_nodes = {name: AgencyNode(name, counts[name], (agency_info(name).parent if agency_info(name) else None))
                    for name in counts}
    for name in sorted(counts):
        place, level = place_of(name)
        chain = place_chain(place, level)
        target = node(chain)
        parent = agency_nodes[name].parent
        if parent and parent in agency_nodes and place_of(parent) == (place, level):
            agency_nodes[parent].children.append(agency_nodes[name])
        else:
            target.agencies.append(agency_nodes[name])
        for p, _ in chain:
            members.setdefault(p, set()).update(reports_by_agency[name])
    for n in nodes.values():
        n.count = len(members.get(n.name, ()))
        n.agencies.sort(key=agency_order)
        n.places.sort(key=lambda p: (-p.count, p.name))
    for a in agency_nodes.values():
        a.children.sort(key=agency_order)
    order = {"central": 0, "province": 1, "city": 2, "county": 3, "unknown": 9}
    return sorted(roots.values(), key=lambda p: (order[p.level], -p.count, p.name))


def agency_order(a: AgencyNode) -> tuple[int, str]:
    """Most reports first, then by name."""
    return (-a.count, a.name)
