#include "http/server/heap_release_after_answer.h"

#include <algorithm>

#include "base/heap_release.h"

namespace sysmetrics {

namespace {

thread_local std::size_t t_answer_bytes = 0;
HeapReleaseTurns g_turns;
std::atomic<std::uint64_t> g_releases{0};

}  // namespace

bool HeapReleaseTurns::take(std::size_t bytes, Clock::time_point now, bool others_busy) {
    if (bytes >= kLargeAnswerBytes) {
        large_sent_++;
    }
    // Read before the release: a large answer counted after it gets a release of its own.
    const std::uint64_t sent = large_sent_.load();
    if (sent == released_upto_.load()) {
        return false;
    }
    const Clock::rep at = now.time_since_epoch().count();
    Clock::rep last = last_.load();
    if (others_busy && last != kNever && at - last < kMinInterval.count()) {
        return false;  // the last of them releases
    }
    if (!last_.compare_exchange_strong(last, at)) {
        return false;  // another worker releases now
    }
    released_upto_ = sent;
    return true;
}

void noteAnswerBytes(std::size_t bytes) {
    t_answer_bytes = std::max(t_answer_bytes, bytes);  // pipelined requests: the largest
}

void releaseHeapAfterLargeAnswer(bool others_busy) {
    const std::size_t bytes = t_answer_bytes;
    t_answer_bytes = 0;
    if (g_turns.take(bytes, HeapReleaseTurns::Clock::now(), others_busy)) {
        releaseFreeHeap();
        g_releases++;
    }
}

std::uint64_t heapReleaseCount() {
    return g_releases.load();
}

}  // namespace sysmetrics
