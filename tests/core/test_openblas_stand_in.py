"""NumPy's OpenBLAS stand-in (packaging/stubs/openblas.c): it defines exactly what NumPy binds, and
NumPy loaded against it multiplies as NumPy's own loops do (np.einsum, which uses no BLAS), for every
dtype, order, transposition and stride; numpy.linalg solves and takes determinants, and fails the rest
with LinAlgError instead of crashing.

NumPy is hard-linked into a temporary folder with the stand-in in its numpy.libs (its extension
modules find numpy.libs by an RPATH of $ORIGIN/../../numpy.libs), and the checks run there in a
subprocess, beside the same checks on the wheel's OpenBLAS.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories.sites import linked_site, replace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import slim  # noqa: E402

np = pytest.importorskip("numpy")
SITE = Path(np.__file__).resolve().parents[1]
NUMPY_LIBS = SITE / "numpy.libs"
USERS = (
    "numpy/_core/_multiarray_umath*.so",
    "numpy/linalg/_umath_linalg*.so",
    "numpy/linalg/lapack_lite*.so",
)

pytestmark = pytest.mark.skipif(
    not (shutil.which("cc") or shutil.which("gcc")) or not shutil.which("nm"),
    reason="a C compiler and nm (binutils) build and inspect the stand-in",
)


def _original() -> Path:
    found = sorted(NUMPY_LIBS.glob("libscipy_openblas64_*.so"))
    if not found:
        pytest.skip(f"no libscipy_openblas64_*.so in {NUMPY_LIBS}: this NumPy is not the PyPI wheel")
    return found[0]


def _symbols(path: Path, defined: bool) -> set[str]:
    option = "--defined-only" if defined else "--undefined-only"
    out = subprocess.run(["nm", "-D", option, str(path)], capture_output=True, text=True, check=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}


def _bound(original: Path) -> set[str]:
    users = [path for pattern in USERS for path in SITE.glob(pattern)]
    assert len(users) == len(USERS), users
    return set().union(*(_symbols(user, defined=False) for user in users)) & _symbols(original, defined=True)


def _site(tmp_path: Path, stand_in: Path) -> Path:
    """A folder holding NumPy (hard links) with ``stand_in`` in place of OpenBLAS."""
    site = linked_site(tmp_path, SITE, ("numpy", "numpy.libs"), "NumPy")
    replace(site / "numpy.libs" / _original().name, stand_in)
    return site


def _run(script: str, site: Path | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    env["OPENBLAS_NUM_THREADS"] = "1"
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_stand_in_defines_exactly_what_numpy_binds(tmp_path: Path) -> None:
    original = _original()
    built = slim.stand_in(f"numpy.libs/{original.name}", str(original), tmp_path)
    assert built is not None, "the OpenBLAS stand-in did not build"
    bound = _bound(original)
    assert any(name.startswith("scipy_cblas_") for name in bound) and "scipy_dgesv_64_" in bound
    assert _symbols(Path(built), defined=True) == bound
    assert slim.needed(built) == [] or all("gfortran" not in n for n in slim.needed(built))
    assert os.path.getsize(built) < 200_000  # against 25 MB


def test_libgfortran_and_libquadmath_go_with_openblas_only(tmp_path: Path) -> None:
    """They are linked by OpenBLAS alone: empty stand-ins once OpenBLAS has its stand-in, and kept
    whole when OpenBLAS stays."""
    original = _original()
    for library in sorted(NUMPY_LIBS.glob("lib*.so*")):
        if library == original:
            continue
        assert "gfortran" in library.name or "quadmath" in library.name, library
        built = slim.stand_in(f"numpy.libs/{library.name}", str(library), tmp_path)
        assert built is not None and _symbols(Path(built), defined=True) == set()
        bound = set().union(*(_symbols(p, defined=False) for p in SITE.glob("numpy/**/*.so")))
        assert not bound & _symbols(library, defined=True), f"NumPy itself binds from {library.name}"
        lone = tmp_path / "no-openblas" / library.name  # beside no OpenBLAS: it stays whole
        lone.parent.mkdir(exist_ok=True)
        shutil.copy(library, lone)
        assert slim.stand_in(f"numpy.libs/{library.name}", str(lone), tmp_path / "kept") is None


PRODUCTS = r"""
import itertools, sys
import numpy as np

