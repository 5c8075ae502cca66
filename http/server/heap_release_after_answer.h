#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace sysmetrics {

// When a worker gives the freed heap back to the OS (base/heap_release.h): once an answer of at
// least kLargeAnswerBytes has been sent since the last release, by the worker that finds no other
// busy (the end of a burst: four dashboards' process lists at once are released together, after
// the last), or under constant load at most once per kMinInterval. A scrape of a small /metrics
// never pays for a release.
class HeapReleaseTurns {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kLargeAnswerBytes = 256 * 1024;
    static constexpr Clock::duration kMinInterval = std::chrono::seconds(2);

    // A worker has sent an answer of `bytes` at `now`, and `others_busy` says whether any other
    // worker is still serving: whether it releases now (a yes takes the turn).
    bool take(std::size_t bytes, Clock::time_point now, bool others_busy);

private:
    static constexpr Clock::rep kNever = std::numeric_limits<Clock::rep>::min();
    std::atomic<std::uint64_t> large_sent_{0};     // large answers sent so far
    std::atomic<std::uint64_t> released_upto_{0};  // ... of which the last release followed
    std::atomic<Clock::rep> last_{kNever};
};

// The server's turns. The request handler notes its answer's size on the worker's thread; the
// worker, once the answer is sent and its buffers freed, releases when it is its turn.
void noteAnswerBytes(std::size_t bytes);
void releaseHeapAfterLargeAnswer(bool others_busy);

// Releases made so far (tests).
std::uint64_t heapReleaseCount();

}  // namespace sysmetrics
