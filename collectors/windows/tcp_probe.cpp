#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>

#include <cstring>

#include "base/windows/win_error.h"
#include "collectors/tcp.h"

namespace sysmetrics {

namespace {

// GetTcpStatisticsEx2 and GetUdpStatisticsEx2 (Windows 10 1709 / Server 2016 on) are not in
// every SDK's import library (MinGW's has neither), so they are resolved at run time; their
// MIB_TCPSTATS2 and MIB_UDPSTATS2 are read by the documented layouts (parseMibTcpStats2, 72
// bytes; parseMibUdpStats2, 32).
using StatisticsEx2Fn = ULONG(WINAPI*)(void* statistics, ULONG family);

StatisticsEx2Fn iphlpapiExport(const char* name) {
    HMODULE iphlpapi = ::GetModuleHandleW(L"iphlpapi.dll");
    return iphlpapi ? reinterpret_cast<StatisticsEx2Fn>(
                          reinterpret_cast<void*>(::GetProcAddress(iphlpapi, name)))
                    : nullptr;
}

StatisticsEx2Fn statisticsEx2() {
    static const StatisticsEx2Fn resolved = iphlpapiExport("GetTcpStatisticsEx2");
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

StatisticsEx2Fn udpStatisticsEx2() {
    static const StatisticsEx2Fn resolved = iphlpapiExport("GetUdpStatisticsEx2");
    return resolved;
}

// As readFamily for UDP: MIB_UDPSTATS2 (64-bit datagram counts) where Windows has it.
Result<UdpCounters> readUdpFamily(ULONG family, const char* label) {
    if (const auto ex2 = udpStatisticsEx2()) {
        alignas(8) std::uint8_t buffer[32] = {};
        if (ex2(buffer, family) == NO_ERROR) {
            if (auto counters = parseMibUdpStats2(buffer, sizeof buffer)) {
                counters->family = label;
                counters->source = "GetUdpStatisticsEx2";
                return *counters;
            }
        }
    }
    MIB_UDPSTATS stats{};
    const DWORD status = ::GetUdpStatisticsEx(&stats, family);
    if (status != NO_ERROR) {
        return win::winError(status, std::string("GetUdpStatisticsEx(") +
                                         (family == AF_INET ? "AF_INET" : "AF_INET6") + ")");
    }
    std::uint8_t bytes[sizeof stats];
    std::memcpy(bytes, &stats, sizeof stats);
    auto counters = parseMibUdpStats(bytes, sizeof bytes);
    if (!counters) {
        return Error{ErrorCode::invalid_data, 0, "GetUdpStatisticsEx", "MIB_UDPSTATS too short"};
    }
    counters->family = label;
    counters->source = "GetUdpStatisticsEx";
    return *counters;
}

constexpr std::pair<ULONG, const char*> kFamilies[] = {{AF_INET, "ipv4"}, {AF_INET6, "ipv6"}};

Result<TcpSection> readTcp(std::vector<std::string>& notes) {
    TcpSection section;
    Error last{ErrorCode::os_error, 0, "GetTcpStatisticsEx"};
    for (const auto& [family, label] : kFamilies) {
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
    for (const auto& [family, label] : kFamilies) {
        auto counters = readUdpFamily(family, label);
        if (counters.ok()) {
            section.udp.push_back(std::move(counters).value());
        } else if (section.families.size() == 2 || family == AF_INET) {
            notes.push_back("no UDP counters for " + std::string(label) + ": " +
                            counters.error().describe());
        }
    }
    return section;
}

}  // namespace

std::unique_ptr<SectionSource<TcpSection>> makeTcpSource() {
    return std::make_unique<NotingSource<TcpSection>>(&readTcp);
}

}  // namespace sysmetrics
