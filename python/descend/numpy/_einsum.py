"""`descend.numpy.einsum` and `einsum_path`: Einstein summation built from existing lax ops.

`einsum(subscripts, *operands)` goes in three steps, all at trace time (shapes are static):

1. parse: the subscripts (or NumPy's interleaved `op, sublist, ...` form) become one label
   string per operand and one for the output; `...` becomes fresh letters, right-aligned per
   operand as in broadcasting; implicit mode keeps the labels seen exactly once, broadcast
   (ellipsis) labels first, then the rest in sorted order (NumPy's and JAX's rule);
2. normalize each operand: a label repeated within one operand takes the diagonal (a strided
   slice of the flattened plane, as `diagonal`); a size-1 axis whose label has a larger size
   elsewhere is squeezed away (size-1 broadcasting, as JAX);
3. contract in the order `np.einsum_path` chooses (`optimize=` True / 'greedy' / 'optimal' /
   an explicit path; False contracts left to right): each pairwise step first sums the labels
   only one side has and nothing later needs (`reduce sum`), then is one `dot_general` whose
   batch dimensions are the shared labels still needed and whose contracting dimensions are the
   shared labels no longer needed. The result is summed and transposed to the output order.

Everything is `dot_general`, `reduce`, `transpose`, `reshape` and `slice`, so jit, grad and
vmap come from those ops' rules. Semantics follow `jax.numpy.einsum`: operands are promoted to
one dtype; `preferred_element_type` computes (and returns) in that dtype; booleans contract as
logical or-of-and (the result is bool); broadcast labels missing from an explicit output are
summed (NumPy raises there; JAX sums).
"""

from __future__ import annotations

import string

import numpy as np

from descend import dtypes, lax
from descend.jit import api
from descend.tracing import describe_location, user_location

from ._elementwise import not_equal
from ._shape import promote_same

_LETTERS = string.ascii_letters
# jax's precision names: descend's CPU kernels always compute in the operands' full precision,
# which meets every one of these requests (as JAX on the CPU)
_PRECISIONS = ("default", "high", "highest", "bfloat16", "tensorfloat32", "float32")


def _err(msg: str, exc=ValueError):
    raise exc(f"einsum: {msg}\n  at {describe_location(user_location())}")


# ---- parsing ---------------------------------------------------------------------------------


def _interleaved_to_subscripts(args) -> tuple[str, list]:
    """NumPy's `einsum(op0, sublist0, op1, sublist1, ..., [sublistout])` as (subscripts, operands)."""

    def term(sub):
        out = []
        for s in sub:
            if s is Ellipsis:
                out.append("...")
            elif isinstance(s, (int, np.integer)) and not isinstance(s, bool) and 0 <= s < len(_LETTERS):
                out.append(_LETTERS[int(s)])
            else:
                raise ValueError(f"einsum: subscript {s!r} in a sublist must be an integer in [0, 52) or Ellipsis")
        return "".join(out)

    operands = list(args[0::2])
    subs = [term(s) for s in args[1::2]]
    n = len(operands)
    spec = ",".join(subs[:n])
    if len(args) % 2 == 1:  # the last item is the output sublist
        operands = operands[:-1]
        spec = ",".join(subs) + "->" + term(args[-1])
    return spec, operands


