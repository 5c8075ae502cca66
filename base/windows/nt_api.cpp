#include "base/windows/nt_api.h"

#include "base/fault_injection.h"
#include "base/windows/win_error.h"

namespace sysmetrics::nt {

namespace {
template <typename Fn>
Fn resolve(HMODULE module, const char* name) {
    if (isApiMissingForTesting(name)) {
        return nullptr;
    }
    return module ? reinterpret_cast<Fn>(reinterpret_cast<void*>(::GetProcAddress(module, name)))
                  : nullptr;
}
constexpr int kMaxGrowAttempts = 8;
}  // namespace

const Api& api() {
    static const Api resolved = [] {
        Api a;
        HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
        a.querySystemInformation =
            resolve<QuerySystemInformationFn>(ntdll, "NtQuerySystemInformation");
        a.querySystemInformationEx =
            resolve<QuerySystemInformationExFn>(ntdll, "NtQuerySystemInformationEx");
        a.queryInformationProcess =
            resolve<QueryInformationProcessFn>(ntdll, "NtQueryInformationProcess");
        a.ntStatusToDosError = resolve<RtlNtStatusToDosErrorFn>(ntdll, "RtlNtStatusToDosError");
        return a;
    }();
    return resolved;
}

Error statusError(NTSTATUS status, const char* where) {
    Error error = api().ntStatusToDosError
                      ? win::winError(api().ntStatusToDosError(status), where)
                      : Error{ErrorCode::os_error,
                              static_cast<std::int64_t>(static_cast<ULONG>(status)), where};
    if (status == kStatusNotImplemented || status == kStatusInvalidInfoClass) {
        error.code = ErrorCode::unsupported;
    }
    return error;
}

Result<ULONG> querySystemInformation(ULONG information_class, std::vector<std::uint8_t>& buffer,
                                     const char* where) {
    if (!api().querySystemInformation) {
        // Every Windows since NT 3.1 exports it: its absence is a broken system, reported as a
        // failure (degraded health), not as a collector this platform lacks by design.
        return Error{ErrorCode::not_found, ERROR_PROC_NOT_FOUND,
                     "GetProcAddress(ntdll, NtQuerySystemInformation)"};
    }
    if (buffer.empty()) {
        buffer.resize(64 * 1024);
    }
    for (int attempt = 0; attempt < kMaxGrowAttempts; attempt++) {
        ULONG needed = 0;
        const NTSTATUS status = api().querySystemInformation(
            information_class, buffer.data(), static_cast<ULONG>(buffer.size()), &needed);
        if (status == kStatusSuccess) {
            return needed;
        }
        if (status != kStatusInfoLengthMismatch && status != kStatusBufferTooSmall) {
            return statusError(status, where);
        }
        // Headroom: the table may grow again before the next call.
        const std::size_t wanted = std::max<std::size_t>(needed, buffer.size()) * 5 / 4 + 4096;
        buffer.resize(wanted);
    }
    return Error{ErrorCode::transient, 0, std::string(where), "the buffer kept growing"};
}

}  // namespace sysmetrics::nt
