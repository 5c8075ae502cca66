#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sysmetrics {

// Runs each admitted request on its own worker thread, up to `max_workers` at once; threads are
// made as load first needs them and then kept. Nothing queues behind busy workers: beyond the
// cap trySubmit says no at once, and the caller (the front) answers 503 itself.
class ConnectionPool {
public:
    explicit ConnectionPool(std::size_t max_workers);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // True when `job` got a worker; false (and `job` dropped) when all are busy or stopping.
    bool trySubmit(std::function<void()> job);
    // A reload may change the cap; workers already made stay until shutdown.
    void setMaxWorkers(std::size_t max_workers);
    // Runs everything already submitted, then joins every thread. Idempotent.
    void shutdown();

    std::size_t threadCount() const;

private:
    void workerLoop();

    std::size_t max_workers_;
    mutable std::mutex mutex_;
    std::condition_variable work_ready_;
    std::deque<std::function<void()>> jobs_;
    std::size_t busy_ = 0;  // jobs queued or running on workers
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace sysmetrics
