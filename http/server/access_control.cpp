#include "http/server/access_control.h"

#include "base/text_parse.h"
#include "http/server/base64.h"
#include "http/server/json_response.h"
#include "http/server/secret_check.h"

namespace sysmetrics {

namespace {

constexpr std::size_t kMaxRemembered = 256;
constexpr std::size_t kMaxAuthorizationBytes = 4096;

// The scheme name is case-insensitive (RFC 9110 section 11.1).
std::optional<std::string> afterScheme(const std::string& header, const std::string& scheme) {
    if (header.size() <= scheme.size() || header[scheme.size()] != ' ' ||
        lowerAscii(std::string_view(header).substr(0, scheme.size())) != scheme) {
        return std::nullopt;
    }
    return std::string(trim(header.substr(scheme.size() + 1)));
}

}  // namespace

AccessControl::AccessControl(const AuthConfig& config)
    : require_metrics_(config.require_metrics),
      require_api_(config.require_api),
      require_healthz_(config.require_healthz) {
    for (const auto& text : config.token_hashes) {
        if (auto hash = parseSecretHash(text); hash.ok()) {
            tokens_.push_back(hash.value());
        }
    }
    for (const auto& [user, text] : config.user_hashes) {
        if (auto hash = parseSecretHash(text); hash.ok()) {
            users_.emplace(user, hash.value());
        }
    }
    auto salt = randomBytes(kSaltBytes);
    cache_salt_ = salt.ok() ? salt.value() : std::string();
    decoy_.iterations = kPasswordIterations;
    decoy_.salt = cache_salt_;
    decoy_.key = std::string(kSecretKeyBytes, '\0');
}

bool AccessControl::required(Area area) const {
    switch (area) {
        case Area::metrics:
            return require_metrics_;
        case Area::api:
            return require_api_;
        case Area::healthz:
            return require_healthz_;
    }
    return true;
}

std::string AccessControl::cacheKey(const std::string& authorization_header) const {
    // One PBKDF2 round is an HMAC under the random salt: nothing in memory reveals the secret.
    auto derived = hashSecretWithSalt(authorization_header, cache_salt_, 1);
    return derived.ok() ? derived.value().key : std::string();
}

bool AccessControl::admits(const std::string& authorization_header) {
    if (authorization_header.empty() || authorization_header.size() > kMaxAuthorizationBytes ||
        cache_salt_.empty()) {
        return false;
    }
    const std::string key = cacheKey(authorization_header);
    if (key.empty()) {
        return false;
    }
    {
        std::lock_guard<std::mutex> lock(cache_mutex_);
        if (admitted_.count(key) != 0) {
            return true;
        }
    }
    if (!verify(authorization_header)) {
        return false;
    }
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (admitted_.size() >= kMaxRemembered) {
        admitted_.clear();
    }
    admitted_.insert(key);
    return true;
}

bool AccessControl::verify(const std::string& authorization_header) {
    // One slow check at a time: a flood of wrong passwords costs at most one core.
    std::lock_guard<std::mutex> lock(verify_mutex_);
    if (auto credentials = afterScheme(authorization_header, "basic")) {
        return !users_.empty() && verifyBasic(*credentials);
    }
    if (auto token = afterScheme(authorization_header, "bearer")) {
        return !tokens_.empty() && verifyBearer(*token);
    }
    return false;
}

bool AccessControl::verifyBasic(const std::string& credentials) {
    const auto decoded = decodeBase64(credentials);
    const auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) {
        return false;
    }
    const std::string user = decoded->substr(0, colon);
    const std::string password = decoded->substr(colon + 1);
    const auto found = users_.find(user);
    if (found == users_.end()) {
        secretMatches(decoy_, password);
        return false;
    }
    return secretMatches(found->second, password);
}

bool AccessControl::verifyBearer(const std::string& token) {
    bool matched = false;
    for (const auto& hash : tokens_) {
        matched = secretMatches(hash, token) || matched;  // check all: no early exit
    }
    return matched;
}

HttpResponse AccessControl::challenge() const {
    HttpResponse response = jsonError(401, "unauthorized", "this endpoint needs credentials");
    if (!users_.empty()) {
        response.headers.emplace_back("WWW-Authenticate",
                                      "Basic realm=\"sysmetrics\", charset=\"UTF-8\"");
    }
    if (!tokens_.empty()) {
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"sysmetrics\"");
    }
    return response;
}

}  // namespace sysmetrics
