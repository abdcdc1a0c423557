/* Stand-in for NumPy's OpenBLAS (numpy.libs/libscipy_openblas64_-*.so, 25 MB, with the libgfortran and
 * libquadmath only it links, 3 MB more).
 *
 * Tripfold does no linear algebra, but its place lookups multiply small float64 matrices with `@`
 * (positions x 3 times 3 x candidates), and NumPy hands such products to BLAS.  So this library
 * COMPUTES: it defines, plainly and correctly, every BLAS routine NumPy's extension modules bind
 * (checked with nm -D against the wheel's library, tests/core/test_openblas_stand_in.py):
 *
 *   _multiarray_umath: cblas_{s,d,c,z}{gemm,gemv,syrk,axpy}, cblas_{s,d}dot, cblas_{c,z}dot{u,c}_sub
 *   _umath_linalg:     {s,d,c,z}copy (Fortran interface)
 *
 * for either storage order, every transposition (also OpenBLAS's CblasConjNoTrans), any leading
 * dimension and any vector increment, negative ones included (BLAS then walks from the far end), with
 * the reference BLAS's rules for alpha == 0 (A and B not read) and beta == 0 (C not read, so NaN in
 * an uninitialised output does not leak).  Products are summed in the element type, in index order.
 * They are neither blocked nor threaded; an inner dimension up to 4 (the places' is 3) is unrolled, so
 * a 512x3 by 3x2000 product takes 1.2-1.5 ms against OpenBLAS's 0.5 on two threads (0.86 on one).
 *
 * LAPACK (bound by numpy.linalg's _umath_linalg and lapack_lite): LU factorisation (getrf) and the
 * solve built on it (gesv) are real, so numpy.linalg.det, slogdet, solve and inv answer correctly
 * (getrf reporting failure would make det answer 0 without an error).  The rest (Cholesky, eigen and
 * singular values, least squares, QR) answer a workspace query (lwork == -1) with a size of 1, then
 * fail as LAPACK fails to converge, *info = 1, which numpy.linalg turns into LinAlgError.  Tripfold
 * and the libraries it runs never call numpy.linalg.
 *
 * ILP64: every integer is 64 bits, and the names carry OpenBLAS's scipy_ prefix and 64_ suffix, as
 * the wheel's NumPy links them.  Built with -DSTAND_IN_TRACE, each routine says its name on stderr the
 * first time it runs (the tests use that to show each one was exercised).
 */
#include <complex.h>
#include <stddef.h>
#include <stdint.h>

#ifdef STAND_IN_TRACE
#include <stdio.h>
#define TRACE()                                                                                          \
    do {                                                                                                 \
        static int said;                                                                                 \
        if (!said) {                                                                                     \
            said = 1;                                                                                    \
            fprintf(stderr, "stand-in: %s\n", __func__);                                              \
        }                                                                                                \
    } while (0)
#else
#define TRACE() ((void)0)
#endif

typedef int64_t blasint;
enum { RowMajor = 101, ColMajor = 102 };
enum { NoTrans = 111, Trans = 112, ConjTrans = 113, ConjNoTrans = 114 };
enum { Upper = 121, Lower = 122 };

#define EXPORT __attribute__((visibility("default")))

/* Where element i of a BLAS vector of n elements with increment inc is. */
static inline ptrdiff_t at(blasint n, blasint inc, blasint i)
{
    return (ptrdiff_t)(inc < 0 ? (i - (n - 1)) * inc : i * inc);
}

/* The strides of op(X) for a matrix X stored with leading dimension ld: along op(X)'s rows and
 * columns.  Returns 0 for an order or transposition BLAS does not know. */