rng = np.random.default_rng(5)
failures, checked = [], 0

def make(shape, dtype, exact):
    # small integers are summed exactly in any order: then the results must be equal, bit for bit
    draw = (lambda: rng.integers(-4, 5, shape)) if exact else (lambda: rng.standard_normal(shape))
    value = draw().astype(dtype)
    if np.dtype(dtype).kind == "c":
        value = value + 1j * draw().astype(dtype)
    return value

def views(value):
    # the array as it is, in Fortran order, and as a strided and a reversed view of a larger one
    yield "C", value
    yield "F", np.asfortranarray(value)
    big = np.zeros(tuple(3 * n + 1 for n in value.shape), value.dtype)
    sl = tuple(slice(1, 1 + 3 * n, 3) for n in value.shape)
    big[sl] = value
    yield "strided", big[sl]
    rev = np.ascontiguousarray(value[tuple(slice(None, None, -1) for _ in value.shape)])
    yield "reversed", rev[tuple(slice(None, None, -1) for _ in value.shape)]
    if value.ndim == 2:
        yield "transposed", np.ascontiguousarray(value.T).T

def check(label, got, want, dtype, exact):
    global checked
    checked += 1
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape or got.dtype != want.dtype:
        failures.append(f"{label}: {got.shape} {got.dtype} != {want.shape} {want.dtype}")
    elif exact and not np.array_equal(got, want):
        failures.append(f"{label}: not equal\n{got}\n{want}")
    elif not exact:
        tol = 2e-5 if np.dtype(dtype).char in "fF" else 1e-13
        scale = max(1.0, float(np.abs(want).max(initial=0)))
        if not np.allclose(got, want, rtol=tol, atol=tol * scale):
            failures.append(f"{label}: off by {np.abs(got - want).max()}")

SHAPES = [((0, 3), (3, 4)), ((3, 0), (0, 4)), ((4, 3), (3, 0)), ((1, 1), (1, 1)), ((5, 3), (3, 4)),
          ((6, 7), (7, 5)), ((1, 5), (5, 1)), ((5, 1), (1, 4)), ((7,), (7,)), ((0,), (0,)),
          ((1,), (1,)), ((5, 3), (3,)), ((3,), (3, 4)), ((1, 3), (3,)), ((2, 4, 3), (2, 3, 5))]
