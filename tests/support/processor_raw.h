#pragma once
// Raw processor data built to the documented layouts, for the unit tests and the recorded Windows
// host (tests/support/windows_host.cpp): GetLogicalProcessorInformationEx's NUMA node records and
// PDH "Processor Information" raw counter arrays.

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "collectors/cpu_groups.h"
#include "collectors/cpu_pdh.h"
#include "tests/support/le_bytes.h"

namespace sysmetrics {

// GetLogicalProcessorInformationEx records as 64-bit Windows lays them out: Relationship and
// Size, then (RelationNumaNode[Ex]) NUMA_NODE_RELATIONSHIP: NodeNumber at 0, GroupCount at 22
// (0 before Windows 20H2), GroupMasks at 24, each GROUP_AFFINITY 16 bytes (Mask at 0, Group at 8).
// Windows makes a record at least sizeof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX), 80 bytes.
inline void appendRecord(std::vector<std::uint8_t>& buffer, std::uint32_t relationship,
                         std::size_t size) {
    const std::size_t at = buffer.size();
    buffer.resize(at + size, 0xEE);  // filler where a record says nothing we read
    test::put<std::uint32_t>(buffer, at, relationship);
    test::put<std::uint32_t>(buffer, at + 4, static_cast<std::uint32_t>(size));
}

inline void appendNumaNode(std::vector<std::uint8_t>& buffer, std::uint32_t node,
                           const std::vector<GroupMask>& masks, std::uint16_t group_count,
                           ProcessorRelation relationship = ProcessorRelation::numa_node) {
    const std::size_t at = buffer.size();
    appendRecord(buffer, static_cast<std::uint32_t>(relationship),
                 std::max<std::size_t>(80, 8 + 24 + 16 * masks.size()));
    test::put<std::uint32_t>(buffer, at + 8, node);
    test::put<std::uint16_t>(buffer, at + 8 + 22, group_count);
    for (std::size_t i = 0; i < masks.size(); i++) {
        test::put<std::uint64_t>(buffer, at + 8 + 24 + 16 * i, masks[i].mask);
        test::put<std::uint16_t>(buffer, at + 8 + 24 + 16 * i + 8, masks[i].group);
    }
}

// Counter types as winperf.h defines them.
inline constexpr std::uint32_t kRawCount = 0x00010000;        // PERF_COUNTER_RAWCOUNT
inline constexpr std::uint32_t kCounterCounter = 0x10410400;  // PERF_COUNTER_COUNTER
inline constexpr std::uint32_t kBulkCount = 0x10410500;       // PERF_COUNTER_BULK_COUNT
inline constexpr std::uint32_t kAverageBulk = 0x40020500;     // PERF_AVERAGE_BULK

// PDH_RAW_COUNTER of each type: a 100 ns timer's FirstValue is the time in 100 ns units and its
// SecondValue the 100 ns timestamp; a rate counter's SecondValue is the performance-counter time;
// a PERF_AVERAGE_BULK's SecondValue is its base counter; a raw count has no second value.
inline constexpr std::int64_t kTimestamp100ns = 133'485'408'000'000'000;
inline constexpr std::int64_t kPerfTime = 987'654'321'000;

// Every "Processor Information" counter read, with its type, for the instances given (as
// PdhGetRawCounterArrayW lists them, "_Total" rows included): FirstValue growing with the
// instance's position, the base counters at `rtc` and `mperf`.
inline std::map<std::string, PdhRawArray> processorInformationArrays(
    const std::vector<std::string>& instances, std::int64_t rtc, std::int64_t mperf) {
    std::map<std::string, PdhRawArray> arrays;
    for (std::size_t i = 0; i < instances.size(); i++) {
        const std::string& n = instances[i];
        const auto k = static_cast<std::int64_t>(i + 1);
        arrays["% C1 Time"].values.push_back({n, 10'000'000 * k, kTimestamp100ns});
        arrays["% C2 Time"].values.push_back({n, 20'000'000 * k, kTimestamp100ns});
        arrays["% C3 Time"].values.push_back({n, 5'000'000 * k, kTimestamp100ns});
        arrays["Clock Interrupts/sec"].values.push_back({n, 1000 * k, kPerfTime});
        arrays["Idle Break Events/sec"].values.push_back({n, 300 * k, kPerfTime});
        arrays["Parking Status"].values.push_back({n, static_cast<std::int64_t>(i % 2), 0});
        arrays["% Processor Performance"].values.push_back({n, 7000 * k, mperf});
        arrays["% Processor Utility"].values.push_back({n, 5000 * k, rtc});
        arrays["% Privileged Utility"].values.push_back({n, 2000 * k, rtc});
    }
    arrays["% C1 Time"].type = kPerf100NsecTimer;
    arrays["% C2 Time"].type = kPerf100NsecTimer;
    arrays["% C3 Time"].type = kPerfPrecision100NsTimer;
    arrays["Clock Interrupts/sec"].type = kCounterCounter;
    arrays["Idle Break Events/sec"].type = kBulkCount;
    arrays["Parking Status"].type = kRawCount;
    arrays["% Processor Performance"].type = kAverageBulk;
    arrays["% Processor Utility"].type = kAverageBulk;
    arrays["% Privileged Utility"].type = kAverageBulk;
    return arrays;
}

}  // namespace sysmetrics
