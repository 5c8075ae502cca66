#pragma once

#include <windows.h>

#include <cstdint>
#include <vector>

#include "base/result.h"

namespace sysmetrics::nt {

// The NT native calls we use, resolved from ntdll with GetProcAddress (they have no import
// library in the SDK). Undocumented layouts are parsed in portable code (nt_layouts.h).
using NTSTATUS = LONG;
inline constexpr NTSTATUS kStatusSuccess = 0;
inline constexpr NTSTATUS kStatusInfoLengthMismatch = static_cast<NTSTATUS>(0xC0000004);
inline constexpr NTSTATUS kStatusBufferTooSmall = static_cast<NTSTATUS>(0xC0000023);
inline constexpr NTSTATUS kStatusNotImplemented = static_cast<NTSTATUS>(0xC0000002);
inline constexpr NTSTATUS kStatusInvalidInfoClass = static_cast<NTSTATUS>(0xC0000003);

enum SystemInformationClass : ULONG {
    kSystemPerformanceInformation = 2,
    kSystemTimeOfDayInformation = 3,
    kSystemProcessInformation = 5,
    kSystemProcessorPerformanceInformation = 8,
    kSystemPageFileInformation = 18,
    kSystemFileCacheInformation = 21,
    kSystemInterruptInformation = 23,
    kSystemExceptionInformation = 33,
    kSystemMemoryListInformation = 80,  // Vista+; needs SeProfileSingleProcessPrivilege
};

enum ProcessInformationClass : ULONG {
    kProcessBasicInformation = 0,
    kProcessHandleCount = 20,
    kProcessCommandLineInformation = 60,  // Windows 8.1+
};

using QuerySystemInformationFn = NTSTATUS(NTAPI*)(ULONG, PVOID, ULONG, PULONG);
using QuerySystemInformationExFn = NTSTATUS(NTAPI*)(ULONG, PVOID, ULONG, PVOID, ULONG, PULONG);
using QueryInformationProcessFn = NTSTATUS(NTAPI*)(HANDLE, ULONG, PVOID, ULONG, PULONG);
using RtlNtStatusToDosErrorFn = ULONG(NTAPI*)(NTSTATUS);

struct Api {
    QuerySystemInformationFn querySystemInformation = nullptr;
    QuerySystemInformationExFn querySystemInformationEx = nullptr;  // Windows 7+
    QueryInformationProcessFn queryInformationProcess = nullptr;
    RtlNtStatusToDosErrorFn ntStatusToDosError = nullptr;
};

// Resolved once; members are null where ntdll lacks them.
const Api& api();

// The error of a failed NT call, its os_code the Win32 error the status maps to. A call or
// information class this kernel does not have (STATUS_NOT_IMPLEMENTED, STATUS_INVALID_INFO_CLASS)
// is `unsupported`: not on this machine.
Error statusError(NTSTATUS status, const char* where);

// Calls NtQuerySystemInformation(information_class) into `buffer`, growing it as the call asks
// (the process table grows between the size query and the read). The buffer is kept by the
// caller and reused across cycles.
Result<ULONG> querySystemInformation(ULONG information_class, std::vector<std::uint8_t>& buffer,
                                     const char* where);

}  // namespace sysmetrics::nt