for dtype, exact in itertools.product([np.float32, np.float64, np.complex64, np.complex128], [True, False]):
    for sa, sb in SHAPES:
        a0, b0 = make(sa, dtype, exact), make(sb, dtype, exact)
        for (na, a), (nb, b) in itertools.product(list(views(a0)), list(views(b0))):
            tag = f"{np.dtype(dtype).name} {'exact' if exact else 'random'} {sa}{na} {sb}{nb}"
            la, lb = "abcd"[: a.ndim], ("bc" if a.ndim == 1 else "cd") if b.ndim == 2 else None
            if a.ndim == 3:
                check(f"matmul {tag}", a @ b, np.einsum("kij,kjl->kil", a, b), dtype, exact)
                continue
            sub_a = "ij"[: a.ndim] if a.ndim == 2 else "j"
            sub_b = "jk"[: b.ndim] if b.ndim == 2 else "j"
            out = ("i" if a.ndim == 2 else "") + ("k" if b.ndim == 2 else "")
            want = np.einsum(f"{sub_a},{sub_b}->{out}", a, b)
            check(f"matmul {tag}", a @ b, want, dtype, exact)
            check(f"dot {tag}", np.dot(a, b), want, dtype, exact)
            if a.ndim == 1 and b.ndim == 1:
                check(f"vdot {tag}", np.vdot(a, b), np.einsum("j,j->", a.conj(), b), dtype, exact)
                check(f"inner {tag}", np.inner(a, b), want, dtype, exact)
            if b.ndim == 2:  # inner products of rows: a and b.T share their last axis
                check(f"inner {tag}", np.inner(a, b.T), want, dtype, exact)
            if a.ndim == 2 and a.shape[0] == b.shape[-1] and b.ndim == 2:
                check(f"matmul.T {tag}", (a @ b).T, b.T @ a.T, dtype, exact)
        for n, a in views(a0):
            if a.ndim == 2:  # one buffer twice: NumPy hands these to syrk
                tag = f"{np.dtype(dtype).name} {'exact' if exact else 'random'} {sa}{n}"
                check(f"a@a.T {tag}", a @ a.T, np.einsum("ij,kj->ik", a, a), dtype, exact)
                check(f"a.T@a {tag}", a.T @ a, np.einsum("ji,jk->ik", a, a), dtype, exact)
                check(f"dot(a,a.T) {tag}", np.dot(a, a.T), np.einsum("ij,kj->ik", a, a), dtype, exact)
    # a scalar times an array (axpy), by np.dot
    s, v = make((), dtype, exact), make((6,), dtype, exact)
    for n, w in views(v):
        check(f"dot(scalar) {np.dtype(dtype).name} {n}", np.dot(s, w), s * w, dtype, exact)
        check(f"dot(x, scalar) {np.dtype(dtype).name} {n}", np.dot(w, s), w * s, dtype, exact)
    m = make((4, 1), dtype, exact)
    check(f"dot((4,1),(1,)) {np.dtype(dtype).name}", np.dot(m, v[:1]), m[:, 0] * v[0], dtype, exact)
    check(f"dot((1,),(1,4)) {np.dtype(dtype).name}", np.dot(v[:1], m.T), v[0] * m[:, 0], dtype, exact)
    # the place lookups' own product: positions x 3 against candidates x 3, transposed
    q, cands = make((700, 3), dtype, exact), make((900, 3), dtype, exact)
    want = np.einsum("ij,kj->ik", q, cands[::2])
    check(f"places {np.dtype(dtype).name}", q @ cands[::2].T, want, dtype, exact)
    # an output NumPy allocates uninitialised: NaN in the buffer must not leak (beta == 0)
    out = np.full((5, 4), np.nan, dtype)
    a, b = make((5, 3), dtype, exact), make((3, 4), dtype, exact)
    np.matmul(a, b, out=out)
    check(f"out= {np.dtype(dtype).name}", out, np.einsum("ij,jk->ik", a, b), dtype, exact)

print("checked", checked)
print("\n".join(failures[:20]))
sys.exit(1 if failures else 0)
"""

LINALG = r"""
import numpy as np

a = np.array([[4.0, 1.0, 2.0], [1.0, 5.0, 3.0], [2.0, 3.0, 6.0]])
b = np.array([1.0, 2.0, 3.0])
for dtype in (np.float32, np.float64, np.complex64, np.complex128):
    m, v = a.astype(dtype), b.astype(dtype)
    if np.dtype(dtype).kind == "c":
        m = m + 1j * np.triu(np.ones((3, 3)), 1).astype(dtype)
    x = np.linalg.solve(m, v)
    tol = 1e-5 if np.dtype(dtype).char in "fF" else 1e-12
    assert np.allclose(np.einsum("ij,j->i", m, x), v, atol=tol), (dtype, x)
    inv = np.linalg.inv(m)
    assert np.allclose(np.einsum("ij,jk->ik", m, inv), np.eye(3), atol=tol), (dtype, inv)
    print("det", np.dtype(dtype).name, np.round(np.linalg.det(m), 4), np.linalg.slogdet(m)[0].round(4))
try:
    np.linalg.solve(np.zeros((2, 2)), np.ones(2))
except np.linalg.LinAlgError as exc:
    print("singular solve: LinAlgError", exc)
