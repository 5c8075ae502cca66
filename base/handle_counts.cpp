#include "base/handle_counts.h"

namespace sysmetrics {

const char* handleKindName(HandleKind kind) {
    switch (kind) {
        case HandleKind::kernel:
            return "kernel";
        case HandleKind::service_manager:
            return "service_manager";
        case HandleKind::pdh_query:
            return "pdh_query";
        case HandleKind::registry_key:
            return "registry_key";
        case HandleKind::count:
            break;
    }
    return "unknown";
}

std::array<std::atomic<std::int64_t>, static_cast<std::size_t>(HandleKind::count)>&
HandleCounts::counts() {
    static std::array<std::atomic<std::int64_t>, static_cast<std::size_t>(HandleKind::count)>
        values{};
    return values;
}

}  // namespace sysmetrics
