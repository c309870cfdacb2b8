"""The recorder's one error type and the "nearest names" helper for its messages."""


class RecorderError(ValueError):
    """Bad arguments or input: the message is one line naming the argument, file or value and
    what was expected."""


def edit_distance(a, b):
    """Levenshtein distance (insertions, deletions, substitutions cost 1), case-insensitive."""
    a, b = a.lower(), b.lower()
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j - 1] + (x != y), previous[j] + 1, current[j - 1] + 1))
        previous = current
    return previous[-1]


def nearest_names(word, candidates, count=5):
    """Up to ``count`` candidates closest to ``word`` by edit distance (ties by name)."""
    return sorted(set(candidates), key=lambda c: (edit_distance(word, c), c))[:count]


def nearest(word, candidates):
    """ " (did you mean 'x'?)" for the closest candidate, or "" when there are none."""
    best = nearest_names(word, candidates, 1)
    return f" (did you mean {best[0]!r}?)" if best else ""