print("singular det", np.linalg.det(np.array([[1.0, 2.0], [2.0, 4.0]])))
for name, call in [
    ("cholesky", lambda: np.linalg.cholesky(a)),
    ("eigh", lambda: np.linalg.eigh(a)),
    ("eigvalsh", lambda: np.linalg.eigvalsh(a + 0j)),
    ("eig", lambda: np.linalg.eig(a)),
    ("eigvals", lambda: np.linalg.eigvals(a + 0j)),
    ("svd", lambda: np.linalg.svd(a)),
    ("svd complex", lambda: np.linalg.svd(a + 0j, compute_uv=False)),
    ("lstsq", lambda: np.linalg.lstsq(a, b)),
    ("lstsq complex", lambda: np.linalg.lstsq(a + 0j, b + 0j)),
    ("qr", lambda: np.linalg.qr(a)),
    ("qr complex", lambda: np.linalg.qr(a + 0j)),
    ("pinv", lambda: np.linalg.pinv(a)),
    ("matrix_rank", lambda: np.linalg.matrix_rank(a)),
    ("norm 2", lambda: np.linalg.norm(a, 2)),
]:
    try:
        result = call()
    except np.linalg.LinAlgError as exc:
        print(name, "LinAlgError")
    else:
        first = result[0] if isinstance(result, tuple) else result
        print(name, "answered", np.asarray(first).ravel()[:3])
"""


@pytest.fixture(scope="module")
def stand_in_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("openblas")
    original = _original()
    built = slim.openblas(original, tmp / "plain" / original.name)
    assert built is not None
    return _site(tmp, built)


def test_numpy_multiplies_with_the_stand_in_as_without_blas(tmp_path: Path) -> None:
    """Every product check once with the wheel's OpenBLAS (the checks themselves are right) and once
    with the stand-in built to say which routines ran: every cblas routine NumPy binds was exercised."""
    original = _original()
    wheel = _run(PRODUCTS, None)
    assert wheel.returncode == 0, wheel.stdout[-3000:] + wheel.stderr[-3000:]
    traced = slim.openblas(original, tmp_path / "traced" / original.name, trace=True)
    assert traced is not None
    site = _site(tmp_path, traced)
    done = _run(PRODUCTS + "\nimport numpy.linalg; numpy.linalg.solve(np.eye(2), np.ones(2))\n", site)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.splitlines()[0] == wheel.stdout.splitlines()[0]  # as many checks
    ran = {line.split()[-1] for line in done.stderr.splitlines() if line.startswith("stand-in: ")}
    cblas = {name for name in _bound(original) if name.startswith("scipy_cblas_")}
    assert cblas - ran == set(), f"never exercised: {sorted(cblas - ran)}"


def test_numpy_linalg_solves_with_the_stand_in_and_fails_the_rest_cleanly(stand_in_site: Path) -> None:
    wheel, slimmed = _run(LINALG, None), _run(LINALG, stand_in_site)
    assert wheel.returncode == 0, wheel.stderr[-3000:]
    assert slimmed.returncode == 0, slimmed.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in slimmed.stdout.splitlines())
    wheel_lines = dict(line.split(" ", 1) for line in wheel.stdout.splitlines())
    for key in ("singular", "det"):  # the LU routines are real: the same answers as OpenBLAS's
        assert [v for k, v in lines.items() if k == key] == [v for k, v in wheel_lines.items() if k == key]
    assert [line for line in slimmed.stdout.splitlines() if line.startswith("det")] == [
        line for line in wheel.stdout.splitlines() if line.startswith("det")
    ]
    assert "singular solve: LinAlgError Singular matrix" in slimmed.stdout
    assert "singular det 0.0" in slimmed.stdout
    failing = [line for line in slimmed.stdout.splitlines() if line.split()[0] not in ("det", "singular")]
    assert failing and all(line.endswith("LinAlgError") for line in failing), slimmed.stdout


def test_the_place_lookups_answer_the_same_with_the_stand_in(stand_in_site: Path) -> None:
    """Tripfold's own use: the nearest of many unit vectors by `@` (app/core/nearest.py's product)."""
    script = (
        "import numpy as np, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from app.core.nearest import unit_vectors\n"
        "rng = np.random.default_rng(3)\n"
        "q = unit_vectors(rng.uniform(-60, 70, 5000), rng.uniform(-180, 180, 5000))\n"
        "p = unit_vectors(rng.uniform(-60, 70, 3000), rng.uniform(-180, 180, 3000))\n"
        "dots = q @ p.T\n"
        "plain = np.einsum('ij,kj->ik', q, p)\n"
        "print(np.argmax(dots, axis=1).tolist() == np.argmax(plain, axis=1).tolist())\n"
        "print(float(np.abs(dots - np.einsum('ij,kj->ik', q, p)).max()) < 1e-15)\n"
        "print([l.split()[-1] for l in open('/proc/self/maps') if 'libscipy_openblas' in l][:1])\n"
    )
    done = _run(script, stand_in_site)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines()[:2] == ["True", "True"]
    assert str(stand_in_site / "numpy.libs") in done.stdout.splitlines()[2]


DIRECT = r"""
import ctypes, itertools, sys
import numpy as np

