// CBLAS from Debian's OpenBLAS, plus prototypes of the few LAPACK routines (Fortran ABI,
// in the same library) that the project calls. Debian ships no LAPACKE header with it.
#pragma once
#include <cblas.h>


/// Symmetric eigenproblem, selected eigenpairs (relatively robust representations).
void dsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a,
             const int *lda, const double *vl, const double *vu, const int *il, const int *iu,
             const double *abstol, int *m, double *w, double *z, const int *ldz, int *isuppz,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);
/// Singular value decomposition (one-sided Jacobi-free QR path).
void dgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n, double *a,
             const int *lda, double *s, double *u, const int *ldu, double *vt, const int *ldvt,
             double *work, const int *lwork, int *info);
/// Single-precision symmetric eigenproblem, selected eigenpairs.
void ssyevr_(const char *jobz, const char *range, const char *uplo, const int *n, float *a,
             const int *lda, const float *vl, const float *vu, const int *il, const int *iu,
             const float *abstol, int *m, float *w, float *z, const int *ldz, int *isuppz,
             float *work, const int *lwork, int *iwork, const int *liwork, int *info);
/// Householder QR of a column-major m×n matrix (R above the diagonal, reflectors below).
void sgeqrf_(const int *m, const int *n, float *a, const int *lda, float *tau, float *work,
             const int *lwork, int *info);
/// The m×n matrix Q with orthonormal columns from sgeqrf's reflectors.
void sorgqr_(const int *m, const int *n, const int *k, float *a, const int *lda, const float *tau,
             float *work, const int *lwork, int *info);
