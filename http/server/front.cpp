#include "http/server/front.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>

#include "http/server/connection_stream.h"
#include "http/server/heap_release_after_answer.h"
#include "http/server/rejection_count.h"

namespace sysmetrics {

namespace {

constexpr std::size_t kReadChunk = 4096;
// After an error answer we stop sending and read what the client still sends for this long, so
// closing does not reset the connection before the client has read the answer.
constexpr auto kLingerTime = std::chrono::seconds(1);
// The head of each request must arrive within this long (web.read_timeout_seconds) counted from
// its first byte, or from the connection's start; bounded below so a 1 s setting still works
// on a loaded machine.
constexpr auto kMinHeadTime = std::chrono::seconds(1);

}  // namespace

struct Front::Connection {
    enum class Phase { head, idle, lingering };

    socket_t sock = INVALID_SOCKET;
    std::shared_ptr<Engine> engine;  // the configuration it was accepted under
    Phase phase = Phase::head;
    std::string pending;  // received, not yet given to httplib
    Clock::time_point opened;
    Clock::time_point deadline;
    std::size_t served = 0;
    SSL* ssl = nullptr;
    bool tls_graceful = false;
    // Set with the socket's shutdown: a worker's waits end at their next slice even where a
    // shutdown does not wake a blocked select (Winsock does not promise that it does).
    std::atomic<bool> cancelled{false};

    ~Connection() {
        if (ssl) {
            engine->releaseTls(sock, ssl, tls_graceful);
        }
        net::closeSocket(sock);
    }
};

Front::Front(net::BoundListener listener, std::shared_ptr<Engine> engine)
    : listener_(listener),
      pool_(engine->options().limits.max_connections),
      engine_(std::move(engine)) {}

Front::~Front() {
    stop();
    net::closeSocket(listener_.sock);
}

bool Front::start() {
    if (!wake_.ok()) {
        return false;
    }
    thread_ = std::thread([this] { run(); });
    return true;
}

std::shared_ptr<Engine> Front::engine() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return engine_;
}

void Front::setEngine(std::shared_ptr<Engine> engine) {
    pool_.setMaxWorkers(engine->options().limits.max_connections);
    std::lock_guard<std::mutex> lock(mutex_);
    engine_ = std::move(engine);
}

FrontCounters Front::counters() const {
    return FrontCounters{head_too_large_.load(), head_timed_out_.load(), over_capacity_.load(),
                         evicted_.load()};
}

void Front::run() {
    std::vector<ConnectionPtr> waiting;
    std::vector<net::PollItem> items;
    // The poll sleeps until the nearest deadline (a worker held too long, a head or keep-alive
    // timing out) or a wake; with none, until a wake: an idle server costs no CPU between
    // requests (a fixed 250 ms tick cost about 8 ms of CPU per 15 s on a loaded machine).
    auto watchdog_next = Clock::time_point::max();
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) {
                break;
            }
            const auto now = Clock::now();
            for (auto& back : returned_) {
                if (back->pending.empty()) {
                    back->phase = Connection::Phase::idle;
                    back->deadline = now + back->engine->options().limits.keep_alive_timeout;
                } else {
                    back->phase = Connection::Phase::head;
                    back->deadline =
                        now + std::max<Clock::duration>(back->engine->options().limits.read_timeout,
                                                        kMinHeadTime);
                }
                waiting.push_back(std::move(back));
            }
            returned_.clear();
        }
        auto nearest = watchdog_next;
        items.assign(2, net::PollItem{});
        items[0].sock = listener_.sock;
        items[1].sock = wake_.sock();
        for (const auto& connection : waiting) {
            items.push_back(net::PollItem{connection->sock, false});
            nearest = std::min(nearest, connection->deadline);
        }
        if (!net::pollReadable(items, pollTimeoutMs(nearest))) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));  // EINTR-like; retry
            continue;
        }
        // Read after the wait: a reload during it applies to the connections it woke for.
        const auto current = engine();
        const auto& limits = current->options().limits;
        if (items[1].readable) {
            wake_.drain();
        }
        const auto now = Clock::now();
        std::vector<ConnectionPtr> keep;
        keep.reserve(waiting.size() + 8);
        for (std::size_t i = 0; i < waiting.size(); ++i) {
            auto& connection = waiting[i];
            if (items[i + 2].readable) {
                if (connection->phase == Connection::Phase::lingering) {
                    char sink[kReadChunk];
                    if (net::receiveNow(connection->sock, sink, sizeof sink) > 0) {
                        keep.push_back(std::move(connection));
                    }
                } else if (connection->engine->tls()) {
                    dispatch(connection, keep);  // the head is inside TLS: a worker reads it
                } else {
                    readHead(connection, keep);
                }
            } else if (now >= connection->deadline) {
                if (connection->phase == Connection::Phase::head && !connection->pending.empty()) {
                    head_timed_out_++;
                    answerAndLinger(connection,
                                    rawAnswer(408, "Request Timeout", "request_timeout",
                                              "the request head did not arrive in time"),
                                    keep);
                } else if (connection->phase == Connection::Phase::head) {
                    head_timed_out_++;  // sent nothing at all: just close
                }
            } else {
                keep.push_back(std::move(connection));
            }
        }
        waiting.swap(keep);
        if (items[0].readable) {
            for (int accepted = 0; accepted < 64; ++accepted) {
                bool out_of_descriptors = false;
                const socket_t sock = net::acceptPending(listener_.sock, out_of_descriptors);
                if (sock == INVALID_SOCKET) {
                    if (out_of_descriptors) {
                        // The listener stays readable: free a descriptor (the least useful
                        // connection) or rest a moment, rather than spin.
                        if (waiting.empty()) {
                            std::this_thread::sleep_for(std::chrono::milliseconds(50));
                        } else {
                            makeRoom(waiting, waiting.size() - 1);
                        }
                    }
                    break;
                }
                makeRoom(waiting, 0);
                auto connection = std::make_shared<Connection>();
                connection->sock = sock;
                connection->engine = current;
                connection->opened = Clock::now();
                connection->deadline = connection->opened +
                                       std::max<Clock::duration>(limits.read_timeout, kMinHeadTime);
                waiting.push_back(std::move(connection));
            }
        }
        watchdog_next = watchBusy(now);
        const auto rejected = over_capacity_.load() + evicted_.load();
        if (rejected > 0 && now - last_warning_ >= std::chrono::minutes(1)) {
            last_warning_ = now;  // at most one line a minute, however hard the server is pushed
            const auto counted = counters();
            spdlog::warn(
                "HTTP under pressure: {} answered 503, {} closed to make room, {} heads too "
                "large, {} heads too slow so far",
                counted.over_capacity, counted.evicted, counted.head_too_large,
                counted.head_timed_out);
        }
    }
    waiting.clear();  // closes them
    net::closeSocket(listener_.sock);
    listener_.sock = INVALID_SOCKET;
}

