#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>

#include <cstring>

#include "base/windows/win_error.h"
#include "collectors/tcp.h"

namespace sysmetrics {

namespace {

// GetTcpStatisticsEx2 (Windows 10 1709 / Server 2016 on) is not in every SDK's import library
// (MinGW's has none), so it is resolved at run time; MIB_TCPSTATS2 is read by its documented
// layout (parseMibTcpStats2), 72 bytes.
using GetTcpStatisticsEx2Fn = ULONG(WINAPI*)(void* statistics, ULONG family);

GetTcpStatisticsEx2Fn statisticsEx2() {
    static const GetTcpStatisticsEx2Fn resolved = [] {
        HMODULE iphlpapi = ::GetModuleHandleW(L"iphlpapi.dll");
        return iphlpapi ? reinterpret_cast<GetTcpStatisticsEx2Fn>(reinterpret_cast<void*>(
                              ::GetProcAddress(iphlpapi, "GetTcpStatisticsEx2")))
                        : nullptr;
    }();
    return resolved;
}

// One family: the 64-bit structure where Windows has it, else MIB_TCPSTATS (32-bit segment
// counts, which wrap after 4 G segments).
Result<TcpCounters> readFamily(ULONG family, const char* label) {
    if (const auto ex2 = statisticsEx2()) {
        alignas(8) std::uint8_t buffer[72] = {};
        if (ex2(buffer, family) == NO_ERROR) {
            auto counters = parseMibTcpStats2(buffer, sizeof buffer);
            if (counters) {
                counters->family = label;
                counters->source = "GetTcpStatisticsEx2";
                return *counters;
            }
        }
    }
    MIB_TCPSTATS stats{};
    const DWORD status = ::GetTcpStatisticsEx(&stats, family);
    if (status != NO_ERROR) {
        return win::winError(status, std::string("GetTcpStatisticsEx(") +
                                         (family == AF_INET ? "AF_INET" : "AF_INET6") + ")");
    }
    std::uint8_t bytes[sizeof stats];
    std::memcpy(bytes, &stats, sizeof stats);
    auto counters = parseMibTcpStats(bytes, sizeof bytes);
    if (!counters) {
        return Error{ErrorCode::invalid_data, 0, "GetTcpStatisticsEx", "MIB_TCPSTATS too short"};
    }
    counters->family = label;
    counters->source = "GetTcpStatisticsEx";
    return *counters;
}

Result<TcpSection> readTcp() {
    TcpSection section;
    Error last{ErrorCode::os_error, 0, "GetTcpStatisticsEx"};
    for (const auto& [family, label] : {std::pair<ULONG, const char*>{AF_INET, "ipv4"},
                                        std::pair<ULONG, const char*>{AF_INET6, "ipv6"}}) {
        auto counters = readFamily(family, label);
        if (!counters.ok()) {
            last = counters.error();
            continue;  // a host without an IPv6 stack still has IPv4's
        }
        section.families.push_back(std::move(counters).value());
    }
    if (section.families.empty()) {
        return last;
    }
    return section;
}

}  // namespace

std::unique_ptr<SectionSource<TcpSection>> makeTcpSource() {
    return std::make_unique<StatelessSource<TcpSection>>(&readTcp);
}

}  // namespace sysmetrics