def parse_subscripts(subscripts: str, shapes) -> tuple[list[str], str]:
    """(one label string per operand, output labels) for `subscripts` on operands of `shapes`.

    Ellipses become fresh letters (right-aligned per operand); the output is explicit after
    `->` or, without it, the labels appearing exactly once (broadcast labels first, then sorted).
    ValueError naming the problem for malformed subscripts or ranks that do not match."""
    if not isinstance(subscripts, str):
        raise TypeError(f"einsum: subscripts must be a string, got {type(subscripts).__name__}")
    spec = subscripts.replace(" ", "")
    bad = set(spec) - set(_LETTERS) - set(",.->")
    if bad:
        _err(f"invalid subscript character(s) {sorted(bad)} in {subscripts!r} (only letters, ',', '...' and '->')")
    if spec.count("->") > 1 or spec.count("-") != spec.count(">") or spec.count("-") != spec.count("->"):
        _err(f"subscripts {subscripts!r} may contain at most one '->'")
    explicit = "->" in spec
    lhs, out = spec.split("->") if explicit else (spec, None)
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        _err(f"subscripts {subscripts!r} name {len(terms)} operand(s) but {len(shapes)} were given")
    for t in terms + ([out] if explicit else []):
        if t.count(".") not in (0, 3) or (t.count(".") == 3 and "..." not in t):
            _err(f"invalid ellipsis in {subscripts!r} (use '...' at most once per term)")
    n_ell = []
    for k, (t, shp) in enumerate(zip(terms, shapes)):
        named = len(t.replace("...", ""))
        if "..." in t:
            if named > len(shp):
                _err(f"operand {k} has {len(shp)} dimension(s) (shape {tuple(shp)}) but subscripts {t!r} name {named}")
            n_ell.append(len(shp) - named)
        else:
            if named != len(shp):
                _err(f"operand {k} has {len(shp)} dimension(s) (shape {tuple(shp)}) but subscripts {t!r} name {named}")
            n_ell.append(0)
    n_broadcast = max(n_ell, default=0)
    fresh = [c for c in _LETTERS if c not in spec]
    if len(fresh) < n_broadcast:
        _err(f"too many labels: {n_broadcast} broadcast dimension(s) need fresh letters")
    ell = "".join(fresh[:n_broadcast])
    labels = [t.replace("...", ell[n_broadcast - k :] if k else "") for t, k in zip(terms, n_ell)]
    if explicit:
        out = out.replace("...", ell)
        if len(set(out)) != len(out):
            _err(f"output subscripts {subscripts.split('->')[1]!r} repeat a label")
        seen = set("".join(labels))
        missing = [c for c in out if c not in seen]
        if missing:
            _err(f"output label(s) {missing} of {subscripts!r} appear in no input")
    else:
        counts = {}
        for c in "".join(labels):
            counts[c] = counts.get(c, 0) + 1
        out = ell + "".join(sorted(c for c, n in counts.items() if n == 1 and c not in ell))
    return labels, out


def _label_sizes(labels, shapes) -> dict:
    """The size of each label (size-1 broadcasts against one other size); ValueError on a clash."""
    sizes = {}
    for k, (lab, shp) in enumerate(zip(labels, shapes)):
        for c, d in zip(lab, shp):
            d = int(d)
            have = sizes.get(c)
            if have is None or have == 1:
                sizes[c] = d
            elif d != 1 and d != have:
                _err(f"label {c!r} has size {have} in one operand but {d} in operand {k} (shape {tuple(shp)})")
    return sizes


# ---- the contraction -------------------------------------------------------------------------


def _diagonal(t, lab: str, label: str):
    """Take the diagonal over the first two axes of `t` labelled `label`; (tracer, labels)."""
    p = lab.index(label)
    q = lab.index(label, p + 1)
    n, m = t.shape[p], t.shape[q]
    if n != m:
        _err(f"repeated label {label!r} needs equal sizes in one operand, got {n} and {m}")
    rest = [i for i in range(t.ndim) if i not in (p, q)]
    t = lax.transpose(t, rest + [p, q])
    lead = t.shape[:-2]
    t = lax.reshape(t, lead + (n * n,))
    t = lax.slice(t, (0,) * len(lead) + (0,), lead + (n * n,), (1,) * len(lead) + (n + 1,))
    return t, "".join(lab[i] for i in rest) + label


