#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sysmetrics {

// Runs each connection on its own worker thread, up to `max_workers` at once; threads are made
// as load first needs them and then kept. A connection beyond the cap is not queued behind slow
// ones: its `overflow` job runs on a single overflow thread (which answers 503 and closes).
class ConnectionPool {
public:
    explicit ConnectionPool(std::size_t max_workers);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // True when `job` got a worker; false when `overflow` was queued instead.
    bool submit(std::function<void()> job, std::function<void()> overflow);
    // Runs everything already submitted, then joins every thread. Idempotent.
    void shutdown();

    std::uint64_t overflowed() const { return overflowed_.load(); }
    std::size_t threadCount() const;

private:
    void workerLoop();
    void overflowLoop();

    const std::size_t max_workers_;
    mutable std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable overflow_ready_;
    std::deque<std::function<void()>> jobs_;
    std::deque<std::function<void()>> overflow_jobs_;
    std::size_t busy_ = 0;  // jobs queued or running on workers
    bool stopping_ = false;
    std::vector<std::thread> workers_;
    std::thread overflow_thread_;
    std::atomic<std::uint64_t> overflowed_{0};
};

}  // namespace sysmetrics
