#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sysmetrics {

struct ListenAddress {
    std::string host = "0.0.0.0";
    std::uint16_t port = 9185;
    std::string text() const;
    bool operator==(const ListenAddress& other) const {
        return host == other.host && port == other.port;
    }
};

// Whether the two addresses cannot both be bound: the same port (not 0, which takes a free one)
// and the same host, or a wildcard host that covers the other's. 0.0.0.0 covers every IPv4
// address; :: covers every address, IPv4 too (IPv6 listeners accept IPv4, IPV6_V6ONLY off). A
// host name is taken as written: its addresses are known only once it resolves, at bind.
bool listenAddressesClash(const ListenAddress& a, const ListenAddress& b);

// Where the REST API is served: with /metrics, on its own address, or nowhere.
struct ApiListen {
    enum class Mode { shared, separate, disabled };
    Mode mode = Mode::shared;
    ListenAddress address;  // when separate
    std::string text() const;
};

struct TlsConfig {
    std::string cert_file;       // PEM; TLS is on when set
    std::string key_file;        // PEM
    std::string client_ca_file;  // PEM; when set, clients must present a certificate it signed
    bool enabled() const { return !cert_file.empty(); }
    bool operator==(const TlsConfig& other) const {
        return cert_file == other.cert_file && key_file == other.key_file &&
               client_ca_file == other.client_ca_file;
    }
};

// Credentials are stored only as salted hashes (see config/secret_hash.h).
struct AuthConfig {
    std::vector<std::string> token_hashes;           // bearer tokens
    std::map<std::string, std::string> user_hashes;  // basic auth: user -> hash
    bool require_metrics = false;
    bool require_api = false;  // the REST API and the index page
    bool require_healthz = false;
    bool hasCredentials() const { return !token_hashes.empty() || !user_hashes.empty(); }
};

struct WebLimits {
    std::uint32_t max_connections = 32;  // beyond this, 503
    std::chrono::seconds read_timeout{10};
    std::chrono::seconds write_timeout{10};
    std::chrono::seconds keep_alive_timeout{5};
    bool operator==(const WebLimits& other) const {
        return max_connections == other.max_connections && read_timeout == other.read_timeout &&
               write_timeout == other.write_timeout &&
               keep_alive_timeout == other.keep_alive_timeout;
    }
};

// Pages from these origins may read the answers in a browser (CORS): "scheme://host[:port]"
// exactly as browsers send it in Origin, or "*" for any. Empty: none.
struct CorsConfig {
    std::vector<std::string> origins;
};

struct WebConfig {
    ApiListen api_listen;
    CorsConfig cors;
    TlsConfig tls;
    AuthConfig auth;
    WebLimits limits;
};

}  // namespace sysmetrics