def _sum_out(t, lab: str, keep) -> tuple:
    """Sum the axes whose labels are not in `keep`."""
    axes = tuple(i for i, c in enumerate(lab) if c not in keep)
    if not axes:
        return t, lab
    return lax.reduce_sum(t, axes), "".join(c for c in lab if c in keep)


def _pair(a, la: str, b, lb: str, keep) -> tuple:
    """Contract two operands, keeping the labels in `keep`: one dot_general."""
    a, la = _sum_out(a, la, set(keep) | set(lb))
    b, lb = _sum_out(b, lb, set(keep) | set(la))
    common = [c for c in la if c in lb]
    batch = [c for c in common if c in keep]
    contract = [c for c in common if c not in keep]
    dims = (
        (tuple(la.index(c) for c in contract), tuple(lb.index(c) for c in contract)),
        (tuple(la.index(c) for c in batch), tuple(lb.index(c) for c in batch)),
    )
    out = lax.dot_general(a, b, dims)
    return out, "".join(batch) + "".join(c for c in la if c not in common) + "".join(c for c in lb if c not in common)


def _np_optimize(optimize):
    """`optimize` in NumPy's terms (False, 'greedy', 'optimal' or an explicit path list)."""
    if optimize is False or optimize is None:
        return False
    if optimize is True or optimize in ("auto", "greedy"):
        return "greedy"
    if optimize == "optimal":
        return "optimal"
    if isinstance(optimize, (list, tuple)) and len(optimize) and optimize[0] == "einsum_path":
        return [optimize[0]] + [tuple(int(i) for i in step) for step in optimize[1:]]
    raise NotImplementedError(
        f"einsum: argument 'optimize'={optimize!r} is not supported "
        "(use True, False, 'auto', 'greedy', 'optimal' or an einsum_path list)"
    )


def _dummy(shape):
    """A zero-memory array of `shape` (einsum_path looks at shapes only)."""
    return np.broadcast_to(np.zeros((), np.float64), tuple(int(d) for d in shape))


def _contraction_path(labels, out: str, shapes, optimize) -> list:
    """The contraction order: a list of tuples of positions, NumPy's convention (the result of
    each step is appended to the end of the operand list)."""
    n = len(labels)
    opt = _np_optimize(optimize)
    if opt is False or n <= 1:
        return [tuple(range(n))]
    spec = ",".join(labels) + "->" + out
    path = np.einsum_path(spec, *(_dummy(s) for s in shapes), optimize=opt)[0]
    return [tuple(step) for step in path[1:]]


@api(static_argnames=("subscripts", "optimize", "preferred_element_type"))
def _einsum(operands, subscripts, optimize, preferred_element_type):
    if not operands:
        raise ValueError("einsum: at least one operand is required")
    ts = promote_same("einsum", operands)
    shapes = [t.shape for t in ts]
    labels, out = parse_subscripts(subscripts, shapes)
    sizes = _label_sizes(labels, shapes)
    dt = ts[0].aval.dtype if ts else "float32"
    if preferred_element_type is not None:
        dt = dtypes.canonicalize_dtype(preferred_element_type)
    compute = "int32" if dt == "bool" else dt
    ts = [lax.convert_element_type(t, compute) for t in ts]
    ops = []
    for t, lab in zip(ts, labels):
        for c in dict.fromkeys(lab):
            while lab.count(c) > 1:
                t, lab = _diagonal(t, lab, c)
        squeeze = [i for i, c in enumerate(lab) if t.shape[i] == 1 and sizes[c] != 1]
        if squeeze:
            t = lax.reshape(t, tuple(d for i, d in enumerate(t.shape) if i not in squeeze))
            lab = "".join(c for i, c in enumerate(lab) if i not in squeeze)
        ops.append((t, lab))
    path = _contraction_path([lab for _, lab in ops], out, [t.shape for t, _ in ops], optimize)
    for step in path:
        group = [ops[i] for i in step]
        ops = [o for i, o in enumerate(ops) if i not in step]
        later = set(out).union(*(lab for _, lab in ops))
        t, lab = group[0]
        if len(group) == 1:
            t, lab = _sum_out(t, lab, later)
        for k in range(1, len(group)):
            keep = later.union(*(lb for _, lb in group[k + 1 :]))
            t, lab = _pair(t, lab, group[k][0], group[k][1], keep)
        ops.append((t, lab))
    t, lab = ops[0]
    t, lab = _sum_out(t, lab, set(out))
    t = lax.transpose(t, [lab.index(c) for c in out])
    if dt == "bool":
        t = not_equal(t, 0)
    return t


