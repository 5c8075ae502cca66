#pragma once
// How a Windows process is opened for its details, kept portable so the policy is tested on every
// platform. Rights are the values of winnt.h (the probe checks them with static_assert).

#include <cstdint>
#include <string_view>

namespace sysmetrics {

inline constexpr std::uint32_t kProcessVmRead = 0x0010;
inline constexpr std::uint32_t kProcessQueryInformation = 0x0400;
inline constexpr std::uint32_t kProcessQueryLimitedInformation = 0x1000;
inline constexpr std::uint32_t kStillActive = 259;

// The first and, on Windows 8.1 and later, only open: exe (QueryFullProcessImageNameW), command
// line (ProcessCommandLineInformation) and owner (the token) all need only limited access. Asking
// for PROCESS_VM_READ up front is what security tools flag as credential dumping (audit W09).
inline constexpr std::uint32_t kDetailsAccess = kProcessQueryLimitedInformation;

// The command-line fallback for Windows before 8.1 reads the process's PEB; it needs these rights.
inline constexpr std::uint32_t kPebFallbackAccess = kProcessQueryInformation | kProcessVmRead;

// Whether the PEB fallback may open `image_name` for reading its memory: never LSASS, whose memory
// holds credentials and whose readers Defender's ASR rule blocks and EDRs report.
bool mayReadMemoryOf(std::string_view image_name);

// Whether opening a process for its details also opens it with kPebFallbackAccess to read its
// process parameters: for the command line only when ProcessCommandLineInformation failed (before
// Windows 8.1), for the process group id only when asked for (collectors.processes
// .process_group_id, off by default), and never for LSASS.
bool readsProcessMemory(bool command_line_missing, bool process_group_id,
                        std::string_view image_name);

// A process opened by pid is the one that was listed only when its creation time matches the
// listing's (Windows reuses pids quickly): within a millisecond, as the identity is kept.
bool sameProcessByCreateTime(double listed_unix_seconds, double opened_unix_seconds);

// A process that has exited but is still referenced by a handle stays in the
// NtQuerySystemInformation listing with no threads (psutil checks GetExitCodeProcess for the same
// reason): it is not live. The idle process (pid 0) is the exception that is never opened and
// always has threads.
bool isExitedListing(std::uint32_t pid, std::uint32_t thread_count);

}  // namespace sysmetrics
