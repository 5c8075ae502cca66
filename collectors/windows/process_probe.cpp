#include <windows.h>
#include <sddl.h>

#include <cstring>
#include <map>
#include <memory>

#include "base/clock.h"
#include "base/windows/handles.h"
#include "base/windows/nt_api.h"
#include "base/windows/win_error.h"
#include "collectors/process.h"
#include "collectors/system.h"

namespace sysmetrics {

namespace {

constexpr int kPartialCopyRetries = 3;
// 64-bit PEB and RTL_USER_PROCESS_PARAMETERS offsets.
constexpr std::size_t kPebProcessParameters = 0x20;
constexpr std::size_t kParametersCommandLine = 0x70;

struct LocalFreeDeleter {
    void operator()(void* memory) const { ::LocalFree(memory); }
};

struct UnicodeString64 {
    USHORT Length;
    USHORT MaximumLength;
    ULONG Padding;
    ULONGLONG Buffer;
};

// Opens with the access the details need, then degrades as psutil does. Null with `gone` set
// when the process no longer exists.
win::UniqueKernelHandle openProcess(DWORD pid, bool& gone, bool& full_access) {
    gone = false;
    full_access = true;
    HANDLE h = ::OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, pid);
    if (!h) {
        DWORD error = ::GetLastError();
        // ERROR_INVALID_PARAMETER means no such pid: it exited. Checked first, as psutil does.
        if (error == ERROR_INVALID_PARAMETER) {
            gone = true;
            return {};
        }
        full_access = false;
        h = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
        if (!h && ::GetLastError() == ERROR_INVALID_PARAMETER) {
            gone = true;
        }
    }
    return win::UniqueKernelHandle(h);
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

// Older Windows: read the command line out of the process's PEB.
std::optional<std::string> commandLineFromPeb(HANDLE process) {
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
    UnicodeString64 text{};
    if (!peb || !readRemote(process, peb + kPebProcessParameters, &parameters, sizeof parameters) ||
        !parameters ||
        !readRemote(process, parameters + kParametersCommandLine, &text, sizeof text)) {
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
        const double boot_time = bootTimeFromTicks(wallSeconds(), ::GetTickCount64());
        auto entries = parseNtProcessBuffer(buffer_.data(), returned.value(), options_.threads);
        list.processes.reserve(entries.size());
        for (auto& entry : entries) {
            // The Idle and System processes have no creation time: they started at boot.
            if (entry.info.create_time <= 0) {
                entry.info.create_time = boot_time;
            }
            list.processes.push_back(std::move(entry.info));
        }
        return list;
    }

    Opened details(const ProcessInfo& process) override {
        Opened opened;
        ProcessDetails& d = opened.details;
        if (process.pid == 0 || process.pid == 4) {
            d.owner = "NT AUTHORITY\\SYSTEM";  // the kernel's own: nothing to open
            return opened;
        }
        bool gone = false, full_access = false;
        win::UniqueKernelHandle handle = openProcess(process.pid, gone, full_access);
        if (gone) {
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
        if (!d.cmdline && full_access) {
            d.cmdline = commandLineFromPeb(handle.get());
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
        const std::string key = win::toUtf8(sid_text);
        auto cached = accounts_.find(key);
        if (cached != accounts_.end()) {
            return cached->second;
        }
        wchar_t name[256], domain[256];
        DWORD name_size = 256, domain_size = 256;
        SID_NAME_USE use;
        std::string account = key;  // a SID with no name (deleted account) shows as the SID
        if (::LookupAccountSidW(nullptr, sid, name, &name_size, domain, &domain_size, &use)) {
            account = domain_size > 0 ? win::toUtf8(domain) + "\\" + win::toUtf8(name)
                                      : win::toUtf8(name);
        }
        accounts_[key] = account;
        return account;
    }

    ProcessSourceOptions options_;
    std::vector<std::uint8_t> buffer_;
    std::map<std::string, std::string> accounts_;
};

}  // namespace

std::unique_ptr<ProcessSource> makeProcessSource(const ProcessSourceOptions& options) {
    return std::make_unique<WindowsProcessSource>(options);
}

}  // namespace sysmetrics
