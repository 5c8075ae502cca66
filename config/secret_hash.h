#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "config/config.h"

namespace sysmetrics {

// A salted hash of a password or token as written in the config:
//   pbkdf2-sha256$<iterations>$<salt, hex>$<derived key, hex>
// Made by `sysmetrics hash-password` or `sysmetrics generate-token`; checked in
// http/server/secret_check.h. Parsing needs no cryptography, so the config check can run anywhere.
struct SecretHash {
    std::uint32_t iterations = 0;
    std::string salt;  // raw bytes
    std::string key;   // raw bytes, kSecretKeyBytes long
};

constexpr const char* kSecretHashScheme = "pbkdf2-sha256";
constexpr std::size_t kSecretKeyBytes = 32;
constexpr std::size_t kMinSaltBytes = 8;
constexpr std::uint32_t kMaxIterations = 10'000'000;

// The error says what part is wrong, never echoing the text (it may be a pasted secret).
ConfigResult<SecretHash> parseSecretHash(const std::string& text);
std::string formatSecretHash(const SecretHash& hash);

std::string toHex(const std::string& bytes);
// nullopt when `hex` has an odd length or a character that is not a hex digit.
std::optional<std::string> fromHex(const std::string& hex);

}  // namespace sysmetrics