static int strides(int order, int trans, blasint ld, ptrdiff_t *row, ptrdiff_t *col, int *conj)
{
    ptrdiff_t r, c;
    if (order == RowMajor)
        r = (ptrdiff_t)ld, c = 1;
    else if (order == ColMajor)
        r = 1, c = (ptrdiff_t)ld;
    else
        return 0;
    switch (trans) {
    case NoTrans: *row = r, *col = c, *conj = 0; return 1;
    case ConjNoTrans: *row = r, *col = c, *conj = 1; return 1;
    case Trans: *row = c, *col = r, *conj = 0; return 1;
    case ConjTrans: *row = c, *col = r, *conj = 1; return 1;
    default: return 0;
    }
}

/* A complex value conjugated when asked; for real types CONJ is the identity. */
#define CONJ_real(x, c) (x)
#define CONJ_cplx(x, c) ((c) ? conj(x) : (x))

/* C's row i for an inner dimension of at most 4, each element summed in index order as the loop does */
#define SMALL_K(T, expression)                                                                           \
    for (blasint j = 0; j < n; j++) {                                                                    \
        const T *y = b + j * bj;                                                                         \
        (void)y;                                                                                         \
        T sum = (expression);                                                                            \
        row[j * cj] = beta == 0 ? alpha * sum : alpha * sum + beta * row[j * cj];                        \
    }

/* One routine set per type: T the element, S how alpha and beta come (by value for real, by pointer
 * for complex), V(s) the value of such an argument, K real or cplx. */
