#pragma once

#include <atomic>
#include <cstdint>

namespace sysmetrics {

// Connections answered 503 because every worker was busy, counted since the process started over
// every listener and reload (a listener's pool is rebuilt on reload; this count is not):
// sysmetrics_http_connections_rejected_total, which the "refusing connections" alert watches.
class RejectionCount {
public:
    static void add() { total().fetch_add(1, std::memory_order_relaxed); }
    static std::uint64_t value() { return total().load(std::memory_order_relaxed); }

private:
    static std::atomic<std::uint64_t>& total() {
        static std::atomic<std::uint64_t> count{0};
        return count;
    }
};

}  // namespace sysmetrics
