#include <windows.h>
#include <lm.h>
#include <psapi.h>

#include <memory>

#include "base/clock.h"
#include "base/windows/registry.h"
#include "base/windows/win_error.h"
#include "collectors/system.h"
#include "collectors/windows/boot_time.h"
#include "collectors/windows/time_zone.h"

namespace sysmetrics {

namespace {

std::string computerName(COMPUTER_NAME_FORMAT format) {
    DWORD size = 0;
    ::GetComputerNameExW(format, nullptr, &size);
    if (size == 0) {
        return {};
    }
    std::wstring name(size, L'\0');
    if (!::GetComputerNameExW(format, name.data(), &size)) {
        return {};
    }
    name.resize(size);
    return win::toUtf8(name.c_str(), static_cast<int>(name.size()));
}

using RtlGetVersionFn = LONG(WINAPI*)(RTL_OSVERSIONINFOW*);

// RtlGetVersion tells the truth where GetVersionEx is shimmed by the application manifest.
Result<RTL_OSVERSIONINFOW> osVersion() {
    HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
    auto rtlGetVersion = ntdll ? reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void*>(
                                     ::GetProcAddress(ntdll, "RtlGetVersion")))
                               : nullptr;
    if (!rtlGetVersion) {
        return win::lastError("GetProcAddress(RtlGetVersion)");
    }
    RTL_OSVERSIONINFOW info{};
    info.dwOSVersionInfoSize = sizeof info;
    const LONG status = rtlGetVersion(&info);
    if (status != 0) {
        return Error{ErrorCode::os_error, status, "RtlGetVersion"};
    }
    return info;
}

std::string architectureName(WORD architecture) {
    switch (architecture) {
        case PROCESSOR_ARCHITECTURE_AMD64:
            return "x86_64";
        case PROCESSOR_ARCHITECTURE_ARM64:
            return "arm64";
        case PROCESSOR_ARCHITECTURE_INTEL:
            return "x86";
        default:
            return "unknown";
    }
}

struct NetApiBufferDeleter {
    void operator()(void* buffer) const { ::NetApiBufferFree(buffer); }
};

std::optional<std::uint32_t> loggedOnUsers() {
    LPBYTE buffer = nullptr;
    const NET_API_STATUS status = ::NetWkstaGetInfo(nullptr, 102, &buffer);
    const std::unique_ptr<void, NetApiBufferDeleter> owned(buffer);
    if (status != NERR_Success || buffer == nullptr) {
        return std::nullopt;
    }
    return reinterpret_cast<const WKSTA_INFO_102*>(buffer)->wki102_logged_on_users;
}

Result<SystemSection> readSystem() {
    SystemSection s;
    s.os_family = "windows";
    s.hostname = computerName(ComputerNameDnsHostname);
    if (s.hostname.empty()) {
        s.hostname = computerName(ComputerNameNetBIOS);
    }
    s.domain = computerName(ComputerNameDnsDomain);
    s.fqdn = computerName(ComputerNameDnsFullyQualified);
    if (s.fqdn.empty()) {
        s.fqdn = s.hostname;
    }

    auto version = osVersion();
    if (!version.ok()) {
        return version.error();
    }
    s.os_major = version->dwMajorVersion;
    s.os_minor = version->dwMinorVersion;
    s.os_build = version->dwBuildNumber;
    s.os_version = std::to_string(s.os_major) + "." + std::to_string(s.os_minor) + "." +
                   std::to_string(s.os_build);
    s.os_product = win::machineRegistryString(L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
                                              L"ProductName");
    s.os_product = windowsProductName(s.os_product, s.os_build);
    // The update build revision (the ".3570" of 19045.3570); 0 where absent, as windows_exporter.
    s.os_revision =
        win::machineRegistryDword(L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", L"UBR");

    SYSTEM_INFO info{};
    ::GetNativeSystemInfo(&info);
    s.architecture = architectureName(info.wProcessorArchitecture);
    const DWORD cpus = ::GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
    s.logical_cpus = cpus > 0 ? cpus : info.dwNumberOfProcessors;

    const ULONGLONG ticks = ::GetTickCount64();
    s.uptime_seconds = static_cast<double>(ticks) / 1000.0;
    s.boot_time = win::bootTime();

    PERFORMANCE_INFORMATION perf{};
    perf.cb = sizeof perf;
    if (!::GetPerformanceInfo(&perf, sizeof perf)) {
        return win::lastError("GetPerformanceInfo");
    }
    s.processes = perf.ProcessCount;
    s.threads = perf.ThreadCount;
    s.handles = perf.HandleCount;
    auto zone = win::timeZoneKeyName();
    s.timezone = zone.ok() ? std::move(zone).value() : std::string();
    s.logged_on_users = loggedOnUsers();
    return s;
}

}  // namespace

// GetPerformanceInfo counts processes itself: nothing to keep between reads.
std::unique_ptr<SectionSource<SystemSection>> makeSystemSource() {
    return std::make_unique<StatelessSource<SystemSection>>(&readSystem);
}

}  // namespace sysmetrics