#define LEVEL23(p, T, S, V, K)                                                                           \
    EXPORT void scipy_cblas_##p##gemm64_(int order, int ta, int tb, blasint m, blasint n, blasint k,   \
                                         S alpha_, const T *a, blasint lda, const T *b, blasint ldb,    \
                                         S beta_, T *c, blasint ldc)                                    \
    {                                                                                                    \
        TRACE();                                                                                         \
        ptrdiff_t ai, ak, bk, bj, ci, cj;                                                                \
        int ca, cb, cc;                                                                                  \
        if (!strides(order, ta, lda, &ai, &ak, &ca) || !strides(order, tb, ldb, &bk, &bj, &cb) ||        \
            !strides(order, NoTrans, ldc, &ci, &cj, &cc) || m <= 0 || n <= 0)                            \
            return;                                                                                      \
        const T alpha = V(alpha_), beta = V(beta_);                                                      \
        if (ci < cj) { /* C column-major: compute C^T = op(B)^T op(A)^T, to walk C along its rows */     \
            const T *t = a;                                                                              \
            a = b, b = t;                                                                                \
            blasint u = m;                                                                               \
            m = n, n = u;                                                                                \
            ptrdiff_t s = ai;                                                                            \
            ai = bj, bj = s, s = ak, ak = bk, bk = s, s = ci, ci = cj, cj = s;                           \
            int w = ca;                                                                                  \
            ca = cb, cb = w;                                                                             \
        }                                                                                                \
        for (blasint i = 0; i < m; i++) {                                                                \
            const T *x = a + i * ai;                                                                     \
            T *row = c + i * ci;                                                                         \
            if (alpha == 0) {                                                                            \
                for (blasint j = 0; j < n; j++)                                                          \
                    row[j * cj] = beta == 0 ? 0 : beta * row[j * cj];                                    \
            } else if (k <= 4 && !ca && !cb) { /* the places' products: k = 3, unrolled */               \
                const T x0 = k > 0 ? x[0] : 0, x1 = k > 1 ? x[ak] : 0, x2 = k > 2 ? x[2 * ak] : 0,       \
                        x3 = k > 3 ? x[3 * ak] : 0;                                                      \
                switch (k) {                                                                             \
                case 0: SMALL_K(T, 0); break;                                                            \
                case 1: SMALL_K(T, x0 * y[0]); break;                                                    \
                case 2: SMALL_K(T, x0 * y[0] + x1 * y[bk]); break;                                       \
                case 3: SMALL_K(T, x0 * y[0] + x1 * y[bk] + x2 * y[2 * bk]); break;                      \
                default: SMALL_K(T, x0 * y[0] + x1 * y[bk] + x2 * y[2 * bk] + x3 * y[3 * bk]); break;    \
                }                                                                                        \
            } else {                                                                                     \
                for (blasint j = 0; j < n; j++) {                                                        \
                    const T *y = b + j * bj;                                                             \
                    T sum = 0;                                                                           \
                    for (blasint l = 0; l < k; l++)                                                      \
                        sum += CONJ_##K(x[l * ak], ca) * CONJ_##K(y[l * bk], cb);                        \
                    row[j * cj] = beta == 0 ? alpha * sum : alpha * sum + beta * row[j * cj];            \
                }                                                                                        \
            }                                                                                            \
        }                                                                                                \
    }                                                                                                    \
    EXPORT void scipy_cblas_##p##gemv64_(int order, int ta, blasint m, blasint n, S alpha_, const T *a, \
                                         blasint lda, const T *x, blasint incx, S beta_, T *y,           \
                                         blasint incy)                                                   \
    {                                                                                                    \
        TRACE();                                                                                         \
        ptrdiff_t ar, ac;                                                                                \
        int ca;                                                                                          \
        if (!strides(order, ta, lda, &ar, &ac, &ca))                                                     \
            return;                                                                                      \
        int t = ta == Trans || ta == ConjTrans;                                                          \
        blasint rows = t ? n : m, cols = t ? m : n;                                                      \
        const T alpha = V(alpha_), beta = V(beta_);                                                      \
        for (blasint i = 0; i < rows; i++) {                                                             \
            T sum = 0, *out = y + at(rows, incy, i);                                                     \
            if (alpha != 0) {                                                                            \
                for (blasint j = 0; j < cols; j++)                                                       \
                    sum += CONJ_##K(a[i * ar + j * ac], ca) * x[at(cols, incx, j)];                      \
                sum *= alpha;                                                                            \
            }                                                                                            \
            *out = beta == 0 ? sum : sum + beta * *out;                                                  \
        }                                                                                                \
    }                                                                                                    \
                                                                                                         \
    /* C := alpha op(A) op(A)^T + beta C, only the triangle uplo of C (symmetric, never conjugated) */ \
    EXPORT void scipy_cblas_##p##syrk64_(int order, int uplo, int ta, blasint n, blasint k, S alpha_,   \
                                         const T *a, blasint lda, S beta_, T *c, blasint ldc)            \
    {                                                                                                    \
        TRACE();                                                                                         \
        ptrdiff_t ai, ak, ci, cj;                                                                        \
        int ca, cc;                                                                                      \
        if ((ta != NoTrans && ta != Trans) || (uplo != Upper && uplo != Lower) ||                        \
            !strides(order, ta, lda, &ai, &ak, &ca) || !strides(order, NoTrans, ldc, &ci, &cj, &cc))     \
            return;                                                                                      \
        const T alpha = V(alpha_), beta = V(beta_);                                                      \
        for (blasint i = 0; i < n; i++)                                                                  \
            for (blasint j = uplo == Upper ? i : 0; j < (uplo == Upper ? n : i + 1); j++) {              \
                T sum = 0, *out = c + i * ci + j * cj;                                                   \
                if (alpha != 0) {                                                                        \
                    for (blasint l = 0; l < k; l++)                                                      \
                        sum += a[i * ai + l * ak] * a[j * ai + l * ak];                                  \
                    sum *= alpha;                                                                        \
                }                                                                                        \
                *out = beta == 0 ? sum : sum + beta * *out;                                              \
            }                                                                                            \
    }                                                                                                    \
                                                                                                         \
    EXPORT void scipy_cblas_##p##axpy64_(blasint n, S alpha_, const T *x, blasint incx, T *y,           \
                                         blasint incy)                                                   \
    {                                                                                                    \
        TRACE();                                                                                         \
        const T alpha = V(alpha_);                                                                       \
        if (n <= 0 || alpha == 0)                                                                        \
            return;                                                                                      \
        for (blasint i = 0; i < n; i++)                                                                  \
            y[at(n, incy, i)] += alpha * x[at(n, incx, i)];                                              \
    }                                                                                                    \
                                                                                                         \
    EXPORT void scipy_##p##copy_64_(const blasint *n, const T *x, const blasint *incx, T *y,            \
                                    const blasint *incy)                                                 \
    {                                                                                                    \
        TRACE();                                                                                         \
        for (blasint i = 0; i < *n; i++)                                                                 \
            y[at(*n, *incy, i)] = x[at(*n, *incx, i)];                                                   \
    }

