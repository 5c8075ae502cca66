#pragma once
// Raw processor data built to the documented layouts, for the unit tests and the recorded Windows
// host (tests/support/windows_host.cpp): GetLogicalProcessorInformationEx's records (winnt.h for
// 64-bit Windows), SMBIOS tables (DMTF DSP0134) and PDH "Processor Information" raw counter
// arrays.

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "collectors/cpu_groups.h"
#include "collectors/cpu_pdh.h"
#include "collectors/smbios.h"
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

// SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX entries, each with the Size Windows gives it.
class GlpiBuffer {
public:
    // PROCESSOR_RELATIONSHIP: 8 + 24 + 16 per GROUP_AFFINITY (48 with one group).
    GlpiBuffer& processor(ProcessorRelation relation, bool smt, std::vector<GroupMask> masks) {
        std::vector<std::uint8_t> e(32 + 16 * masks.size(), 0);
        test::put<std::uint32_t>(e, 0, static_cast<std::uint32_t>(relation));
        test::put<std::uint32_t>(e, 4, static_cast<std::uint32_t>(e.size()));
        e[8] = smt ? 1 : 0;
        test::put<std::uint16_t>(e, 30, static_cast<std::uint16_t>(masks.size()));
        putMasks(e, 32, masks);
        return append(e);
    }
    GlpiBuffer& core(std::uint64_t mask, bool smt = false, std::uint16_t group = 0) {
        return processor(ProcessorRelation::core, smt, {{group, mask}});
    }
    GlpiBuffer& package(std::vector<GroupMask> masks) {
        return processor(ProcessorRelation::package, false, std::move(masks));
    }
    // CACHE_RELATIONSHIP: 8 + 32 + 16 per mask. `group_count` 0 is the layout before Windows 11,
    // where that WORD was reserved and one mask followed.
    GlpiBuffer& cache(std::uint8_t level, std::uint32_t bytes, std::uint32_t type,
                      std::vector<GroupMask> masks, bool group_count = true) {
        std::vector<std::uint8_t> e(40 + 16 * masks.size(), 0);
        test::put<std::uint32_t>(e, 0, static_cast<std::uint32_t>(ProcessorRelation::cache));
        test::put<std::uint32_t>(e, 4, static_cast<std::uint32_t>(e.size()));
        e[8] = level;
        e[9] = 8;                             // Associativity
        test::put<std::uint16_t>(e, 10, 64);  // LineSize
        test::put<std::uint32_t>(e, 12, bytes);
        test::put<std::uint32_t>(e, 16, type);
        test::put<std::uint16_t>(e, 38, group_count ? static_cast<std::uint16_t>(masks.size()) : 0);
        putMasks(e, 40, masks);
        return append(e);
    }
    GlpiBuffer& unified(std::uint8_t level, std::uint32_t bytes, std::uint64_t mask,
                        std::uint16_t group = 0) {
        return cache(level, bytes, 0, {{group, mask}});
    }
    // NUMA_NODE_RELATIONSHIP: 8 + 24 + 16.
    GlpiBuffer& numa(std::uint32_t node, GroupMask mask) {
        std::vector<std::uint8_t> e(48, 0);
        test::put<std::uint32_t>(e, 0, static_cast<std::uint32_t>(ProcessorRelation::numa_node));
        test::put<std::uint32_t>(e, 4, 48);
        test::put<std::uint32_t>(e, 8, node);
        test::put<std::uint16_t>(e, 30, 1);
        putMasks(e, 32, {mask});
        return append(e);
    }
    // GROUP_RELATIONSHIP: 8 + 24 + 48 per group; nothing of it is read.
    GlpiBuffer& groups(std::vector<std::uint8_t> active_counts) {
        std::vector<std::uint8_t> e(32 + 48 * active_counts.size(), 0);
        test::put<std::uint32_t>(e, 0, static_cast<std::uint32_t>(ProcessorRelation::group));
        test::put<std::uint32_t>(e, 4, static_cast<std::uint32_t>(e.size()));
        test::put<std::uint16_t>(e, 8, static_cast<std::uint16_t>(active_counts.size()));
        test::put<std::uint16_t>(e, 10, static_cast<std::uint16_t>(active_counts.size()));
        for (std::size_t i = 0; i < active_counts.size(); i++) {
            e[32 + 48 * i] = 64;
            e[32 + 48 * i + 1] = active_counts[i];
        }
        return append(e);
    }

