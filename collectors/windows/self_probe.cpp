#include <windows.h>
#include <psapi.h>

#include "base/nt_time.h"
#include "base/windows/nt_api.h"
#include "base/windows/win_error.h"
#include "collectors/self.h"

namespace sysmetrics {

namespace {

Result<SelfSection> readSelf() {
    SelfSection self;
    PROCESS_MEMORY_COUNTERS memory{};
    if (!::GetProcessMemoryInfo(::GetCurrentProcess(), &memory, sizeof memory)) {
        return win::lastError("GetProcessMemoryInfo");
    }
    self.resident_bytes = memory.WorkingSetSize;
    DWORD handles = 0;
    if (::GetProcessHandleCount(::GetCurrentProcess(), &handles)) {
        self.os_handles = handles;  // exact on Windows; Wine answers 0
    }
    ULONG nt_handles = 0;
    if (nt::api().queryInformationProcess &&
        nt::api().queryInformationProcess(::GetCurrentProcess(), nt::kProcessHandleCount,
                                          &nt_handles, sizeof nt_handles,
                                          nullptr) == nt::kStatusSuccess) {
        self.nt_handles = nt_handles;
    }
    FILETIME created, exited, kernel, user;
    if (::GetProcessTimes(::GetCurrentProcess(), &created, &exited, &kernel, &user)) {
        const auto seconds = [](FILETIME t) {
            return ticksToSeconds(filetimeTicks(t.dwHighDateTime, t.dwLowDateTime));
        };
        self.cpu_seconds = seconds(kernel) + seconds(user);
    }
    return self;
}

}  // namespace

std::unique_ptr<SectionSource<SelfSection>> makeSelfSource() {
    return std::make_unique<StatelessSource<SelfSection>>(&readSelf);
}

}  // namespace sysmetrics