#define BY_VALUE(x) (x)
#define DEREF_float(x) (*(const float complex *)(x))
#define DEREF_double(x) (*(const double complex *)(x))

LEVEL23(s, float, float, BY_VALUE, real)
LEVEL23(d, double, double, BY_VALUE, real)
LEVEL23(c, float complex, const void *, DEREF_float, cplx)
LEVEL23(z, double complex, const void *, DEREF_double, cplx)

#define REAL_DOT(p, T)                                                                                   \
    EXPORT T scipy_cblas_##p##dot64_(blasint n, const T *x, blasint incx, const T *y, blasint incy)     \
    {                                                                                                    \
        TRACE();                                                                                         \
        T sum = 0;                                                                                       \
        for (blasint i = 0; i < n; i++)                                                                  \
            sum += x[at(n, incx, i)] * y[at(n, incy, i)];                                                \
        return sum;                                                                                      \
    }
REAL_DOT(s, float)
REAL_DOT(d, double)

#define COMPLEX_DOT(p, T, name, conjugate)                                                               \
    EXPORT void scipy_cblas_##p##name##64_(blasint n, const void *x_, blasint incx, const void *y_,     \
                                          blasint incy, void *result)                                    \
    {                                                                                                    \
        TRACE();                                                                                         \
        const T *x = x_, *y = y_;                                                                        \
        T sum = 0;                                                                                       \
        for (blasint i = 0; i < n; i++)                                                                  \
            sum += CONJ_cplx(x[at(n, incx, i)], conjugate) * y[at(n, incy, i)];                          \
        *(T *)result = sum;                                                                              \
    }
COMPLEX_DOT(c, float complex, dotu_sub, 0)
COMPLEX_DOT(c, float complex, dotc_sub, 1)
COMPLEX_DOT(z, double complex, dotu_sub, 0)
COMPLEX_DOT(z, double complex, dotc_sub, 1)

/* LAPACK, Fortran interface: column-major, every argument by reference.
 *
 * getrf: A = P L U with partial pivoting (the unblocked algorithm of LAPACK's getf2), ipiv 1-based;
 * *info = j when U(j,j) is exactly zero (the factorisation still completes), as LAPACK does.
 * gesv: getrf, then the rows of B swapped as ipiv says and L y = P B, U x = y solved in place. */
#define ABS_real(x) ((x) < 0 ? -(x) : (x))
#define ABS_cplx(x) (fabs(creal(x)) + fabs(cimag(x))) /* LAPACK's i?amax measure: |re| + |im| */
#include <math.h>