    const std::vector<std::uint8_t>& bytes() const { return bytes_; }
    ProcessorTopology topology() const {
        return processorTopology(parseLogicalProcessorInformationEx(bytes_.data(), bytes_.size()));
    }

private:
    static void putMasks(std::vector<std::uint8_t>& e, std::size_t at,
                         const std::vector<GroupMask>& masks) {
        for (std::size_t i = 0; i < masks.size(); i++) {
            test::put<std::uint64_t>(e, at + 16 * i, masks[i].mask);
            test::put<std::uint16_t>(e, at + 16 * i + 8, masks[i].group);
        }
    }
    GlpiBuffer& append(const std::vector<std::uint8_t>& e) {
        bytes_.insert(bytes_.end(), e.begin(), e.end());
        return *this;
    }
    std::vector<std::uint8_t> bytes_;
};

// One package of `cores` cores of `per_core` logical processors each, starting at processor
// `first` of `group`, in the order Windows lists a package: its cores with their L1 and L2
// caches, then the shared L3s (one per `l3_every` cores), then the package itself.
inline void addPackage(GlpiBuffer& b, std::uint16_t group, unsigned first, unsigned cores,
                       unsigned per_core, std::uint32_t l2_bytes, std::uint32_t l3_bytes,
                       unsigned l3_every) {
    std::uint64_t all = 0;
    const std::uint64_t core_bits = (std::uint64_t{1} << per_core) - 1;
    for (unsigned c = 0; c < cores; c++) {
        const std::uint64_t mask = core_bits << (first + c * per_core);
        all |= mask;
        b.core(mask, per_core > 1, group);
        b.cache(1, 32 * 1024, 2, {{group, mask}});  // L1 data
        b.cache(1, 32 * 1024, 1, {{group, mask}});  // L1 instruction
        b.unified(2, l2_bytes, mask, group);
    }
    for (unsigned c = 0; c < cores; c += l3_every) {
        std::uint64_t shared = 0;
        for (unsigned k = c; k < c + l3_every && k < cores; k++) {
            shared |= core_bits << (first + k * per_core);
        }
        b.unified(3, l3_bytes, shared, group);
    }
    b.package({{group, all}});
}

// RawSMBIOSData: an 8-byte header (version 3.3) and the structures.
class SmbiosTable {
public:
    // A structure of `formatted` bytes (type, length and handle filled in) and its strings.
    SmbiosTable& structure(std::vector<std::uint8_t> formatted, std::uint8_t type,
                           std::uint16_t handle, std::vector<std::string> strings = {}) {
        formatted[0] = type;
        formatted[1] = static_cast<std::uint8_t>(formatted.size());
        test::put<std::uint16_t>(formatted, 2, handle);
        table_.insert(table_.end(), formatted.begin(), formatted.end());
        for (const auto& s : strings) {
            table_.insert(table_.end(), s.begin(), s.end());
            table_.push_back(0);
        }
        if (strings.empty()) {
            table_.push_back(0);
        }
        table_.push_back(0);
        return *this;
    }
    // Type 4 of SMBIOS 3.0 (0x30 bytes).
    SmbiosTable& processor(std::uint16_t handle, bool populated, std::uint8_t family,
                           std::uint8_t cores, std::uint8_t enabled, std::uint8_t threads,
                           std::uint16_t l2 = 0xFFFF, std::uint16_t l3 = 0xFFFF,
                           std::size_t length = 0x30) {
        std::vector<std::uint8_t> s(length, 0);
        s[4] = 1;  // Socket Designation: string 1
        s[5] = 3;  // Central Processor
        s[6] = family;
        s[0x10] = 2;  // Processor Version: string 2
        if (length > 0x18) {
            s[0x18] = populated ? 0x41 : 0x00;
        }
        if (length >= 0x20) {
            test::put<std::uint16_t>(s, 0x1A, 0xFFFF);
            test::put<std::uint16_t>(s, 0x1C, l2);
            test::put<std::uint16_t>(s, 0x1E, l3);
        }
        if (length >= 0x26) {
            s[0x23] = cores;
            s[0x24] = enabled;
            s[0x25] = threads;
        }
        if (length >= 0x30) {
            test::put<std::uint16_t>(s, 0x2A, cores == 0xFF ? 0 : cores);
            test::put<std::uint16_t>(s, 0x2C, enabled == 0xFF ? 0 : enabled);
            test::put<std::uint16_t>(s, 0x2E, threads == 0xFF ? 0 : threads);
        }
        return structure(s, 4, handle, {"CPU " + std::to_string(handle), "Some CPU @ 3.00GHz"});
    }
    // Type 7 of SMBIOS 3.1 (0x1B bytes): Installed Size, and Installed Cache Size 2.
    SmbiosTable& cache(std::uint16_t handle, std::uint16_t installed,
                       std::uint32_t installed2 = 0) {
        std::vector<std::uint8_t> s(0x1B, 0);
        s[4] = 1;
        test::put<std::uint16_t>(s, 0x05, 0x0181);  // enabled, level 2
        test::put<std::uint16_t>(s, 0x07, installed);
        test::put<std::uint16_t>(s, 0x09, installed);
        test::put<std::uint32_t>(s, 0x13, installed2);
        test::put<std::uint32_t>(s, 0x17, installed2);
        return structure(s, 7, handle, {"L2 Cache"});
    }
    std::vector<std::uint8_t> raw() const {
        std::vector<std::uint8_t> out = {0, 3, 3, 0};
        test::put<std::uint32_t>(out, 4, static_cast<std::uint32_t>(table_.size() + 6));
        out.insert(out.end(), table_.begin(), table_.end());
        // End-of-table: type 127, length 4.
        out.insert(out.end(), {127, 4, 0xFE, 0xFF, 0, 0});
        return out;
    }
    std::vector<SmbiosProcessor> processors() const {
        const auto bytes = raw();
        return parseSmbiosProcessors(bytes.data(), bytes.size());
    }

private:
    std::vector<std::uint8_t> table_;
};

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