lib = ctypes.CDLL(sys.argv[1])
i64, vp = ctypes.c_int64, ctypes.c_void_p
ROW, COL, N, T, C, CN, UP, LO = 101, 102, 111, 112, 113, 114, 121, 122
rng = np.random.default_rng(11)
failures = []

def ptr(a):
    return a.ctypes.data_as(vp)

def cplx(*shape):
    return rng.integers(-4, 5, shape) + 1j * rng.integers(-4, 5, shape)

def scalar(value):  # a complex alpha or beta goes by pointer
    return np.array([value], np.complex128)

def vector_view(buffer, n, inc):  # BLAS's element i of a vector with increment inc
    return np.array([buffer[(i - (n - 1)) * inc if inc < 0 else i * inc] for i in range(n)])

def expect(label, got, want):
    if not np.array_equal(got, want):
        failures.append(f"{label}:\n{got}\n{want}")

def stored(op_matrix, order, trans, ld):
    # the buffer that, read as a matrix of this order with leading dimension ld, is op^-1(op_matrix)
    a = op_matrix.T if trans in (T, C) else op_matrix
    a = a.conj() if trans in (C, CN) else a
    rows, cols = a.shape
    buf = np.full(ld * (rows if order == ROW else cols) + 1, 99 + 99j)
    for r, c in itertools.product(range(rows), range(cols)):
        buf[r * ld + c if order == ROW else r + c * ld] = a[r, c]
    return buf

def read(buf, order, ld, rows, cols):
    at = (lambda r, c: r * ld + c) if order == ROW else (lambda r, c: r + c * ld)
    return np.array([[buf[at(r, c)] for c in range(cols)] for r in range(rows)])

# level 1 with negative and zero increments
x, y = np.arange(1.0, 9.0), np.arange(10.0, 18.0)
lib.scipy_cblas_ddot64_.restype = ctypes.c_double
lib.scipy_cblas_ddot64_.argtypes = [i64, vp, i64, vp, i64]
for incx, incy in [(-2, 1), (2, -3), (-1, -1), (0, 1)]:
    got = lib.scipy_cblas_ddot64_(3, ptr(x), incx, ptr(y), incy)
    expect(f"ddot {incx} {incy}", got, float(vector_view(x, 3, incx) @ vector_view(y, 3, incy)))
zx, zy, out = cplx(8), cplx(8), np.zeros(1, np.complex128)
lib.scipy_cblas_zdotc_sub64_(i64(4), ptr(zx), i64(-2), ptr(zy), i64(1), ptr(out))
expect("zdotc -2 1", out[0], np.sum(vector_view(zx, 4, -2).conj() * vector_view(zy, 4, 1)))
yy = y.copy()
lib.scipy_cblas_daxpy64_.argtypes = [i64, ctypes.c_double, vp, i64, vp, i64]
lib.scipy_cblas_daxpy64_(4, 2.0, ptr(x), -1, ptr(yy), 2)
want = y.copy()
want[0:8:2] += 2.0 * x[3::-1]
expect("daxpy -1 2", yy, want)
zz = np.zeros(8, np.complex128)
lib.scipy_zcopy_64_(ctypes.byref(i64(4)), ptr(zx), ctypes.byref(i64(2)), ptr(zz), ctypes.byref(i64(-1)))
expect("zcopy 2 -1", zz[:4], zx[0:8:2][::-1])