#define LU(p, T, K)                                                                                      \
    EXPORT void scipy_##p##getrf_64_(const blasint *m_, const blasint *n_, T *a, const blasint *lda_,  \
                                     blasint *ipiv, blasint *info)                                       \
    {                                                                                                    \
        TRACE();                                                                                         \
        blasint m = *m_, n = *n_, lda = *lda_;                                                           \
        *info = 0;                                                                                       \
        if (m < 0)                                                                                       \
            *info = -1;                                                                                  \
        else if (n < 0)                                                                                  \
            *info = -2;                                                                                  \
        else if (lda < (m > 1 ? m : 1))                                                                  \
            *info = -4;                                                                                  \
        if (*info != 0)                                                                                  \
            return;                                                                                      \
        blasint steps = m < n ? m : n;                                                                   \
        for (blasint j = 0; j < steps; j++) {                                                            \
            T *col = a + j * lda;                                                                        \
            blasint pivot = j;                                                                           \
            for (blasint i = j + 1; i < m; i++)                                                          \
                if (ABS_##K(col[i]) > ABS_##K(col[pivot]))                                               \
                    pivot = i;                                                                           \
            ipiv[j] = pivot + 1;                                                                         \
            if (col[pivot] == 0) {                                                                       \
                if (*info == 0)                                                                          \
                    *info = j + 1;                                                                       \
                continue;                                                                                \
            }                                                                                            \
            if (pivot != j)                                                                              \
                for (blasint k = 0; k < n; k++) {                                                        \
                    T swap = a[j + k * lda];                                                             \
                    a[j + k * lda] = a[pivot + k * lda];                                                 \
                    a[pivot + k * lda] = swap;                                                           \
                }                                                                                        \
            for (blasint i = j + 1; i < m; i++)                                                          \
                col[i] /= col[j];                                                                        \
            for (blasint k = j + 1; k < n; k++) {                                                        \
                T factor = a[j + k * lda];                                                               \
                if (factor != 0)                                                                         \
                    for (blasint i = j + 1; i < m; i++)                                                  \
                        a[i + k * lda] -= col[i] * factor;                                               \
            }                                                                                            \
        }                                                                                                \
    }                                                                                                    \
                                                                                                         \
    EXPORT void scipy_##p##gesv_64_(const blasint *n_, const blasint *nrhs_, T *a, const blasint *lda_, \
                                    blasint *ipiv, T *b, const blasint *ldb_, blasint *info)             \
    {                                                                                                    \
        TRACE();                                                                                         \
        blasint n = *n_, nrhs = *nrhs_, lda = *lda_, ldb = *ldb_;                                        \
        *info = 0;                                                                                       \
        if (n < 0)                                                                                       \
            *info = -1;                                                                                  \
        else if (nrhs < 0)                                                                               \
            *info = -2;                                                                                  \
        else if (lda < (n > 1 ? n : 1))                                                                  \
            *info = -4;                                                                                  \
        else if (ldb < (n > 1 ? n : 1))                                                                  \
            *info = -7;                                                                                  \
        if (*info != 0)                                                                                  \
            return;                                                                                      \
        scipy_##p##getrf_64_(n_, n_, a, lda_, ipiv, info);                                               \
        if (*info != 0)                                                                                  \
            return;                                                                                      \
        for (blasint r = 0; r < nrhs; r++) {                                                             \
            T *x = b + r * ldb;                                                                          \
            for (blasint i = 0; i < n; i++) {                                                            \
                blasint s = ipiv[i] - 1;                                                                 \
                if (s != i) {                                                                            \
                    T swap = x[i];                                                                       \
                    x[i] = x[s];                                                                         \
                    x[s] = swap;                                                                         \
                }                                                                                        \
            }                                                                                            \
            for (blasint k = 0; k < n; k++) /* L has a unit diagonal */                                  \
                for (blasint i = k + 1; i < n; i++)                                                      \
                    x[i] -= a[i + k * lda] * x[k];                                                       \
            for (blasint k = n - 1; k >= 0; k--) {                                                       \
                x[k] /= a[k + k * lda];                                                                  \
                for (blasint i = 0; i < k; i++)                                                          \
                    x[i] -= a[i + k * lda] * x[k];                                                       \
            }                                                                                            \
        }                                                                                                \
    }
LU(s, float, real)
LU(d, double, real)
LU(c, float complex, cplx)
LU(z, double complex, cplx)

/* The routines that only fail.  A workspace query (an lwork, liwork or lrwork of -1) is answered
 * with sizes of 1, as LAPACK answers it, so NumPy goes on to the real call, which fails with
 * *info = 1 ("did not converge" / "not positive definite"): numpy.linalg raises LinAlgError. */
#define QUERY(work, lwork, T)                                                                            \
    do {                                                                                                 \
        if (*(const blasint *)(lwork) == -1) {                                                           \
            *(T *)(work) = 1;                                                                            \
            query = 1;                                                                                   \
        }                                                                                                \
    } while (0)
