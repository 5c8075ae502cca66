#pragma once
// Waiting for a condition with a deadline, for tests that run beside other tests on a loaded
// machine: a fixed sleep is either too short there (flaky) or too long everywhere (slow).

#include <chrono>
#include <thread>

namespace sysmetrics::test {

// Calls `attempt` until it returns true or `limit` has passed; true when it held in time.
template <typename Attempt>
bool eventually(Attempt attempt, std::chrono::milliseconds limit = std::chrono::seconds(30),
                std::chrono::milliseconds pause = std::chrono::milliseconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        if (attempt()) {
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(pause);
    }
}

}  // namespace sysmetrics::test
