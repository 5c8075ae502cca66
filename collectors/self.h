#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "base/result.h"
#include "collectors/section.h"
#include "collectors/section_source.h"

namespace sysmetrics {

// sysmetrics' own footprint, so a leak shows: resident memory, OS handles (Windows handles,
// Linux file descriptors) and CPU time.
struct SelfSection : Section {
    static constexpr const char* kName = "self";
    std::uint64_t resident_bytes = 0;
    std::optional<std::uint64_t> os_handles;
    // Windows only: NtQueryInformationProcess(ProcessHandleCount), a second opinion where
    // GetProcessHandleCount is unreliable.
    std::optional<std::uint64_t> nt_handles;
    double cpu_seconds = 0;
    std::optional<std::uint32_t> threads;  // Linux only
};

std::unique_ptr<SectionSource<SelfSection>> makeSelfSource();

}  // namespace sysmetrics