// One cycle of PDH's "Processor Information" object as the probe hands it to
// ProcessorInformationReader: the raw samples of each counter and each counter's type.
struct ProcessorInformationRaw {
    PdhRawCounters samples;
    PdhCounterTypes types;
};

// Every "Processor Information" counter read, with its type, for the instances given (as
// PdhGetRawCounterArrayW lists them, "_Total" rows included): FirstValue growing with the
// instance's position, the base counters at `rtc` and `mperf`.
inline ProcessorInformationRaw processorInformationArrays(const std::vector<std::string>& instances,
                                                          std::int64_t rtc, std::int64_t mperf) {
    ProcessorInformationRaw raw;
    for (std::size_t i = 0; i < instances.size(); i++) {
        const std::string& n = instances[i];
        const auto k = static_cast<std::int64_t>(i + 1);
        raw.samples["% C1 Time"].push_back({n, 10'000'000 * k, kTimestamp100ns});
        raw.samples["% C2 Time"].push_back({n, 20'000'000 * k, kTimestamp100ns});
        raw.samples["% C3 Time"].push_back({n, 5'000'000 * k, kTimestamp100ns});
        raw.samples["Clock Interrupts/sec"].push_back({n, 1000 * k, kPerfTime});
        raw.samples["Idle Break Events/sec"].push_back({n, 300 * k, kPerfTime});
        raw.samples["Parking Status"].push_back({n, static_cast<std::int64_t>(i % 2), 0});
        raw.samples["% Processor Performance"].push_back({n, 7000 * k, mperf});
        raw.samples["% Processor Utility"].push_back({n, 5000 * k, rtc});
        raw.samples["% Privileged Utility"].push_back({n, 2000 * k, rtc});
    }
    raw.types = {
        {"% C1 Time", kPerf100NsecTimer},          {"% C2 Time", kPerf100NsecTimer},
        {"% C3 Time", kPerfPrecision100NsTimer},   {"Clock Interrupts/sec", kCounterCounter},
        {"Idle Break Events/sec", kBulkCount},     {"Parking Status", kRawCount},
        {"% Processor Performance", kAverageBulk}, {"% Processor Utility", kAverageBulk},
        {"% Privileged Utility", kAverageBulk}};
    return raw;
}

// What `reader` makes of one such cycle.
inline std::map<std::string, ProcessorInformationValues> interpretRaw(
    ProcessorInformationReader& reader, const ProcessorInformationRaw& raw) {
    return reader.interpret(raw.samples, raw.types);
}

}  // namespace sysmetrics
