"""Automatic assignment of reviewers to applications as a min-cost flow (networkx).

    source → application (capacity: reviewers still needed)
           → reviewer   (capacity 1, only for pairs without a conflict or earlier review)
           → load tiers (convex costs, so that the load spreads evenly)
           → sink

Each reviewer's capacity is `cap` minus their current load. The tier costs rise with load:
slots up to the even share cost nothing, the next slot costs 1, each further one more, so the
cheapest maximum flow is the most even assignment that meets k wherever the conflicts allow.
Applications that cannot get k reviewers are reported in `shortfall`.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx


@dataclass
class Plan:
    applications: list
    reviewers: list
    pairs: list = field(default_factory=list)  # [(reviewer_id, application_id)] to create
    shortfall: dict = field(default_factory=dict)  # application_id → reviewers missing
    loads: dict = field(default_factory=dict)  # reviewer_id → load after the plan

    @property
    def is_complete(self):
        return not self.shortfall


def solve(*, applications, reviewers, per_application, cap, conflicts, existing=(), excluded=()):
    """Plan the assignment. `existing` pairs count towards k and loads (top-up mode);
    `excluded` pairs are never proposed again (earlier or recused reviews)."""
    plan = Plan(applications=list(applications), reviewers=list(reviewers))
    have = Counter(a for _r, a in existing)
    load = Counter(r for r, _a in existing)
    excluded = set(excluded)
    cap = cap if cap is not None else len(plan.applications)
    need = {a.pk: max(0, per_application - have[a.pk]) for a in plan.applications}
    demand = sum(need.values())
    if demand == 0 or not plan.reviewers:
        plan.shortfall = {a: n for a, n in need.items() if n}
        plan.loads = dict(load)
        return plan
    total_load = demand + sum(load.values())
    even = total_load / len(plan.reviewers)
    low, high = math.floor(even), math.ceil(even)

    graph = nx.DiGraph()
    for app_id, n in need.items():
        if n:
            graph.add_edge("s", ("a", app_id), capacity=n, weight=0)
    blocked = {r.pk: conflicts.conflicted_ids(r) for r in plan.reviewers}
    for reviewer in plan.reviewers:
        free = cap - load[reviewer.pk]
        if free <= 0:
            continue
        for app_id, n in need.items():
            if n and app_id not in blocked[reviewer.pk] and (reviewer.pk, app_id) not in excluded:
                graph.add_edge(("a", app_id), ("r", reviewer.pk), capacity=1, weight=0)
        for tier, capacity, cost in _tiers(load[reviewer.pk], cap, low, high):
            node = ("t", reviewer.pk, tier)
            graph.add_edge(("r", reviewer.pk), node, capacity=capacity, weight=cost)
            graph.add_edge(node, "z", capacity=capacity, weight=0)
    if "z" not in graph:
        plan.shortfall = {a: n for a, n in need.items() if n}
        plan.loads = dict(load)
        return plan
    flow = nx.max_flow_min_cost(graph, "s", "z")
    for app_id, n in need.items():
        if not n:
            continue
        got = 0
        for node, units in flow.get(("a", app_id), {}).items():
            if units:
                plan.pairs.append((node[1], app_id))
                load[node[1]] += 1
                got += 1
        if got < n:
            plan.shortfall[app_id] = n - got
    plan.pairs.sort()
    plan.loads = dict(load)
    return plan


def _tiers(current, cap, low, high):
    """(tier, capacity, cost) for the slots from `current` load up to `cap`."""
    tiers = []
    slot = current
    if slot < min(low, cap):
        tiers.append((0, min(low, cap) - slot, 0))
        slot = min(low, cap)
    if slot < min(high, cap):
        tiers.append((1, min(high, cap) - slot, 1))
        slot = min(high, cap)
    cost = 2
    while slot < cap and cost < 12:
        tiers.append((cost, 1, cost * cost))
        slot += 1
        cost += 1
    if slot < cap:
        tiers.append((cost, cap - slot, 1000))
    return tiers
