#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "config/secret_hash.h"

namespace sysmetrics {

// Cryptography for credentials, from OpenSSL's libcrypto: PBKDF2-HMAC-SHA256, the system's
// random generator, and a constant-time comparison.

// Passwords are chosen by people: slow to guess. Tokens are 32 random bytes: a slow hash adds
// nothing but cost per request.
constexpr std::uint32_t kPasswordIterations = 100'000;
constexpr std::uint32_t kTokenIterations = 1'000;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kTokenBytes = 32;

Result<std::string> randomBytes(std::size_t count);
// With a fresh random salt.
Result<SecretHash> hashSecret(const std::string& secret, std::uint32_t iterations);
Result<SecretHash> hashSecretWithSalt(const std::string& secret, const std::string& salt,
                                      std::uint32_t iterations);
// Derives the key from `secret` with the hash's salt and iterations and compares in constant time.
bool secretMatches(const SecretHash& hash, const std::string& secret);
// Same-length inputs compared without data-dependent branches.
bool constantTimeEquals(const std::string& a, const std::string& b);
// A token for `Authorization: Bearer`: 32 random bytes, URL-safe base64 without padding.
Result<std::string> generateToken();

}  // namespace sysmetrics