void Front::readHead(const ConnectionPtr& connection, std::vector<ConnectionPtr>& keep) {
    const HeaderLimits head_limits;
    char chunk[kReadChunk];
    const std::size_t room =
        head_limits.max_bytes + 1 - std::min(connection->pending.size(), head_limits.max_bytes);
    const long n = net::receiveNow(connection->sock, chunk, std::min(room, sizeof chunk));
    if (n <= 0) {
        return;  // closed by the client (or reset): drop it
    }
    if (connection->phase == Connection::Phase::idle) {
        connection->phase = Connection::Phase::head;
        connection->deadline =
            Clock::now() + std::max<Clock::duration>(
                               connection->engine->options().limits.read_timeout, kMinHeadTime);
    }
    connection->pending.append(chunk, static_cast<std::size_t>(n));
    const HeaderScan scan = scanHeaderBlock(connection->pending, head_limits);
    switch (scan.state) {
        case HeaderScan::State::complete:
            dispatch(connection, keep);
            return;
        case HeaderScan::State::too_large:
        case HeaderScan::State::too_many_lines:
            head_too_large_++;
            answerAndLinger(
                connection,
                rawAnswer(431, "Request Header Fields Too Large", "header_fields_too_large",
                          "the request head exceeds " + std::to_string(head_limits.max_bytes) +
                              " bytes or " + std::to_string(head_limits.max_lines) + " lines"),
                keep);
            return;
        case HeaderScan::State::incomplete:
            keep.push_back(connection);
            return;
    }
}

void Front::dispatch(const ConnectionPtr& connection, std::vector<ConnectionPtr>& keep) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        busy_[connection.get()] = Clock::now();
    }
    if (pool_.trySubmit([this, connection] { serve(connection); })) {
        return;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        busy_.erase(connection.get());
    }
    over_capacity_++;
    RejectionCount::add();
    if (connection->engine->tls()) {
        return;  // no answer can be read without a handshake: closing is the answer
    }
    answerAndLinger(connection,
                    rawAnswer(503, "Service Unavailable", "over_capacity",
                              "too many requests at once; retry shortly", true),
                    keep);
}

void Front::answerAndLinger(const ConnectionPtr& connection, const std::string& bytes,
                            std::vector<ConnectionPtr>& keep) {
    net::sendWithoutWaiting(connection->sock, bytes);
    connection->pending.clear();
    connection->pending.shrink_to_fit();
    connection->phase = Connection::Phase::lingering;
    connection->deadline = Clock::now() + kLingerTime;
    keep.push_back(connection);
}