#define IQUERY(work, lwork)                                                                              \
    do {                                                                                                 \
        if (*(const blasint *)(lwork) == -1) {                                                           \
            *(blasint *)(work) = 1;                                                                      \
            query = 1;                                                                                   \
        }                                                                                                \
    } while (0)
#define ANSWER(info) (*(blasint *)(info) = query ? 0 : 1)

typedef void *P;

/* potrf(uplo, n, a, lda, info) */
#define POTRF(p)                                                                                         \
    EXPORT void scipy_##p##potrf_64_(P a1, P a2, P a3, P a4, blasint *info)                              \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4;                                                          \
        *info = 1;                                                                                       \
    }
POTRF(s)
POTRF(d)
POTRF(c)
POTRF(z)

/* syevd(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info) */
#define SYEVD(name, T)                                                                                   \
    EXPORT void name(P a1, P a2, P a3, P a4, P a5, P a6, P work, P lwork, P iwork, P liwork, P info)     \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6;                                      \
        int query = 0;                                                                                   \
        QUERY(work, lwork, T);                                                                           \
        IQUERY(iwork, liwork);                                                                           \
        ANSWER(info);                                                                                    \
    }
SYEVD(scipy_ssyevd_64_, float)
SYEVD(scipy_dsyevd_64_, double)

/* heevd(jobz, uplo, n, a, lda, w, work, lwork, rwork, lrwork, iwork, liwork, info) */
#define HEEVD(name, T, R)                                                                                \
    EXPORT void name(P a1, P a2, P a3, P a4, P a5, P a6, P work, P lwork, P rwork, P lrwork, P iwork,    \
                     P liwork, P info)                                                                   \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6;                                      \
        int query = 0;                                                                                   \
        QUERY(work, lwork, T);                                                                           \
        QUERY(rwork, lrwork, R);                                                                         \
        IQUERY(iwork, liwork);                                                                           \
        ANSWER(info);                                                                                    \
    }
HEEVD(scipy_cheevd_64_, float complex, float)
HEEVD(scipy_zheevd_64_, double complex, double)

/* real geev(jobvl, jobvr, n, a, lda, wr, wi, vl, ldvl, vr, ldvr, work, lwork, info) */
#define GEEV_REAL(name, T)                                                                               \
    EXPORT void name(P a1, P a2, P a3, P a4, P a5, P a6, P a7, P a8, P a9, P a10, P a11, P work,         \
                     P lwork, P info)                                                                    \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6, (void)a7, (void)a8, (void)a9;        \
        (void)a10, (void)a11;                                                                            \
        int query = 0;                                                                                   \
        QUERY(work, lwork, T);                                                                           \
        ANSWER(info);                                                                                    \
    }
GEEV_REAL(scipy_sgeev_64_, float)
GEEV_REAL(scipy_dgeev_64_, double)

/* complex geev(jobvl, jobvr, n, a, lda, w, vl, ldvl, vr, ldvr, work, lwork, rwork, info) */
#define GEEV_COMPLEX(name, T)                                                                            \
    EXPORT void name(P a1, P a2, P a3, P a4, P a5, P a6, P a7, P a8, P a9, P a10, P work, P lwork,       \
                     P rwork, P info)                                                                    \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6, (void)a7, (void)a8, (void)a9;        \
        (void)a10, (void)rwork;                                                                          \
        int query = 0;                                                                                   \
        QUERY(work, lwork, T);                                                                           \
        ANSWER(info);                                                                                    \
    }
GEEV_COMPLEX(scipy_zgeev_64_, double complex)

/* real gesdd(jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, iwork, info) */
#define GESDD_REAL(name, T)                                                                              \
    EXPORT void name(P a1, P a2, P a3, P a4, P a5, P a6, P a7, P a8, P a9, P a10, P work, P lwork,       \
                     P iwork, P info)                                                                    \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6, (void)a7, (void)a8, (void)a9;        \
        (void)a10, (void)iwork;                                                                          \
        int query = 0;                                                                                   \
        QUERY(work, lwork, T);                                                                           \
        ANSWER(info);                                                                                    \
    }
