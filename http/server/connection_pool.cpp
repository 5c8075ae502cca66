#include "http/server/connection_pool.h"

namespace sysmetrics {

ConnectionPool::ConnectionPool(std::size_t max_workers)
    : max_workers_(max_workers == 0 ? 1 : max_workers) {}

ConnectionPool::~ConnectionPool() {
    shutdown();
}

bool ConnectionPool::submit(std::function<void()> job, std::function<void()> overflow) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (stopping_) {
        lock.unlock();
        overflow();  // it still owns a connection that must be answered and closed
        return false;
    }
    if (busy_ < max_workers_) {
        busy_++;
        jobs_.push_back(std::move(job));
        if (workers_.size() < busy_) {
            workers_.emplace_back([this] { workerLoop(); });
        } else {
            work_ready_.notify_one();
        }
        return true;
    }
    overflowed_++;
    overflow_jobs_.push_back(std::move(overflow));
    if (!overflow_thread_.joinable()) {
        overflow_thread_ = std::thread([this] { overflowLoop(); });
    } else {
        overflow_ready_.notify_one();
    }
    return false;
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

void ConnectionPool::overflowLoop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        overflow_ready_.wait(lock, [this] { return stopping_ || !overflow_jobs_.empty(); });
        if (overflow_jobs_.empty()) {
            return;
        }
        auto job = std::move(overflow_jobs_.front());
        overflow_jobs_.pop_front();
        lock.unlock();
        job();
        job = nullptr;
        lock.lock();
    }
}

void ConnectionPool::shutdown() {
    std::vector<std::thread> workers;
    std::thread overflow_thread;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        workers.swap(workers_);
        overflow_thread.swap(overflow_thread_);
    }
    work_ready_.notify_all();
    overflow_ready_.notify_all();
    for (auto& worker : workers) {
        worker.join();
    }
    if (overflow_thread.joinable()) {
        overflow_thread.join();
    }
}

std::size_t ConnectionPool::threadCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return workers_.size() + (overflow_thread_.joinable() ? 1 : 0);
}

}  // namespace sysmetrics
