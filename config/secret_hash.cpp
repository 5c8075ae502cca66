#include "config/secret_hash.h"

#include <sstream>
#include <vector>

#include "base/text_parse.h"

namespace sysmetrics {

namespace {

std::vector<std::string> splitOn(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream stream(text);
    while (std::getline(stream, part, separator)) {
        parts.push_back(part);
    }
    if (!text.empty() && text.back() == separator) {
        parts.emplace_back();
    }
    return parts;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace

std::string toHex(const std::string& bytes) {
    static const char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes) {
        hex.push_back(kDigits[byte >> 4]);
        hex.push_back(kDigits[byte & 0xf]);
    }
    return hex;
}

std::optional<std::string> fromHex(const std::string& hex) {
    if (hex.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = hexValue(hex[i]);
        const int low = hexValue(hex[i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        bytes.push_back(static_cast<char>(high * 16 + low));
    }
    return bytes;
}

ConfigResult<SecretHash> parseSecretHash(const std::string& text) {
    const auto bad = [](const std::string& why) {
        return ConfigError{
            "is not a hash made by `sysmetrics hash-password` or "
            "`sysmetrics generate-token`: " +
            why};
    };
    const auto parts = splitOn(text, '$');
    if (parts.size() != 4 || parts[0] != kSecretHashScheme) {
        return bad(std::string("expected ") + kSecretHashScheme +
                   "$ITERATIONS$SALT$KEY (plain-text secrets are not accepted)");
    }
    const auto iterations = parseUnsigned(parts[1]);
    if (!iterations || *iterations < 1 || *iterations > kMaxIterations) {
        return bad("the iteration count must be a whole number from 1 to " +
                   std::to_string(kMaxIterations));
    }
    auto salt = fromHex(parts[2]);
    if (!salt || salt->size() < kMinSaltBytes) {
        return bad("the salt must be at least " + std::to_string(kMinSaltBytes) +
                   " bytes written in hex");
    }
    auto key = fromHex(parts[3]);
    if (!key || key->size() != kSecretKeyBytes) {
        return bad("the key must be " + std::to_string(kSecretKeyBytes) + " bytes written in hex");
    }
    return SecretHash{static_cast<std::uint32_t>(*iterations), std::move(*salt), std::move(*key)};
}

std::string formatSecretHash(const SecretHash& hash) {
    return std::string(kSecretHashScheme) + "$" + std::to_string(hash.iterations) + "$" +
           toHex(hash.salt) + "$" + toHex(hash.key);
}

}  // namespace sysmetrics