void Front::makeRoom(std::vector<ConnectionPtr>& waiting, std::size_t keep_at_most) {
    std::size_t busy = 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        busy = busy_.size();
    }
    const std::size_t cap = std::max<std::size_t>(
        kMinOpenConnections, 2 * std::size_t{engine()->options().limits.max_connections});
    while (!waiting.empty() && (waiting.size() + busy + 1 > cap ||
                                (keep_at_most > 0 && waiting.size() > keep_at_most))) {
        // Done ones first, then idle kept-alive ones, then the head that has taken longest.
        const auto rank = [](const Connection& c) {
            return c.phase == Connection::Phase::lingering ? 0
                   : c.phase == Connection::Phase::idle    ? 1
                                                           : 2;
        };
        auto victim = std::min_element(
            waiting.begin(), waiting.end(), [&](const ConnectionPtr& a, const ConnectionPtr& b) {
                return rank(*a) != rank(*b) ? rank(*a) < rank(*b) : a->opened < b->opened;
            });
        if (rank(**victim) > 0) {
            evicted_++;
        }
        waiting.erase(victim);
    }
}

Front::Clock::time_point Front::watchBusy(Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto next = Clock::time_point::max();
    for (auto& [connection, since] : busy_) {
        if (connection->cancelled) {
            continue;
        }
        const auto& limits = connection->engine->options().limits;
        const auto overdue = since + limits.read_timeout + limits.write_timeout;
        if (now > overdue) {
            connection->cancelled = true;
            net::shutdownBoth(connection->sock);  // its worker's next read or write fails
            since = Clock::time_point::max() - std::chrono::hours(24);
            continue;
        }
        // A worker's later request (pipelined) moves `since` on: waking early is harmless.
        next = std::min(next, overdue + std::chrono::milliseconds(1));
    }
    return next;
}

int Front::pollTimeoutMs(Clock::time_point until) {
    if (until == Clock::time_point::max()) {
        return -1;  // no deadline: until a socket or the wake socket is readable
    }
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(wait, 0, 60 * 60 * 1000));
}

void Front::serve(const ConnectionPtr& connection) {
    bool keep_alive = false;
    for (;;) {
        keep_alive = serveOne(*connection);
        if (!keep_alive) {
            break;
        }
        const bool next_ready = connection->ssl
                                    ? SSL_pending(connection->ssl) > 0
                                    : scanHeaderBlock(connection->pending, HeaderLimits{}).state ==
                                          HeaderScan::State::complete;
        if (!next_ready) {
            break;
        }
        std::lock_guard<std::mutex> lock(mutex_);
        busy_[connection.get()] = Clock::now();  // a pipelined request: a new request's time
    }
    settle(connection, keep_alive);
    bool others_busy = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        others_busy = !busy_.empty();
    }
    releaseHeapAfterLargeAnswer(others_busy);  // the answer sent and its buffers freed
}

bool Front::serveOne(Connection& connection) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) {
            return false;
        }
    }
    Engine& engine = *connection.engine;
    const auto& limits = engine.options().limits;
    const bool close = ++connection.served >= Engine::kKeepAliveMaxRequests;
    bool closed = false;
    bool ok = false;
    if (engine.tls()) {
        if (!connection.ssl) {
            connection.ssl = engine.acceptTls(connection.sock, connection.cancelled);
            if (!connection.ssl) {
                return false;
            }
        }
        CappedTlsStream stream(connection.sock, connection.ssl, limits.read_timeout,
                               limits.write_timeout, HeaderLimits{}.max_bytes + 64 * 1024,
                               connection.cancelled);
        ok = engine.serveOne(stream, close, closed, connection.ssl);
        connection.tls_graceful = ok;
    } else {
        PendingBytesStream stream(connection.sock, connection.pending, limits.read_timeout,
                                  limits.write_timeout, connection.cancelled);
        ok = engine.serveOne(stream, close, closed, nullptr);
    }
    return ok && !closed && !close;
}

void Front::settle(const ConnectionPtr& connection, bool keep_alive) {
    std::lock_guard<std::mutex> lock(mutex_);
    busy_.erase(connection.get());  // before it may close: the watchdog shuts down only busy ones
    if (keep_alive && !stopping_) {
        connection->pending.shrink_to_fit();
        returned_.push_back(connection);
        wake_.wake();
    }
}

void Front::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) {
            return;
        }
        stopping_ = true;
    }
    wake_.wake();
    if (thread_.joinable()) {
        thread_.join();
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto& [connection, since] : busy_) {
            connection->cancelled = true;
            net::shutdownBoth(connection->sock);
        }
    }
    pool_.shutdown();
    std::lock_guard<std::mutex> lock(mutex_);
    returned_.clear();
}

}  // namespace sysmetrics
