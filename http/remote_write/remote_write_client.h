#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "config/remote_write_config.h"

namespace sysmetrics {

// The answer to one POST: an HTTP status, or 0 with `error` when none came (network error).
struct PostOutcome {
    int status = 0;
    std::string error;
    std::chrono::milliseconds retry_after{0};  // from a Retry-After header, in seconds
};

// Posts snappy-compressed WriteRequests with the headers remote write 1.0 requires. The only
// file that sees cpp-httplib's client. Keeps its connection between posts.
class RemoteWriteClient {
public:
    RemoteWriteClient(const RemoteWriteConfig& config, const std::string& user_agent);
    ~RemoteWriteClient();

    PostOutcome post(const std::string& compressed_body);
    // From another thread: ends a post in progress (it returns a network error).
    void cancel();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sysmetrics
