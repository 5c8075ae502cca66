#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "config/secret_hash.h"
#include "config/web_config.h"
#include "http/server/base64.h"
#include "http/server/http_types.h"

namespace sysmetrics {

enum class Area { metrics, api, healthz };

// Which requests need credentials, and whether an Authorization header carries one. Bearer
// tokens and basic-auth users are kept only as salted hashes. A credential that passed once is
// remembered (keyed by a digest under a per-process random key), so Prometheus pays the slow
// hash on its first scrape only; failures are never remembered and are checked one at a time.
class AccessControl {
public:
    // `config` was validated when loaded; an unparsable hash is skipped here.
    explicit AccessControl(const AuthConfig& config);

    bool required(Area area) const;
    bool admits(const std::string& authorization_header);
    // The 401 answer: a challenge for each scheme in use and no detail of what failed.
    HttpResponse challenge() const;

private:
    bool verify(const std::string& authorization_header);
    bool verifyBasic(const std::string& credentials);
    bool verifyBearer(const std::string& token);
    std::string cacheKey(const std::string& authorization_header) const;

    bool require_metrics_;
    bool require_api_;
    bool require_healthz_;
    std::vector<SecretHash> tokens_;
    std::map<std::string, SecretHash> users_;
    SecretHash decoy_;  // checked for unknown users, so timing does not tell who exists
    std::string cache_salt_;

    std::mutex verify_mutex_;
    std::mutex cache_mutex_;
    std::unordered_set<std::string> admitted_;
};

}  // namespace sysmetrics
