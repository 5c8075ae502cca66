#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/config_error.h"

namespace sysmetrics {

// Prometheus remote write 1.0: where to push and how hard to try. Off while `url` is "".
struct RemoteWriteConfig {
    std::string url;  // http:// or https://host[:port]/path
    // Batching: at most one WriteRequest per interval; 0 = one per snapshot version.
    std::chrono::milliseconds interval{0};
    std::vector<std::string> collectors;           // empty = every enabled collector
    std::map<std::string, std::string> labels;     // added to every series (its own labels win)
    std::uint64_t max_samples_per_request = 2000;  // a larger collection is split
    std::chrono::milliseconds timeout{30000};      // one request, connect to last byte
    std::chrono::milliseconds min_backoff{500};    // first retry after a 5xx/429/network error
    std::chrono::milliseconds max_backoff{5000};
    std::string bearer_token_file;  // the token is the file's content, trimmed
    std::string basic_auth_username;
    std::string basic_auth_password_file;
    std::string tls_ca_file;    // PEM; "" = the system's store
    std::string tls_cert_file;  // PEM client certificate, with tls_key_file
    std::string tls_key_file;
    bool tls_insecure_skip_verify = false;
    std::string queue_directory;  // "" = the platform default (see defaultQueueDirectory)
    std::uint64_t queue_max_bytes = 64ull << 20;

    bool enabled() const { return !url.empty(); }
};

// A remote write URL taken apart: what an HTTP client connects to and the path it posts to.
struct RemoteWriteUrl {
    std::string scheme;  // "http" or "https"
    std::string host;    // without IPv6 brackets
    std::uint16_t port = 0;
    std::string path;            // "/" when the URL has none
    std::string origin() const;  // scheme://host:port, brackets restored
};

// Errors name what is wrong with the text ("has no host", ...), for the key that holds it.
ConfigResult<RemoteWriteUrl> parseRemoteWriteUrl(const std::string& text);

// The token a bearer_token_file holds: its content without surrounding blanks, or what is wrong
// with it for the key that names the file ("is empty: ...", or a control character, which an
// HTTP header cannot carry and a newline would split). Used by the config check and the client
// alike, so that what check-config accepts is what is sent.
ConfigResult<std::string> bearerTokenFrom(std::string_view content);

// remote_write under defaultStateDirectory() (base/paths.h).
std::string defaultQueueDirectory();

}  // namespace sysmetrics
