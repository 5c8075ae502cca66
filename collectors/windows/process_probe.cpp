#include <windows.h>
#include <sddl.h>
#include <winternl.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <map>
#include <memory>

#include "base/clock.h"
#include "base/nt_time.h"
#include "base/windows/handles.h"
#include "base/windows/nt_api.h"
#include "base/windows/win_error.h"
#include "collectors/account_names.h"
#include "collectors/nt_layouts.h"
#include "collectors/process.h"
#include "collectors/process_open_policy.h"
#include "collectors/system.h"
#include "collectors/windows/boot_time.h"

namespace sysmetrics {

namespace {

constexpr int kPartialCopyRetries = 3;

struct LocalFreeDeleter {
    void operator()(void* memory) const { ::LocalFree(memory); }
};

struct UnicodeString64 {
    USHORT Length;
    USHORT MaximumLength;
    ULONG Padding;
    ULONGLONG Buffer;
};

// The winternl.h layouts collectors/nt_layouts.h names, as this SDK declares them.
static_assert(offsetof(PEB, ProcessParameters) == kPebProcessParameters);
static_assert(offsetof(RTL_USER_PROCESS_PARAMETERS, CommandLine) == kParametersCommandLine);

static_assert(kProcessVmRead == PROCESS_VM_READ);
static_assert(kProcessQueryInformation == PROCESS_QUERY_INFORMATION);
static_assert(kProcessQueryLimitedInformation == PROCESS_QUERY_LIMITED_INFORMATION);
static_assert(kStillActive == STILL_ACTIVE);

// Opens with `access`. Null with `gone` set when the process no longer exists
// (ERROR_INVALID_PARAMETER: no such pid, as psutil reads it).
win::UniqueKernelHandle openProcess(DWORD pid, DWORD access, bool& gone) {
    HANDLE h = ::OpenProcess(access, FALSE, pid);
    gone = !h && ::GetLastError() == ERROR_INVALID_PARAMETER;
    return win::UniqueKernelHandle(h);
}

// Exited (a handle elsewhere keeps it listed), or a different process under a reused pid.
bool notTheListedProcess(HANDLE process, const ProcessInfo& listed) {
    DWORD code = 0;
    if (::GetExitCodeProcess(process, &code) && code != kStillActive) {
        return true;
    }
    FILETIME created{}, exited{}, kernel{}, user{};
    if (!::GetProcessTimes(process, &created, &exited, &kernel, &user)) {
        return false;  // cannot tell: keep what the listing says
    }
    const auto filetime =
        static_cast<std::int64_t>(filetimeTicks(created.dwHighDateTime, created.dwLowDateTime));
    return !sameProcessByCreateTime(listed.create_time, unixFromFiletime(filetime));
}

std::optional<std::string> imagePath(HANDLE process) {
    std::wstring path(32768, L'\0');
    DWORD size = static_cast<DWORD>(path.size());
    if (!::QueryFullProcessImageNameW(process, 0, path.data(), &size)) {
        return std::nullopt;
    }
    return win::toUtf8(path.c_str(), static_cast<int>(size));
}

std::optional<std::string> commandLineFromNt(HANDLE process) {
    auto query = nt::api().queryInformationProcess;
    if (!query) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> buffer(4096);
    for (int attempt = 0; attempt < 4; attempt++) {
        ULONG needed = 0;
        const nt::NTSTATUS status =
            query(process, nt::kProcessCommandLineInformation, buffer.data(),
                  static_cast<ULONG>(buffer.size()), &needed);
        if (status == nt::kStatusSuccess) {
            const auto* text = reinterpret_cast<const UnicodeString64*>(buffer.data());
            if (text->Length == 0 || text->Buffer == 0) {
                return std::string();
            }
            return win::toUtf8(reinterpret_cast<const wchar_t*>(text->Buffer), text->Length / 2);
        }
        if (status != nt::kStatusInfoLengthMismatch && status != nt::kStatusBufferTooSmall) {
            return std::nullopt;
        }
        buffer.resize(std::max<std::size_t>(needed, buffer.size() * 2));
    }
    return std::nullopt;
}

bool readRemote(HANDLE process, std::uint64_t address, void* out, std::size_t size) {
    for (int attempt = 0; attempt < kPartialCopyRetries; attempt++) {
        SIZE_T read = 0;
        if (::ReadProcessMemory(process, reinterpret_cast<LPCVOID>(address), out, size, &read) &&
            read == size) {
            return true;
        }
        // ERROR_PARTIAL_COPY: the process is starting or its memory is changing; try again.
        if (::GetLastError() != ERROR_PARTIAL_COPY) {
            return false;
        }
    }
    return false;
}

// The address of the process's RTL_USER_PROCESS_PARAMETERS: its 64-bit PEB's ProcessParameters.
std::optional<std::uint64_t> processParameters(HANDLE process) {
    auto query = nt::api().queryInformationProcess;
    if (!query) {
        return std::nullopt;
    }
    std::uint8_t basic[48] = {};
    if (query(process, nt::kProcessBasicInformation, basic, sizeof basic, nullptr) !=
        nt::kStatusSuccess) {
        return std::nullopt;
    }
    std::uint64_t peb = 0;
    std::memcpy(&peb, basic + 8, sizeof peb);
    std::uint64_t parameters = 0;
    if (!peb || !readRemote(process, peb + kPebProcessParameters, &parameters, sizeof parameters) ||
        !parameters) {
        return std::nullopt;
    }
    return parameters;
}

// Older Windows: read the command line out of the process parameters.
std::optional<std::string> commandLineFromPeb(HANDLE process, std::uint64_t parameters) {
    UnicodeString64 text{};
    if (!readRemote(process, parameters + kParametersCommandLine, &text, sizeof text)) {
        return std::nullopt;
    }
    if (text.Length == 0 || text.Buffer == 0) {
        return std::string();
    }
    std::wstring line(text.Length / 2, L'\0');
    if (!readRemote(process, text.Buffer, line.data(), text.Length)) {
        return std::nullopt;
    }
    return win::toUtf8(line.c_str(), static_cast<int>(line.size()));
}

// ProcessGroupId, where windows_exporter reads it (the same structure, ReadProcessMemory).
std::optional<std::uint32_t> processGroupIdFromPeb(HANDLE process, std::uint64_t parameters) {
    std::uint8_t head[kProcessGroupIdEnd] = {};
    if (!readRemote(process, parameters, head, sizeof head)) {
        return std::nullopt;
    }
    return parseProcessGroupId(head, sizeof head);
}

class WindowsProcessSource : public ProcessSource {
public:
    explicit WindowsProcessSource(const ProcessSourceOptions& options) : options_(options) {}

