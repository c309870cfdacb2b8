// HDF5's type ids and property-list classes are macros over globals that need H5open();
// Swift cannot import them, so these getters expose them as functions.
#pragma once
#include <hdf5.h>

static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_c_s1(void) { return H5T_C_S1; }
static inline hid_t chdf5_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t chdf5_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t chdf5_link_create(void) { return H5P_LINK_CREATE; }
static inline hid_t chdf5_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t chdf5_file_create(void) { return H5P_FILE_CREATE; }
static inline hsize_t chdf5_unlimited(void) { return H5S_UNLIMITED; }
static inline size_t chdf5_variable(void) { return H5T_VARIABLE; }
static inline unsigned chdf5_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned chdf5_acc_excl(void) { return H5F_ACC_EXCL; }
static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned chdf5_object_info_all(void) { return H5O_INFO_ALL; }

#include <stdio.h>
#include <string.h>

static herr_t chdf5_collect_error(unsigned n, const H5E_error2_t *e, void *data) {
    char *buf = (char *)data;
    size_t len = strlen(buf);
    if (n < 3 && e->desc && e->desc[0] && len + 3 < 1024)
        snprintf(buf + len, 1024 - len, "%s%s", len ? "; " : "", e->desc);
    return 0;
}

/// Copies up to three descriptions from HDF5's error stack (outermost first) into `buf`
/// (1024 bytes) and clears the stack, so errors reach Swift as text instead of being printed.
static inline void chdf5_take_error(char *buf) {
    buf[0] = 0;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, chdf5_collect_error, buf);
    H5Eclear2(H5E_DEFAULT);
}

/// Stops HDF5 from printing error stacks to stderr.
static inline void chdf5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
