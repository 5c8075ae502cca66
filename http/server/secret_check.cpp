#include "http/server/secret_check.h"

#include "http/server/base64.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace sysmetrics {

namespace {

std::string deriveKey(const std::string& secret, const std::string& salt,
                      std::uint32_t iterations) {
    std::string key(kSecretKeyBytes, '\0');
    const int ok = PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()),
                                     reinterpret_cast<const unsigned char*>(salt.data()),
                                     static_cast<int>(salt.size()), static_cast<int>(iterations),
                                     EVP_sha256(), static_cast<int>(key.size()),
                                     reinterpret_cast<unsigned char*>(key.data()));
    return ok == 1 ? key : std::string();
}

}  // namespace

Result<std::string> randomBytes(std::size_t count) {
    std::string bytes(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
        return Error{ErrorCode::os_error, 0, "RAND_bytes"};
    }
    return bytes;
}

Result<SecretHash> hashSecret(const std::string& secret, std::uint32_t iterations) {
    auto salt = randomBytes(kSaltBytes);
    if (!salt.ok()) {
        return salt.error();
    }
    return hashSecretWithSalt(secret, salt.value(), iterations);
}

Result<SecretHash> hashSecretWithSalt(const std::string& secret, const std::string& salt,
                                      std::uint32_t iterations) {
    std::string key = deriveKey(secret, salt, iterations);
    if (key.empty()) {
        return Error{ErrorCode::os_error, 0, "PKCS5_PBKDF2_HMAC"};
    }
    return SecretHash{iterations, salt, std::move(key)};
}

bool constantTimeEquals(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool secretMatches(const SecretHash& hash, const std::string& secret) {
    const std::string key = deriveKey(secret, hash.salt, hash.iterations);
    return !key.empty() && constantTimeEquals(key, hash.key);
}

Result<std::string> generateToken() {
    auto bytes = randomBytes(kTokenBytes);
    if (!bytes.ok()) {
        return bytes.error();
    }
    return encodeBase64Url(bytes.value());
}

}  // namespace sysmetrics