    Result<ProcessList> list() override {
        auto returned =
            nt::querySystemInformation(nt::kSystemProcessInformation, buffer_,
                                       "NtQuerySystemInformation(SystemProcessInformation)");
        if (!returned.ok()) {
            return returned.error();
        }
        ProcessList list;
        list.logical_cpus = ::GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
        MEMORYSTATUSEX memory{};
        memory.dwLength = sizeof memory;
        if (::GlobalMemoryStatusEx(&memory)) {
            list.physical_memory_bytes = memory.ullTotalPhys;
        }
        const double boot_time = win::bootTime();
        std::vector<ProcessInfo>& processes = list.processes;
        processes = std::move(listing_storage_);  // a retired section's rows, or empty
        refillNtProcesses(buffer_.data(), returned.value(), options_.threads, processes);
        // Exited ones: only a handle somewhere keeps them in the table.
        processes.erase(std::remove_if(processes.begin(), processes.end(),
                                       [](const ProcessInfo& p) {
                                           return isExitedListing(p.pid, p.thread_count);
                                       }),
                        processes.end());
        for (ProcessInfo& p : processes) {
            // The Idle and System processes have no creation time: they started at boot.
            if (p.create_time <= 0) {
                p.create_time = boot_time;
            }
        }
        return list;
    }

