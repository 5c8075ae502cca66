#include "http/server/connection_pool.h"

namespace sysmetrics {

ConnectionPool::ConnectionPool(std::size_t max_workers)
    : max_workers_(max_workers == 0 ? 1 : max_workers) {}

ConnectionPool::~ConnectionPool() {
    shutdown();
}

bool ConnectionPool::trySubmit(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || busy_ >= max_workers_) {
        return false;
    }
    busy_++;
    jobs_.push_back(std::move(job));
    if (workers_.size() < busy_) {
        workers_.emplace_back([this] { workerLoop(); });
    } else {
        work_ready_.notify_one();
    }
    return true;
}

void ConnectionPool::setMaxWorkers(std::size_t max_workers) {
    std::lock_guard<std::mutex> lock(mutex_);
    max_workers_ = max_workers == 0 ? 1 : max_workers;
}

void ConnectionPool::workerLoop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        work_ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) {
            return;  // stopping, and nothing left to run
        }
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        job();
        job = nullptr;  // release what it holds before counting it done
        lock.lock();
        busy_--;
    }
}

void ConnectionPool::shutdown() {
    std::vector<std::thread> workers;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        workers.swap(workers_);
    }
    work_ready_.notify_all();
    for (auto& worker : workers) {
        worker.join();
    }
}

std::size_t ConnectionPool::threadCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return workers_.size();
}

}  // namespace sysmetrics