GESDD_REAL(scipy_sgesdd_64_, float)
GESDD_REAL(scipy_dgesdd_64_, double)

/* complex gesdd(jobz, m, n, a, lda, s, u, ldu, vt, ldvt, work, lwork, rwork, iwork, info) */
#define GESDD_COMPLEX(name, T)                                                                           \
    EXPORT void name(P a1, P a2, P a3, P a4, P a5, P a6, P a7, P a8, P a9, P a10, P work, P lwork,       \
                     P rwork, P iwork, P info)                                                           \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6, (void)a7, (void)a8, (void)a9;        \
        (void)a10, (void)rwork, (void)iwork;                                                             \
        int query = 0;                                                                                   \
        QUERY(work, lwork, T);                                                                           \
        ANSWER(info);                                                                                    \
    }
GESDD_COMPLEX(scipy_cgesdd_64_, float complex)
GESDD_COMPLEX(scipy_zgesdd_64_, double complex)

/* real gelsd(m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, iwork, info): the query also
 * gives the integer workspace's size in iwork[0] */
#define GELSD_REAL(name, T)                                                                              \
    EXPORT void name(P a1, P a2, P a3, P a4, P a5, P a6, P a7, P a8, P a9, P a10, P work, P lwork,       \
                     P iwork, P info)                                                                    \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6, (void)a7, (void)a8, (void)a9;        \
        (void)a10;                                                                                       \
        int query = 0;                                                                                   \
        QUERY(work, lwork, T);                                                                           \
        if (query)                                                                                       \
            *(blasint *)iwork = 1;                                                                       \
        ANSWER(info);                                                                                    \
    }
GELSD_REAL(scipy_sgelsd_64_, float)
GELSD_REAL(scipy_dgelsd_64_, double)

/* complex gelsd(m, n, nrhs, a, lda, b, ldb, s, rcond, rank, work, lwork, rwork, iwork, info) */
#define GELSD_COMPLEX(name, T, R)                                                                        \
    EXPORT void name(P a1, P a2, P a3, P a4, P a5, P a6, P a7, P a8, P a9, P a10, P work, P lwork,       \
                     P rwork, P iwork, P info)                                                           \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6, (void)a7, (void)a8, (void)a9;        \
        (void)a10;                                                                                       \
        int query = 0;                                                                                   \
        QUERY(work, lwork, T);                                                                           \
        if (query) {                                                                                     \
            *(R *)rwork = 1;                                                                             \
            *(blasint *)iwork = 1;                                                                       \
        }                                                                                                \
        ANSWER(info);                                                                                    \
    }
GELSD_COMPLEX(scipy_cgelsd_64_, float complex, float)
GELSD_COMPLEX(scipy_zgelsd_64_, double complex, double)

/* geqrf(m, n, a, lda, tau, work, lwork, info) */
#define GEQRF(name, T)                                                                                   \
    EXPORT void name(P a1, P a2, P a3, P a4, P a5, P work, P lwork, P info)                              \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;                                                \
        int query = 0;                                                                                   \
        QUERY(work, lwork, T);                                                                           \
        ANSWER(info);                                                                                    \
    }
GEQRF(scipy_dgeqrf_64_, double)
GEQRF(scipy_zgeqrf_64_, double complex)

/* orgqr / ungqr(m, n, k, a, lda, tau, work, lwork, info) */
#define ORGQR(name, T)                                                                                   \
    EXPORT void name(P a1, P a2, P a3, P a4, P a5, P a6, P work, P lwork, P info)                        \
    {                                                                                                    \
        TRACE();                                                                                         \
        (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6;                                      \
        int query = 0;                                                                                   \
        QUERY(work, lwork, T);                                                                           \
        ANSWER(info);                                                                                    \
    }
ORGQR(scipy_dorgqr_64_, double)
ORGQR(scipy_zungqr_64_, double complex)