    Opened details(const ProcessInfo& process) override {
        Opened opened;
        ProcessDetails& d = opened.details;
        if (process.pid == 0 || process.pid == 4) {
            // The kernel's own: nothing to open. LocalSystem's name as Windows spells it on this
            // host (localized), so it groups with the other SYSTEM processes.
            d.owner = accounts_.name("S-1-5-18");
            return opened;
        }
        bool gone = false;
        win::UniqueKernelHandle handle = openProcess(process.pid, kDetailsAccess, gone);
        if (gone || (handle && notTheListedProcess(handle.get(), process))) {
            opened.gone = true;
            return opened;
        }
        if (!handle) {
            d.access_denied = {"exe", "cmdline", "owner"};
            return opened;
        }
        d.exe = imagePath(handle.get());
        if (!d.exe) {
            d.access_denied.push_back("exe");
        }
        d.cmdline = commandLineFromNt(handle.get());
        // Before Windows 8.1 only the PEB has the command line; the process group id only it
        // has, and is read only when asked for. Never LSASS's memory.
        if (readsProcessMemory(!d.cmdline, options_.process_group_id,
                               d.exe.value_or(process.name))) {
            bool gone_meanwhile = false;
            win::UniqueKernelHandle reader =
                openProcess(process.pid, kPebFallbackAccess, gone_meanwhile);
            const auto parameters =
                reader ? processParameters(reader.get()) : std::optional<std::uint64_t>();
            if (parameters && !d.cmdline) {
                d.cmdline = commandLineFromPeb(reader.get(), *parameters);
            }
            if (parameters && options_.process_group_id) {
                d.process_group_id = processGroupIdFromPeb(reader.get(), *parameters);
            }
            if (options_.process_group_id && !d.process_group_id) {
                d.access_denied.push_back("process_group_id");
            }
        }
        if (!d.cmdline) {
            d.access_denied.push_back("cmdline");
        }
        d.owner = owner(handle.get());
        if (!d.owner) {
            d.access_denied.push_back("owner");
        }
        return opened;
    }

    std::vector<ProcessInfo>* listingStorage() override { return &listing_storage_; }

private:
    std::optional<std::string> owner(HANDLE process) {
        HANDLE raw = nullptr;
        if (!::OpenProcessToken(process, TOKEN_QUERY, &raw)) {
            return std::nullopt;
        }
        win::UniqueKernelHandle token(raw);
        DWORD bytes = 0;
        ::GetTokenInformation(token.get(), TokenUser, nullptr, 0, &bytes);
        if (bytes == 0) {
            return std::nullopt;
        }
        std::vector<std::uint8_t> buffer(bytes);
        if (!::GetTokenInformation(token.get(), TokenUser, buffer.data(), bytes, &bytes)) {
            return std::nullopt;
        }
        PSID sid = reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid;
        LPWSTR sid_text = nullptr;
        if (!::ConvertSidToStringSidW(sid, &sid_text)) {
            return std::nullopt;
        }
        std::unique_ptr<wchar_t, LocalFreeDeleter> sid_owner(sid_text);
        return accounts_.name(win::toUtf8(sid_text));
    }

    static std::optional<std::string> lookupAccount(const std::string& sid_text) {
        PSID raw = nullptr;
        if (!::ConvertStringSidToSidW(win::toWide(sid_text).c_str(), &raw)) {
            return std::nullopt;
        }
        std::unique_ptr<void, LocalFreeDeleter> sid(raw);
        wchar_t name[256], domain[256];
        DWORD name_size = 256, domain_size = 256;
        SID_NAME_USE use;
        if (!::LookupAccountSidW(nullptr, raw, name, &name_size, domain, &domain_size, &use)) {
            return std::nullopt;
        }
        return domain_size > 0 ? win::toUtf8(domain) + "\\" + win::toUtf8(name) : win::toUtf8(name);
    }

    ProcessSourceOptions options_;
    std::vector<std::uint8_t> buffer_;
    std::vector<ProcessInfo> listing_storage_;  // what the collector handed back for list()
    AccountNames accounts_{&WindowsProcessSource::lookupAccount};
};

}  // namespace

std::unique_ptr<ProcessSource> makeProcessSource(const ProcessSourceOptions& options) {
    return std::make_unique<WindowsProcessSource>(options);
}

}  // namespace sysmetrics