def einsum(subscripts, /, *operands, out=None, optimize="auto", precision=None, preferred_element_type=None, _dot_general=None):
    """Einstein summation (`jax.numpy.einsum`): `einsum('ij,jk->ik', a, b)`, implicit output
    (`'ij,jk'`), `...` broadcasting, repeated labels (diagonals, `'ii->i'`, traces `'ii'`),
    labels summed within one operand, NumPy's interleaved form `einsum(a, [0, 1], b, [1, 2])`.

    `optimize` (True / False / 'auto' / 'greedy' / 'optimal' / an `einsum_path` list) picks the
    pairwise contraction order through `np.einsum_path`. `precision` accepts None and JAX's
    precision names (descend computes in the operands' full precision, which meets all of them);
    `preferred_element_type` is the dtype to compute and return in. `out` raises
    NotImplementedError, as in JAX."""
    if out is not None:
        raise NotImplementedError("einsum: argument 'out' is not supported (descend arrays are immutable)")
    if _dot_general is not None:
        raise NotImplementedError("einsum: argument '_dot_general' is not supported")
    if not _precision_ok(precision):
        raise NotImplementedError(
            f"einsum: argument 'precision'={precision!r} is not supported "
            "(None, a name in jax.lax.Precision or one of 'bfloat16', 'tensorfloat32', 'float32', or a pair)"
        )
    if not isinstance(subscripts, str):
        subscripts, operands = _interleaved_to_subscripts((subscripts,) + operands)
    if isinstance(optimize, list):
        optimize = tuple(tuple(s) if isinstance(s, (list, tuple)) else s for s in optimize)
    return _einsum(list(operands), subscripts=subscripts, optimize=optimize, preferred_element_type=preferred_element_type)


def _precision_ok(precision, pair_ok: bool = True) -> bool:
    """None, a precision name ('highest', ...), a `jax.lax.Precision`-like enum value, or a pair."""
    if precision is None:
        return True
    if isinstance(precision, (tuple, list)):
        return pair_ok and len(precision) == 2 and all(_precision_ok(p, False) for p in precision)
    name = precision if isinstance(precision, str) else getattr(precision, "name", None)
    return isinstance(name, str) and name.lower() in _PRECISIONS


def einsum_path(subscripts, /, *operands, optimize="auto"):
    """NumPy's `np.einsum_path` for these subscripts and operand shapes: (path, printable report).

    Operands may be descend arrays, tracers or NumPy arrays; only their shapes are used.
    `optimize` as in `einsum` ('auto' and True mean 'greedy')."""
    opt = _np_optimize(optimize)
    if opt is not False:
        opt = list(opt) if isinstance(opt, tuple) else opt

    def dummy(x):
        return _dummy(np.shape(x) if not hasattr(x, "shape") else x.shape)

    if isinstance(subscripts, str):
        return np.einsum_path(subscripts, *(dummy(x) for x in operands), optimize=opt)
    args = (subscripts,) + operands
    has_out = len(args) % 2 == 1  # interleaved: op, sublist, ..., [output sublist]
    args = tuple(dummy(a) if i % 2 == 0 and not (has_out and i == len(args) - 1) else a for i, a in enumerate(args))
    return np.einsum_path(*args, optimize=opt)


__all__ = ["einsum", "einsum_path"]
