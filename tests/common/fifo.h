#pragma once
// A FIFO no one writes to, for the tests of what reads a file the configuration names: reading it
// waits forever for a writer, so each such read runs under a deadline that sets it free.
#ifndef _WIN32

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace sysmetrics::test {

// Makes a FIFO at `path` (in the test's own folder); false when it could not.
inline bool makeFifo(const std::string& path) {
    return ::mkfifo(path.c_str(), 0600) == 0;
}

// Runs `call` on a thread of its own and waits at most `limit` for it. When it has not returned
// by then (blocked on `fifo`), the FIFO is opened for writing and closed again, which ends a
// reader's wait (it reads end of file), so that the test ends either way. True when `call`
// returned in time.
template <typename Call>
bool returnsWithin(std::chrono::milliseconds limit, const std::string& fifo, Call call) {
    std::mutex mutex;
    std::condition_variable done_changed;
    bool done = false;
    std::thread runner([&] {
        call();
        std::lock_guard<std::mutex> lock(mutex);
        done = true;
        done_changed.notify_all();
    });
    bool in_time = false;
    {
        std::unique_lock<std::mutex> lock(mutex);
        in_time = done_changed.wait_for(lock, limit, [&] { return done; });
    }
    while (!in_time) {
        const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
        if (writer >= 0) {
            ::close(writer);
        }
        std::unique_lock<std::mutex> lock(mutex);
        if (done_changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return done; })) {
            break;
        }
    }
    runner.join();
    return in_time;
}

}  // namespace sysmetrics::test

#endif  // _WIN32