# zgemv: both orders, every transposition, leading dimension above the minimum, negative increments
for order, trans in itertools.product((ROW, COL), (N, T, C, CN)):
    m, n, ld = 3, 4, 6
    a = cplx(m, n)
    buf = stored(a, order, N, ld)
    op = {N: a, T: a.T, C: a.conj().T, CN: a.conj()}[trans]
    xv, yv = cplx(2 * op.shape[1]), cplx(3 * op.shape[0])
    alpha, beta = 2 - 1j, 1 + 3j
    want_y = yv.copy()
    ys = vector_view(np.arange(len(yv)), op.shape[0], -3)
    want_y[ys] = alpha * (op @ vector_view(xv, op.shape[1], 2)) + beta * yv[ys]
    lib.scipy_cblas_zgemv64_(order, trans, i64(m), i64(n), ptr(scalar(alpha)), ptr(buf), i64(ld),
                             ptr(xv), i64(2), ptr(scalar(beta)), ptr(yv), i64(-3))
    expect(f"zgemv {order} {trans}", yv, want_y)

# zgemm: both orders, every transposition of A and B, alpha and beta
for order, ta, tb in itertools.product((ROW, COL), (N, T, C), (N, T, C)):
    m, n, k, lda, ldb, ldc = 2, 3, 4, 7, 8, 5
    opa, opb, c0 = cplx(m, k), cplx(k, n), cplx(m, n)
    abuf, bbuf, cbuf = stored(opa, order, ta, lda), stored(opb, order, tb, ldb), stored(c0, order, N, ldc)
    alpha, beta = 1 + 2j, -1 + 1j
    lib.scipy_cblas_zgemm64_(order, ta, tb, i64(m), i64(n), i64(k), ptr(scalar(alpha)), ptr(abuf),
                             i64(lda), ptr(bbuf), i64(ldb), ptr(scalar(beta)), ptr(cbuf), i64(ldc))
    expect(f"zgemm {order} {ta} {tb}", read(cbuf, order, ldc, m, n), alpha * (opa @ opb) + beta * c0)

# zsyrk: only the triangle asked for changes (symmetric, not Hermitian: no conjugate)
for order, uplo, trans in itertools.product((ROW, COL), (UP, LO), (N, T)):
    n, k, lda, ldc = 3, 2, 5, 4
    opa, c0 = cplx(n, k), cplx(n, n)
    abuf, cbuf = stored(opa, order, trans, lda), stored(c0, order, N, ldc)
    alpha, beta = 2 + 1j, 1 - 1j
    lib.scipy_cblas_zsyrk64_(order, uplo, trans, i64(n), i64(k), ptr(scalar(alpha)), ptr(abuf), i64(lda),
                             ptr(scalar(beta)), ptr(cbuf), i64(ldc))
    mask = np.triu(np.ones((n, n), bool)) if uplo == UP else np.tril(np.ones((n, n), bool))
    expect(f"zsyrk {order} {uplo} {trans}", read(cbuf, order, ldc, n, n),
           np.where(mask, alpha * (opa @ opa.T) + beta * c0, c0))

print("\n".join(failures[:10]))
sys.exit(1 if failures else 0)
"""


def test_what_numpy_does_not_pass_is_right_too(tmp_path: Path) -> None:
    """Called directly (ctypes): negative and zero increments, conjugated matrices in gemv and gemm,
    leading dimensions above the minimum, alpha and beta, syrk's one triangle: NumPy passes none of
    these today, but a BLAS by this name must answer them as BLAS does."""
    original = _original()
    built = slim.openblas(original, tmp_path / original.name)
    assert built is not None
    done = subprocess.run(
        [sys.executable, "-c", DIRECT, str(built)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
