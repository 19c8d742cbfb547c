"""The one-to-one assignment: of the candidate pairs (old, new, score), the
set in which no task appears twice and the total score is the largest
(a maximum-weight bipartite matching; a task may stay unmatched).

The candidate graph falls apart into small connected components (a task has
a bounded number of candidates, and most of them are below the threshold).
Each component of at most ``EXACT_LIMIT`` tasks on its smaller side is solved
exactly by the Hungarian method (Kuhn–Munkres with potentials, O(n²·m));
a larger one — only seen when a document repeats one wording many times —
gets the greedy matching (best score first) followed by repair: a pair is
exchanged with another when swapping partners, or moving to a free partner,
raises the total, until no such move is left.

Why not scipy's ``linear_sum_assignment``: it is exact and fast, but
importing scipy and numpy costs more than a whole ``gwr list`` (about 0.2 s
on the project machine) and about 100 MB of install, for matrices that here
have a handful of rows."""

from __future__ import annotations

from collections import defaultdict

EXACT_LIMIT = 30
_INF = float("inf")

Edge = tuple[int, int, float]  # old position, new position, score


def hungarian(cost: list[list[float]]) -> list[int]:
    """Minimum-cost assignment of every row to a distinct column
    (``len(cost) <= len(cost[0])``): the column of each row."""
    n, m = len(cost), len(cost[0])
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0], col = row, 0
        best = [_INF] * (m + 1)
        used = [False] * (m + 1)
        while owner[col]:
            used[col] = True
            r, delta, nxt = owner[col], _INF, 0
            costs = cost[r - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = costs[j - 1] - u[r] - v[j]
                    if reduced < best[j]:
                        best[j], way[j] = reduced, col
                    if best[j] < delta:
                        delta, nxt = best[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    best[j] -= delta
            col = nxt
        while col:
            prev = way[col]
            owner[col] = owner[prev]
            col = prev
    result = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result


def _components(edges: list[Edge]) -> list[list[Edge]]:
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for o, n, _ in edges:
        a, b = root(("o", o)), root(("n", n))
        if a != b:
            parent[a] = b
    groups: dict[tuple[str, int], list[Edge]] = defaultdict(list)
    for edge in edges:
        groups[root(("o", edge[0]))].append(edge)
    return list(groups.values())


def _exact(edges: list[Edge]) -> list[tuple[int, int]]:
    olds = sorted({e[0] for e in edges})
    news = sorted({e[1] for e in edges})
    flip = len(olds) > len(news)
    rows, cols = (news, olds) if flip else (olds, news)
    col_index = {c: j for j, c in enumerate(cols)}
    row_index = {r: i for i, r in enumerate(rows)}
    cost = [[0.0] * len(cols) for _ in rows]  # 0: not paired
    for o, n, w in edges:
        r, c = (n, o) if flip else (o, n)
        cost[row_index[r]][col_index[c]] = -w
    chosen = []
    for i, j in enumerate(hungarian(cost)):
        if j >= 0 and cost[i][j] < 0:
            r, c = rows[i], cols[j]
            chosen.append((c, r) if flip else (r, c))
    return chosen


def _greedy(edges: list[Edge]) -> list[tuple[int, int]]:
    weight = {(o, n): w for o, n, w in edges}
    by_old: dict[int, list[int]] = defaultdict(list)
    by_new: dict[int, list[int]] = defaultdict(list)
    for o, n, _ in edges:
        by_old[o].append(n)
        by_new[n].append(o)
    old_of: dict[int, int] = {}
    new_of: dict[int, int] = {}
    for o, n, _ in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        if o not in new_of and n not in old_of:
            new_of[o], old_of[n] = n, o
    improved = True
    while improved:  # each move raises the total: this ends
        improved = False
        for o in list(new_of):
            move = _best_move(o, new_of, old_of, by_old, by_new, weight)
            if move is not None:
                for a, b in move:
                    if a in new_of:
                        old_of.pop(new_of.pop(a), None)
                    if b in old_of:
                        new_of.pop(old_of.pop(b), None)
                for a, b in move:
                    new_of[a], old_of[b] = b, a
                improved = True
    return sorted(new_of.items())


def _best_move(
    o: int,
    new_of: dict[int, int],
    old_of: dict[int, int],
    by_old: dict[int, list[int]],
    by_new: dict[int, list[int]],
    weight: dict[tuple[int, int], float],
) -> list[tuple[int, int]] | None:
    """A change of partners around ``o`` that raises the total: ``o`` takes
    another new task, whose old partner (or a free old task) takes ``o``'s."""
    n = new_of[o]
    for n2 in by_old[o]:
        if n2 == n:
            continue
        o2 = old_of.get(n2)
        if o2 is not None:  # swap partners
            back = weight.get((o2, n))
            if (
                back is not None
                and weight[(o, n2)] + back > weight[(o, n)] + weight[(o2, n2)] + 1e-9
            ):
                return [(o, n2), (o2, n)]
            continue
        free = [x for x in by_new[n] if x != o and x not in new_of]
        taker = max(free, key=lambda x: weight[(x, n)], default=None)
        gain = weight[(o, n2)] - weight[(o, n)] + (weight[(taker, n)] if taker is not None else 0)
        if gain > 1e-9:
            return [(o, n2)] + ([(taker, n)] if taker is not None else [])
    return None


def assign(edges: list[Edge]) -> list[tuple[int, int]]:
    """(old, new) pairs of the maximum-score one-to-one assignment."""
    chosen: list[tuple[int, int]] = []
    for component in _components(edges):
        if len(component) == 1:
            chosen.append((component[0][0], component[0][1]))
            continue
        side = min(len({e[0] for e in component}), len({e[1] for e in component}))
        chosen += _exact(component) if side <= EXACT_LIMIT else _greedy(component)
    return sorted(chosen)
