#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace sysmetrics {

// Live OS handles held through our RAII types, by kind, so a leak shows as a rising self-metric
// even where the OS cannot count for us.
enum class HandleKind : std::size_t { kernel, service_manager, pdh_query, registry_key, count };

const char* handleKindName(HandleKind kind);

class HandleCounts {
public:
    static void opened(HandleKind kind) { counts()[index(kind)].fetch_add(1); }
    static void closed(HandleKind kind) { counts()[index(kind)].fetch_sub(1); }
    static std::int64_t live(HandleKind kind) { return counts()[index(kind)].load(); }

private:
    static constexpr std::size_t index(HandleKind kind) { return static_cast<std::size_t>(kind); }
    static std::array<std::atomic<std::int64_t>, static_cast<std::size_t>(HandleKind::count)>&
    counts();
};

}  // namespace sysmetrics
