#pragma once
// OpenSSL's libcrypto (Debian's libssl-dev), for SHA-256 through its EVP digest interface.
#include <openssl/evp.h>
