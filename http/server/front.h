#pragma once

// The admission stage in front of cpp-httplib. Internal to http/server.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "http/server/connection_pool.h"
#include "http/server/engine.h"
#include "http/server/header_block.h"
#include "http/server/socket_ops.h"

namespace sysmetrics {

// What the front counts, for tests and the log.
struct FrontCounters {
    std::uint64_t head_too_large = 0;  // answered 431
    std::uint64_t head_timed_out = 0;  // answered 408 or closed
    std::uint64_t over_capacity = 0;   // answered 503
    std::uint64_t evicted = 0;         // closed to make room for a new connection
};

// One thread owns the listening socket and every connection that is not being answered: it
// accepts, reads each request head into a buffer (poll, never blocking on one client) within a
// deadline and size and line limits, and only then hands the connection to a worker, which runs
// cpp-httplib's request processing over the received bytes. Between requests a kept-alive
// connection comes back here, costing no thread. So workers are spent only on complete requests;
// slow or idle clients cost a buffer and a descriptor, bounded in number (the oldest idle ones
// are closed first to make room); the over-capacity answer is written without waiting; stop()
// ends every connection at once.
class Front {
public:
    static constexpr std::size_t kMinOpenConnections = 512;

    Front(net::BoundListener listener, std::shared_ptr<Engine> engine);
    ~Front();
    Front(const Front&) = delete;
    Front& operator=(const Front&) = delete;

    bool start();
    // New connections are served by `engine` (a reload); those open finish on their own.
    void setEngine(std::shared_ptr<Engine> engine);
    // Closes the listening socket and every connection, ending requests in flight; bounded.
    void stop();

    FrontCounters counters() const;

private:
    struct Connection;
    using ConnectionPtr = std::shared_ptr<Connection>;
    using Clock = std::chrono::steady_clock;

    void run();
    std::shared_ptr<Engine> engine() const;
    void readHead(const ConnectionPtr& connection, std::vector<ConnectionPtr>& keep);
    void dispatch(const ConnectionPtr& connection, std::vector<ConnectionPtr>& keep);
    void answerAndLinger(const ConnectionPtr& connection, const std::string& bytes,
                         std::vector<ConnectionPtr>& keep);
    // Closes waiting connections, least useful first, until a new one fits under the cap (and,
    // when `keep_at_most` is not 0, until at most that many wait).
    void makeRoom(std::vector<ConnectionPtr>& waiting, std::size_t keep_at_most);
    // Shuts down connections held by a worker too long; returns when the next one will be.
    Clock::time_point watchBusy(Clock::time_point now);
    // A poll timeout for sleeping until `until` (max: no limit).
    static int pollTimeoutMs(Clock::time_point until);
    void serve(const ConnectionPtr& connection);
    bool serveOne(Connection& connection);
    void settle(const ConnectionPtr& connection, bool keep_alive);

    net::BoundListener listener_;
    net::WakeSocket wake_;
    ConnectionPool pool_;
    std::thread thread_;

    mutable std::mutex mutex_;
    std::shared_ptr<Engine> engine_;
    bool stopping_ = false;
    std::map<Connection*, Clock::time_point> busy_;  // on a worker, since
    std::vector<ConnectionPtr> returned_;            // kept alive, back from a worker

    std::atomic<std::uint64_t> head_too_large_{0};
    std::atomic<std::uint64_t> head_timed_out_{0};
    std::atomic<std::uint64_t> over_capacity_{0};
    std::atomic<std::uint64_t> evicted_{0};
    Clock::time_point last_warning_{};
};

}  // namespace sysmetrics
