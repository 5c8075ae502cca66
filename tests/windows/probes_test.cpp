// The real Win32 probes, run under Wine in CI (and on Windows alike).
#include <windows.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <iterator>
#include <string>

#include "base/clock.h"
#include "collectors/memory.h"
#include "collectors/system.h"
#include "collectors/tcp.h"
#include "tests/common/eventually.h"

namespace sysmetrics {

TEST(WindowsProbes, MemoryIsSane) {
    auto memory = makeMemorySource()->read();
    ASSERT_TRUE(memory.ok()) << memory.error().describe();
    EXPECT_GT(memory->physical_total_bytes, 0u);
    EXPECT_GT(memory->physical_available_bytes, 0u);
    EXPECT_LE(memory->physical_available_bytes, memory->physical_total_bytes);
    ASSERT_TRUE(memory->commit_limit_bytes);
    EXPECT_GE(*memory->commit_limit_bytes, memory->physical_total_bytes / 2);
    ASSERT_TRUE(memory->load_percent);
    EXPECT_LE(*memory->load_percent, 100u);
    // GlobalMemoryStatusEx's own view, which the legacy windows_os_* families report.
    ASSERT_TRUE(memory->process_commit_limit_bytes && memory->process_commit_available_bytes);
    EXPECT_LE(*memory->process_commit_available_bytes, *memory->process_commit_limit_bytes);
    ASSERT_TRUE(memory->process_memory_limit_bytes);
    EXPECT_GE(*memory->process_memory_limit_bytes, 0x7FFE0000u);  // 2 GiB - 128 KiB at least
}

// windows_exporter's PDH Memory families: PDH where it has them, else the NT sources, else absent
// and named in the notes. Under Wine (no PDH Memory object) they come from
// NtQuerySystemInformation.
TEST(WindowsProbes, MemoryCountersArePresentOrExplained) {
    auto source = makeMemorySource();
    auto first = source->read();
    ASSERT_TRUE(first.ok()) << first.error().describe();
    auto second = source->read();
    ASSERT_TRUE(second.ok()) << second.error().describe();
    std::string notes;
    for (const auto& note : source->notes()) {
        std::printf("memory note: %s\n", note.c_str());
        notes += note + "\n";
    }
    const struct {
        const char* counter;
        std::optional<std::uint64_t> MemorySection::*field;
        bool count;  // cumulative: never falls between readings
    } checks[] = {
        {"Cache Bytes Peak", &MemorySection::cache_peak_bytes, false},
        {"Cache Faults/sec", &MemorySection::cache_faults, true},
        {"Demand Zero Faults/sec", &MemorySection::demand_zero_faults, true},
        {"Free & Zero Page List Bytes", &MemorySection::free_and_zero_page_list_bytes, false},
        {"Free System Page Table Entries", &MemorySection::free_system_page_table_entries, false},
        {"Modified Page List Bytes", &MemorySection::modified_page_list_bytes, false},
        {"Page Faults/sec", &MemorySection::page_faults, true},
        {"Page Reads/sec", &MemorySection::page_read_operations, true},
        {"Pages Input/sec", &MemorySection::pages_read, true},
        {"Pages Output/sec", &MemorySection::pages_written, true},
        {"Pages/sec", &MemorySection::pages_read_or_written, true},
        {"Page Writes/sec", &MemorySection::page_write_operations, true},
        {"Pool Nonpaged Allocs", &MemorySection::pool_nonpaged_allocs, false},
        {"Pool Paged Allocs", &MemorySection::pool_paged_allocs, false},
        {"Pool Paged Resident Bytes", &MemorySection::pool_paged_resident_bytes, false},
        {"Standby Cache Core Bytes", &MemorySection::standby_cache_core_bytes, false},
        {"Standby Cache Normal Priority Bytes", &MemorySection::standby_cache_normal_priority_bytes,
         false},
        {"Standby Cache Reserve Bytes", &MemorySection::standby_cache_reserve_bytes, false},
        {"System Cache Resident Bytes", &MemorySection::system_cache_resident_bytes, false},
        {"System Code Resident Bytes", &MemorySection::system_code_resident_bytes, false},
        {"System Code Total Bytes", &MemorySection::system_code_total_bytes, false},
        {"System Driver Resident Bytes", &MemorySection::system_driver_resident_bytes, false},
        {"System Driver Total Bytes", &MemorySection::system_driver_total_bytes, false},
        {"Transition Faults/sec", &MemorySection::transition_faults, true},
        {"Transition Pages RePurposed/sec", &MemorySection::transition_pages_repurposed, true},
        {"Write Copies/sec", &MemorySection::write_copies, true},
    };
    ASSERT_EQ(std::size(checks), kMemoryPdhCounters.size());
    for (const auto& check : checks) {
        const auto& value = second.value().*check.field;
        std::printf("%-36s %s\n", check.counter, value ? std::to_string(*value).c_str() : "absent");
        if (!value) {
            EXPECT_NE(notes.find(check.counter), std::string::npos) << check.counter;
            continue;
        }
        if (check.count && (first.value().*check.field)) {
            EXPECT_GE(*value, *(first.value().*check.field)) << check.counter;
        }
    }
    // SystemPerformanceInformation exists on every Windows: its counters are never absent.
    EXPECT_TRUE(second->page_faults);
    EXPECT_TRUE(second->pages_read_or_written);
    EXPECT_TRUE(second->free_system_page_table_entries);
    EXPECT_TRUE(second->system_driver_total_bytes);
    // Pages/sec is Pages Input/sec plus Pages Output/sec, all from one reading (one PDH
    // collection, or one NT buffer). Windows keeps them in 32 bits, so the sum holds modulo 2^32.
    if (second->pages_read && second->pages_written && second->pages_read_or_written) {
        EXPECT_EQ(static_cast<std::uint32_t>(*second->pages_read_or_written),
                  static_cast<std::uint32_t>(*second->pages_read + *second->pages_written));
    }
}

TEST(WindowsProbes, SystemIsSane) {
    auto system = makeSystemSource()->read();
    ASSERT_TRUE(system.ok()) << system.error().describe();
    EXPECT_FALSE(system->hostname.empty());
    EXPECT_EQ(system->os_family, "windows");
    EXPECT_GE(system->os_major, 6u);
    EXPECT_GT(system->os_build, 0u);
    EXPECT_FALSE(system->os_product.empty());
    EXPECT_LT(system->boot_time, wallSeconds());
    EXPECT_GT(system->boot_time, 1e9);
    // Every processor group: SYSTEM_INFO counts only the caller's group, which is wrong on hosts
    // with more than 64 logical processors.
    EXPECT_EQ(system->logical_cpus, GetActiveProcessorCount(ALL_PROCESSOR_GROUPS));
    EXPECT_GE(system->processes, 1u);  // at least this test
    EXPECT_GE(system->threads, system->processes);
    EXPECT_FALSE(system->timezone.empty());  // a key name under HKLM\...\Time Zones
    ASSERT_TRUE(system->logged_on_users);
    // The kernel's boot time, not now - GetTickCount64(): the same value on every read (W08).
    Sleep(20);
    auto again = makeSystemSource()->read();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->boot_time, system->boot_time);
}

}  // namespace sysmetrics

#include <cstdio>

#include "collectors/cpu.h"

namespace sysmetrics {

TEST(WindowsProbes, CpuTimesFromNtOnePerLogicalCpuAndMonotonic) {
    auto source = makeCpuSource();
    auto first = source->read();
    ASSERT_TRUE(first.ok()) << first.error().describe();
    EXPECT_EQ(first->cores.size(), GetActiveProcessorCount(ALL_PROCESSOR_GROUPS));
    for (const auto& core : first->cores) {
        EXPECT_EQ(modeNames(core.seconds),
                  (std::vector<std::string>{"user", "privileged", "idle", "dpc", "interrupt"}))
            << core.id;
    }
    double elapsed = 0;
    auto timePassed = [&] {
        auto second = source->read();
        EXPECT_TRUE(second.ok());
        if (!second.ok() || second->cores.size() != first->cores.size()) {
            return false;
        }
        elapsed = 0;
        for (std::size_t c = 0; c < first->cores.size(); c++) {
            EXPECT_EQ(second->cores[c].id, first->cores[c].id);
            for (const ModeValue& before : first->cores[c].seconds) {
                const double after = modeValue(second->cores[c].seconds, before.mode);
                EXPECT_GE(after, before.value)
                    << "core " << first->cores[c].id << " mode " << before.mode;
                elapsed += after - before.value;
            }
        }
        return elapsed > 0;
    };
    EXPECT_TRUE(test::eventually(timePassed, std::chrono::seconds(10)));
    EXPECT_GT(elapsed, 0.0);
    EXPECT_FALSE(first->info.model_name.empty());
}

TEST(WindowsProbes, PdhCountersAreUsedWhereTheyExistAndReportedWhereNot) {
    auto source = makeCpuSource();
    ASSERT_TRUE(source->read().ok());
    Sleep(200);
    auto sample = source->read();
    ASSERT_TRUE(sample.ok());
    // Each PDH-only value is either present, or its absence is explained in the notes.
    const auto notes = source->notes();
    auto explained = [&](const char* counter) {
        for (const auto& note : notes) {
            if (note.find(counter) != std::string::npos || note.find("PDH unavailable") == 0) {
                return true;
            }
        }
        return false;
    };
    const struct {
        const char* counter;
        bool present;
    } checks[] = {{"% Processor Utility", sample->processor_utility_percent.has_value()},
                  {"% Processor Performance", sample->processor_performance_percent.has_value()},
                  {"Processor Queue Length", sample->processor_queue_length.has_value()}};
    for (const auto& check : checks) {
        std::printf("PDH %s: %s\n", check.counter, check.present ? "present" : "absent (fallback)");
        EXPECT_TRUE(check.present || explained(check.counter)) << check.counter;
    }
}

}  // namespace sysmetrics

#include <set>

#include "collectors/cpu_groups.h"
#include "collectors/cpu_pdh.h"
#include "collectors/windows/processor_information.h"

namespace sysmetrics {

// Issue 21 items 1 and 4: the PDH Processor Information families where this machine has the
// counters (every core has the value), a note naming each counter it lacks; the cores named
// "<NUMA node>,<index>" as GetLogicalProcessorInformationEx and GetNumaProcessorNodeEx place them.
TEST(WindowsProbes, ProcessorInformationValuesArePresentOrNamedInTheNotes) {
    auto source = makeCpuSource();
    auto sample = source->read();
    ASSERT_TRUE(sample.ok()) << sample.error().describe();
    const auto notes = source->notes();
    for (const auto& note : notes) {
        std::printf("cpu note: %s\n", note.c_str());
    }
    auto noted = [&](const std::string& counter) {
        for (const auto& note : notes) {
            if (note.find("\\" + counter) != std::string::npos ||
                note.find("Processor Information object") != std::string::npos ||
                note.find("PdhOpenQueryW failed") != std::string::npos) {
                return true;
            }
        }
        return false;
    };
    const auto field = [](const ProcessorInformationValues& v, const std::string& counter) {
        const std::map<std::string, std::optional<double>> fields = {
            {"% C1 Time", v.c1_seconds},
            {"% C2 Time", v.c2_seconds},
            {"% C3 Time", v.c3_seconds},
            {"Clock Interrupts/sec", v.clock_interrupts},
            {"Idle Break Events/sec", v.idle_break_events},
            {"Parking Status", v.parking_status},
            {"% Processor Performance", v.performance},
            {"% Processor Utility", v.utility},
            {"% Privileged Utility", v.privileged_utility}};
        return fields.at(counter).has_value();
    };
    for (const auto& counter : processorInformationCounters()) {
        std::size_t with = 0;
        for (const auto& core : sample->cores) {
            with += core.processor_information && field(*core.processor_information, counter.name);
        }
        std::printf("PDH Processor Information \"%s\": %zu of %zu cores\n", counter.name.c_str(),
                    with, sample->cores.size());
        if (noted(counter.name)) {
            EXPECT_EQ(with, 0u) << counter.name << " is noted as absent yet has values";
        } else {
            EXPECT_EQ(with, sample->cores.size()) << counter.name << ": absent without a note";
        }
    }
}

TEST(WindowsProbes, CoresAreNamedByNumaNodeAndIndexAsTheNodeApisPlaceThem) {
    auto sample = makeCpuSource()->read();
    ASSERT_TRUE(sample.ok());
    std::set<std::string> ids;
    for (const auto& core : sample->cores) {
        ids.insert(core.id);
    }
    EXPECT_EQ(ids.size(), sample->cores.size()) << "two cores share a label";
    auto buffer = win::logicalProcessorInformation(ProcessorRelation::numa_node);
    ASSERT_TRUE(buffer.ok()) << buffer.error().describe();
    const auto labels =
        numaCoreLabels(parseLogicalProcessorInformationEx(buffer->data(), buffer->size()));
    ASSERT_FALSE(labels.empty())
        << "GetLogicalProcessorInformationEx(RelationNumaNode) gave no node";
    std::size_t checked = 0;
    for (WORD group = 0; group < GetActiveProcessorGroupCount(); group++) {
        for (DWORD number = 0; number < GetActiveProcessorCount(group); number++) {
            const std::string label = labels.at(windowsCoreLabel(group, number));
            EXPECT_EQ(ids.count(label), 1u) << label;
            // The node part, as the other documented NUMA API has it.
            PROCESSOR_NUMBER processor{};
            processor.Group = group;
            processor.Number = static_cast<BYTE>(number);
            USHORT node = 0;
            if (GetNumaProcessorNodeEx(&processor, &node)) {
                EXPECT_EQ(label.substr(0, label.find(',')), std::to_string(node)) << label;
                checked++;
            }
        }
    }
    std::printf("cores: %zu, node checked by GetNumaProcessorNodeEx: %zu\n", ids.size(), checked);
    const auto full = win::logicalProcessorInformation(ProcessorRelation::numa_node_ex);
    std::printf(
        "RelationNumaNodeEx: %s, %zu entries\n",
        full.ok() ? "answered" : full.error().describe().c_str(),
        full.ok() ? parseLogicalProcessorInformationEx(full->data(), full->size()).size() : 0);
}

}  // namespace sysmetrics

#include <map>
#include <string>
#include <vector>

#include "base/windows/handles.h"
#include "collectors/process_collector.h"

namespace sysmetrics {

namespace {

std::wstring helperPath() {
    wchar_t path[MAX_PATH] = {};
    GetModuleFileNameW(nullptr, path, MAX_PATH);
    std::wstring dir(path);
    dir = dir.substr(0, dir.find_last_of(L"\\/") + 1);
    return dir + L"sleeper_helper.exe";
}

struct Children {
    explicit Children(int count) {
        const std::wstring exe = helperPath();
        for (int i = 0; i < count; i++) {
            std::wstring command = L"\"" + exe + L"\" 120";
            STARTUPINFOW startup{};
            startup.cb = sizeof startup;
            PROCESS_INFORMATION info{};
            if (CreateProcessW(exe.c_str(), command.data(), nullptr, nullptr, FALSE,
                               CREATE_NO_WINDOW, nullptr, nullptr, &startup, &info)) {
                win::UniqueKernelHandle thread(info.hThread);
                pids.push_back(info.dwProcessId);
                handles.emplace_back(info.hProcess);
            }
        }
    }
    ~Children() {
        for (auto& handle : handles) {
            TerminateProcess(handle.get(), 0);
            WaitForSingleObject(handle.get(), 5000);
        }
    }
    void killFirst(int count) {
        for (int i = 0; i < count; i++) {
            TerminateProcess(handles[i].get(), 0);
            WaitForSingleObject(handles[i].get(), 5000);
        }
    }
    std::vector<DWORD> pids;
    std::vector<win::UniqueKernelHandle> handles;
};

std::shared_ptr<const ProcessSection> collectProcesses(ProcessCollector& collector) {
    auto result = collector.collect();
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().describe());
    return result.ok() ? std::dynamic_pointer_cast<const ProcessSection>(result.value()) : nullptr;
}

}  // namespace

TEST(WindowsProbes, TwentyChildrenAreSeenWithParentAndNameAndFiveKilledAreGone) {
    Children children(20);
    ASSERT_EQ(children.pids.size(), 20u);
    ProcessCollector collector(makeProcessSource(ProcessSourceOptions{true}));
    std::shared_ptr<const ProcessSection> section;
    // A child is ready once its helper threads run; how long that takes depends on the load.
    auto allStarted = [&] {
        section = collectProcesses(collector);
        for (DWORD pid : children.pids) {
            const ProcessInfo* p = section ? section->find(pid) : nullptr;
            if (p == nullptr || p->thread_count < 3) {
                return false;
            }
        }
        return true;
    };
    ASSERT_TRUE(test::eventually(allStarted)) << "children did not all start in 30 s";
    std::map<DWORD, const ProcessDetails*> opened;
    for (DWORD pid : children.pids) {
        const ProcessInfo* p = section->find(pid);
        EXPECT_EQ(p->ppid, GetCurrentProcessId());
        EXPECT_EQ(p->name, "sleeper_helper.exe");
        EXPECT_GT(p->working_set_bytes, 0u);
        EXPECT_GT(p->create_time, 1e9);
        ASSERT_TRUE(p->details) << pid;
        opened[pid] = p->details.get();
    }
    children.killFirst(5);
    auto killedGone = [&] {
        section = collectProcesses(collector);
        for (int i = 0; i < 5; i++) {
            if (section && section->find(children.pids[i]) != nullptr) {
                return false;
            }
        }
        return true;
    };
    EXPECT_TRUE(test::eventually(killedGone)) << "killed children still listed after 30 s";
    ASSERT_TRUE(section);
    for (int i = 5; i < 20; i++) {
        const ProcessInfo* p = section->find(children.pids[i]);
        ASSERT_NE(p, nullptr) << children.pids[i];
        // Steady state for what this test made: its survivors keep the details opened the first
        // time (other processes may start beside the test, so the cycle's total is not asserted).
        EXPECT_EQ(p->details.get(), opened[children.pids[i]]) << "reopened " << children.pids[i];
    }
}

TEST(WindowsProbes, OwnProcessHasExeCommandLineOwnerAndThreads) {
    ProcessCollector collector(makeProcessSource(ProcessSourceOptions{true}));
    auto section = collectProcesses(collector);
    ASSERT_TRUE(section);
    const ProcessInfo* self = section->find(GetCurrentProcessId());
    ASSERT_NE(self, nullptr);
    EXPECT_EQ(self->name, "probe_tests.exe");
    ASSERT_TRUE(self->details);
    EXPECT_NE(self->details->exe.value_or("").find("probe_tests.exe"), std::string::npos);
    EXPECT_NE(self->details->cmdline.value_or("").find("probe_tests"), std::string::npos);
    EXPECT_NE(self->details->owner.value_or("").find('\\'), std::string::npos);
    EXPECT_TRUE(self->details->access_denied.empty());
    bool found_own_thread = false;
    for (const auto& thread : self->threads) {
        found_own_thread |= thread.tid == GetCurrentThreadId();
    }
    EXPECT_TRUE(found_own_thread);
    // The idle process keeps one identity across cycles (W08): not re-opened, same start time.
    auto next = collectProcesses(collector);
    ASSERT_TRUE(next);
    const ProcessInfo* idle_before = section->find(0);
    const ProcessInfo* idle_after = next->find(0);
    if (idle_before && idle_after) {
        EXPECT_EQ(idle_after->create_time, idle_before->create_time);
        EXPECT_EQ(idle_after->details.get(), idle_before->details.get());
    }
    // The idle and system processes are listed once each, never duplicated.
    int idle = 0;
    for (const auto& p : section->processes) {
        idle += p.pid == 0;
    }
    EXPECT_LE(idle, 1);
}

}  // namespace sysmetrics

#include <winsock2.h>
#include <ws2tcpip.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <set>

#include "collectors/connection_collector.h"
#include "collectors/network.h"
#include "collectors/windows/sized_table.h"

namespace sysmetrics {

namespace {

struct Winsock {
    Winsock() {
        WSADATA data;
        WSAStartup(MAKEWORD(2, 2), &data);
    }
    ~Winsock() { WSACleanup(); }
};

struct Socket {
    SOCKET s = INVALID_SOCKET;
    explicit Socket(SOCKET value) : s(value) {}
    ~Socket() {
        if (s != INVALID_SOCKET)
            closesocket(s);
    }
};

std::uint16_t boundPort(SOCKET s) {
    sockaddr_storage address{};
    int length = sizeof address;
    getsockname(s, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.ss_family == AF_INET ? reinterpret_cast<sockaddr_in&>(address).sin_port
                                              : reinterpret_cast<sockaddr_in6&>(address).sin6_port);
}

void checkListenerAndPair(int family) {
    Winsock winsock;
    const int af = family == 4 ? AF_INET : AF_INET6;
    Socket listener(socket(af, SOCK_STREAM, IPPROTO_TCP));
    ASSERT_NE(listener.s, INVALID_SOCKET);
    sockaddr_storage address{};
    int length;
    if (family == 4) {
        auto& in = reinterpret_cast<sockaddr_in&>(address);
        in.sin_family = AF_INET;
        in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        length = sizeof in;
    } else {
        auto& in6 = reinterpret_cast<sockaddr_in6&>(address);
        in6.sin6_family = AF_INET6;
        in6.sin6_addr = in6addr_loopback;
        length = sizeof in6;
    }
    ASSERT_EQ(bind(listener.s, reinterpret_cast<sockaddr*>(&address), length), 0);
    ASSERT_EQ(listen(listener.s, 4), 0);
    const std::uint16_t port = boundPort(listener.s);
    if (family == 4) {
        reinterpret_cast<sockaddr_in&>(address).sin_port = htons(port);
    } else {
        reinterpret_cast<sockaddr_in6&>(address).sin6_port = htons(port);
    }
    Socket client(socket(af, SOCK_STREAM, IPPROTO_TCP));
    ASSERT_EQ(connect(client.s, reinterpret_cast<sockaddr*>(&address), length), 0);
    Socket server(accept(listener.s, nullptr, nullptr));
    ASSERT_NE(server.s, INVALID_SOCKET);
    const std::uint16_t client_port = boundPort(client.s);

    auto rows = makeConnectionSource()->read(OwnerLookup::find);
    ASSERT_TRUE(rows.ok()) << rows.error().describe();
    bool listening = false, client_end = false, server_end = false;
    for (const auto& c : rows.value()) {
        if (c.proto != "tcp" || c.family != family)
            continue;
        // Under Wine the owning pid is always 0, so the pid join is tested with built rows and
        // for real on Linux; here the rows are found by their ports and states.
        listening |= c.state == "LISTEN" && c.local_port == port;
        client_end |=
            c.state == "ESTABLISHED" && c.local_port == client_port && c.remote_port == port;
        server_end |=
            c.state == "ESTABLISHED" && c.local_port == port && c.remote_port == client_port;
    }
    EXPECT_TRUE(listening) << "IPv" << family << " listener on " << port;
    EXPECT_TRUE(client_end) << "IPv" << family << " client end";
    EXPECT_TRUE(server_end) << "IPv" << family << " server end";
}

}  // namespace

TEST(WindowsProbes, ListenerAndConnectedPairAppearV4) {
    checkListenerAndPair(4);
}
TEST(WindowsProbes, ListenerAndConnectedPairAppearV6) {
    checkListenerAndPair(6);
}

// Issue #20: reads a moment apart write their rows into the storage of tables nobody holds any
// more, and a listener closed since is gone from them.
TEST(WindowsProbes, SteadyConnectionReadsWriteOverEarlierRowsAndDropAClosedListener) {
    Winsock winsock;
    auto owned = makeConnectionSource();
    ConnectionSource* source = owned.get();
    ConnectionCollector collector(std::move(owned));
    auto listener = std::make_unique<Socket>(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    ASSERT_NE(listener->s, INVALID_SOCKET);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener->s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(listener->s, 1), 0);
    const std::uint16_t port = boundPort(listener->s);
    const auto listening = [port](const ConnectionSection& section) {
        return std::any_of(section.connections.begin(), section.connections.end(),
                           [port](const Connection& c) {
                               return c.proto == "tcp" && c.family == 4 && c.state == "LISTEN" &&
                                      c.local_port == port;
                           });
    };
    std::shared_ptr<const ConnectionSection> section;  // held as the snapshot store holds it
    for (int read = 0; read < 4; read++) {
        auto result = collector.collect();
        ASSERT_TRUE(result.ok()) << result.error().describe();
        section = std::dynamic_pointer_cast<const ConnectionSection>(result.value());
        ASSERT_TRUE(section);
        EXPECT_TRUE(listening(*section)) << "read " << read;
    }
    EXPECT_NE(source->listingStorage(), nullptr);
    listener.reset();
    auto result = collector.collect();
    ASSERT_TRUE(result.ok()) << result.error().describe();
    section = std::dynamic_pointer_cast<const ConnectionSection>(result.value());
    EXPECT_FALSE(listening(*section));
}

// A table that doubles on each of the first `doublings` calls after the size query, as a host's
// connection table may while a burst of connections opens; what readSizedTable sees of
// GetExtendedTcpTable.
struct GrowingTable {
    DWORD size = 1000;
    int doublings = 0;
    int calls = 0;
    DWORD operator()(void* buffer, DWORD* given) {
        if (calls++ > 0 && calls <= doublings + 1) {
            size *= 2;
        }
        if (buffer == nullptr || *given < size) {
            *given = size;
            return ERROR_INSUFFICIENT_BUFFER;
        }
        std::memset(buffer, 0xab, size);
        *given = size;
        return NO_ERROR;
    }
};

TEST(WindowsProbes, ASizedTableGrowingBetweenReadsIsReadWhole) {
    GrowingTable table{1000, 4};
    auto read = readSizedTable(std::ref(table), ERROR_INSUFFICIENT_BUFFER, "GetExtendedTcpTable");
    ASSERT_TRUE(read.ok()) << read.error().describe();
    EXPECT_EQ(read->size(), table.size);
    EXPECT_EQ(table.size, 16000u);
    EXPECT_GT(table.calls, 4);  // psutil's query and three tries with 25 % more fall short
}

TEST(WindowsProbes, ASizedTableThatNeverFitsIsAnErrorNamingTheCall) {
    int calls = 0;
    auto never_fits = [&](void*, DWORD* given) {
        calls++;
        *given += 1;
        return static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER);
    };
    auto read = readSizedTable(never_fits, ERROR_INSUFFICIENT_BUFFER, "GetExtendedTcpTable");
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().os_code, ERROR_INSUFFICIENT_BUFFER);
    EXPECT_NE(read.error().describe().find("GetExtendedTcpTable"), std::string::npos);
    EXPECT_EQ(calls, kSizedTableAttempts + 1);
}

TEST(WindowsProbes, ASizedTableIntoABufferThatStillFitsTakesOneCallAndKeepsTheBuffer) {
    GrowingTable table{1000, 0};
    std::vector<std::uint8_t> buffer(2000);
    auto used = readSizedTableInto(std::ref(table), buffer, ERROR_INSUFFICIENT_BUFFER, "t");
    ASSERT_TRUE(used.ok()) << used.error().describe();
    EXPECT_EQ(table.calls, 1);  // no size query
    EXPECT_EQ(used.value(), 1000u);
    EXPECT_EQ(buffer.size(), 2000u);
    EXPECT_EQ(buffer[999], 0xab);
}

TEST(WindowsProbes, ASizedTableIntoAnEmptyOrShortBufferAsksTheSizeAndGrowsIt) {
    GrowingTable empty_read{1000, 0};
    std::vector<std::uint8_t> empty;
    auto used = readSizedTableInto(std::ref(empty_read), empty, ERROR_INSUFFICIENT_BUFFER, "t");
    ASSERT_TRUE(used.ok()) << used.error().describe();
    EXPECT_EQ(empty_read.calls, 2);
    EXPECT_EQ(used.value(), 1000u);
    EXPECT_GE(empty.size(), 1000u);

    GrowingTable grown{1000, 2};  // the table doubles twice while it is read
    std::vector<std::uint8_t> shorter(500);
    used = readSizedTableInto(std::ref(grown), shorter, ERROR_INSUFFICIENT_BUFFER, "t");
    ASSERT_TRUE(used.ok()) << used.error().describe();
    EXPECT_EQ(used.value(), 4000u);
    EXPECT_GE(shorter.size(), 4000u);
}

// A call that leaves the size as given when the table fits: the whole buffer is the table's,
// whose own row count then says how much of it is rows.
TEST(WindowsProbes, ASizedTableWhoseCallReportsNoSizeOnSuccessTakesTheWholeBuffer) {
    auto fits = [](void* buffer, DWORD* given) {
        if (buffer == nullptr || *given < 100) {
            *given = 100;
            return static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER);
        }
        return static_cast<DWORD>(NO_ERROR);
    };
    std::vector<std::uint8_t> buffer(300);
    auto used = readSizedTableInto(fits, buffer, ERROR_INSUFFICIENT_BUFFER, "t");
    ASSERT_TRUE(used.ok()) << used.error().describe();
    EXPECT_EQ(used.value(), 300u);
}

// GetTcpStatisticsEx counts every connection of the host (under Wine, the Linux host's), so
// other tests' connections may add to the counts: growth by at least ours is asserted, within a
// deadline.
TEST(WindowsProbes, TcpCountersCountALoopbackConnection) {
    Winsock winsock;
    const auto ipv4 = [] {
        auto tcp = makeTcpSource()->read();
        EXPECT_TRUE(tcp.ok()) << (tcp.ok() ? "" : tcp.error().describe());
        if (tcp.ok()) {
            for (const auto& family : tcp->families) {
                EXPECT_TRUE(family.family == "ipv4" || family.family == "ipv6") << family.family;
                EXPECT_TRUE(family.source == "GetTcpStatisticsEx2" ||
                            family.source == "GetTcpStatisticsEx")
                    << family.source;
                if (family.family == "ipv4") {
                    return family;
                }
            }
        }
        ADD_FAILURE() << "no IPv4 TCP counters";
        return TcpCounters{};
    };
    const TcpCounters before = ipv4();
    Socket listener(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    ASSERT_NE(listener.s, INVALID_SOCKET);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener.s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(listener.s, 4), 0);
    address.sin_port = htons(boundPort(listener.s));
    Socket client(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
    ASSERT_EQ(connect(client.s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    Socket server(accept(listener.s, nullptr, nullptr));
    ASSERT_NE(server.s, INVALID_SOCKET);
    TcpCounters after;
    EXPECT_TRUE(test::eventually([&] {
        after = ipv4();
        return after.active_opens > before.active_opens &&
               after.passive_opens > before.passive_opens && after.curr_estab >= 2;
    })) << "active "
        << before.active_opens << " -> " << after.active_opens << ", passive "
        << before.passive_opens << " -> " << after.passive_opens << ", established "
        << after.curr_estab;
}

// The counters are the host's (under Wine, the Linux host's): only growth by at least ours.
TEST(WindowsProbes, UdpCountersCountLoopbackDatagramsAndOneToAPortNobodyHas) {
    Winsock winsock;
    const auto ipv4 = [] {
        auto tcp = makeTcpSource()->read();
        EXPECT_TRUE(tcp.ok()) << (tcp.ok() ? "" : tcp.error().describe());
        if (tcp.ok()) {
            for (const auto& family : tcp->udp) {
                EXPECT_TRUE(family.source == "GetUdpStatisticsEx2" ||
                            family.source == "GetUdpStatisticsEx")
                    << family.source;
                if (family.family == "ipv4") {
                    return family;
                }
            }
        }
        ADD_FAILURE() << "no IPv4 UDP counters";
        return UdpCounters{};
    };
    const UdpCounters before = ipv4();
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Socket receiver(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
    ASSERT_EQ(bind(receiver.s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    sockaddr_in to = address;
    to.sin_port = htons(boundPort(receiver.s));
    sockaddr_in nobody = address;
    {
        Socket closed(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
        ASSERT_EQ(bind(closed.s, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        nobody.sin_port = htons(boundPort(closed.s));
    }
    Socket sender(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
    const char datagram[] = "sysmetrics";
    ASSERT_EQ(
        sendto(sender.s, datagram, sizeof datagram, 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
        static_cast<int>(sizeof datagram));
    char got[32];
    ASSERT_EQ(recv(receiver.s, got, sizeof got, 0), static_cast<int>(sizeof datagram));
    sendto(sender.s, datagram, sizeof datagram, 0, reinterpret_cast<sockaddr*>(&nobody),
           sizeof nobody);
    UdpCounters after;
    EXPECT_TRUE(test::eventually([&] {
        after = ipv4();
        return after.in_datagrams > before.in_datagrams &&
               after.out_datagrams >= before.out_datagrams + 2 && after.no_ports > before.no_ports;
    })) << "in "
        << before.in_datagrams << " -> " << after.in_datagrams << ", out " << before.out_datagrams
        << " -> " << after.out_datagrams << ", no port " << before.no_ports << " -> "
        << after.no_ports;
}

TEST(WindowsProbes, InterfacesHaveCounters) {
    auto source = makeNetworkSource();
    auto network = source->read();
    ASSERT_TRUE(network.ok()) << network.error().describe();
    const auto& nics = network->interfaces;
    const std::vector<std::string> notes = source->notes();
    // Wine 8's GetIpInterfaceTable answers ERROR_NOT_SUPPORTED: then a note names it and every
    // interface but the loopback stays a PDH instance, as before the IP bindings were read.
    const bool bindings_known = notes.empty();
    for (const auto& note : notes) {
        std::printf("network note: %s\n", note.c_str());
        EXPECT_EQ(note.rfind("GetIpInterfaceTable(AF_UNSPEC)", 0), 0u) << note;
    }
    ASSERT_FALSE(nics.empty());
    bool any_traffic = false;
    std::set<std::string> statuses;
    for (const auto& exporter : exporterOperStatuses()) {
        statuses.insert(exporter.first);
    }
    bool loopback_address = false;  // GetAdaptersAddresses joined to the GetIfTable2 rows
    for (const auto& nic : nics) {
        EXPECT_FALSE(nic.name.empty());
        // Whether PDH's Network Interface object lists it: never the loopback; an interface
        // with an IPv4 address other than loopback's is bound to IP (GetIpInterfaceTable).
        ASSERT_TRUE(nic.pdh_instance.has_value()) << nic.name;
        if (nic.type == "loopback") {
            EXPECT_FALSE(*nic.pdh_instance) << nic.name;
        } else if (!bindings_known ||
                   (!nic.ipv4.empty() && nic.ipv4.front().rfind("127.", 0) != 0)) {
            EXPECT_TRUE(*nic.pdh_instance) << nic.name;
        }
        any_traffic |= nic.bytes_received > 0;
        loopback_address |= std::count(nic.ipv4.begin(), nic.ipv4.end(), "127.0.0.1") > 0;
        // GetIfTable2 gives both for every row (InUnknownProtos, OutQLen).
        EXPECT_TRUE(nic.packets_received_unknown.has_value()) << nic.name;
        EXPECT_TRUE(nic.output_queue_length.has_value()) << nic.name;
        // Every OperStatus maps to one of windows_exporter's status values.
        EXPECT_EQ(statuses.count(nic.oper_status), 1u) << nic.name << ": " << nic.oper_status;
        for (const auto& [family, address] : nic.global_addresses) {
            EXPECT_TRUE(family == "ipv4" || family == "ipv6") << family;
            EXPECT_NE(address.rfind("127.", 0), 0u) << address;  // never loopback
            EXPECT_NE(address, "::1");
            EXPECT_NE(address.rfind("fe80:", 0), 0u) << address;  // never link-local
        }
    }
    EXPECT_TRUE(any_traffic);
    EXPECT_TRUE(loopback_address);
}

}  // namespace sysmetrics

#include "collectors/battery.h"
#include "collectors/disk.h"
#include "collectors/service.h"

namespace sysmetrics {

namespace {
int run(const std::wstring& command) {
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION info{};
    std::wstring line = command;
    if (!CreateProcessW(nullptr, line.data(), nullptr, nullptr, FALSE, CREATE_NO_WINDOW, nullptr,
                        nullptr, &startup, &info)) {
        return -1;
    }
    win::UniqueKernelHandle process(info.hProcess), thread(info.hThread);
    WaitForSingleObject(process.get(), 30000);
    DWORD code = 1;
    GetExitCodeProcess(process.get(), &code);
    return static_cast<int>(code);
}
}  // namespace

// PlugPlay is an automatic service, but one the test cannot assume is running at any instant: a
// wineserver that every Wine program left starts afresh, and services.exe starts its automatic
// services a moment after it answers. So the test starts it and waits for the reading to show it.
TEST(WindowsProbes, ServicesIncludeWineOwnAndOneWeCreate) {
    const std::wstring name = L"sysmetrics-probe-test";
    run(L"sc delete " + name);
    ASSERT_EQ(run(L"sc create " + name + L" binPath= \"C:\\probe\\none.exe --flag\" start= demand"),
              0);
    run(L"sc start PlugPlay");
    auto source = makeServiceSource();
    std::string last_error;
    std::vector<ServiceInfo> services;
    const bool plugplay_running = test::eventually([&] {
        auto reading = source->read();
        if (!reading.ok()) {
            last_error = reading.error().describe();
            return false;
        }
        services = std::move(reading.value());
        return std::any_of(services.begin(), services.end(), [](const ServiceInfo& s) {
            return s.name == "PlugPlay" && s.state == "running";
        });
    });
    run(L"sc delete " + name);
    ASSERT_FALSE(services.empty()) << "no successful read: " << last_error;
    EXPECT_TRUE(plugplay_running) << "PlugPlay not read as running within 30 s of sc start";
    const ServiceInfo* plugplay = nullptr;
    const ServiceInfo* ours = nullptr;
    for (const auto& s : services) {
        if (s.name == "PlugPlay")
            plugplay = &s;
        if (s.name == "sysmetrics-probe-test")
            ours = &s;
        EXPECT_NE(s.state, "unknown") << s.name;
    }
    ASSERT_NE(plugplay, nullptr);
    EXPECT_EQ(plugplay->state, "running");
    EXPECT_NE(plugplay->pid, 0u);
    // Its process's start time, from GetProcessTimes: after 2020, not in the future.
    EXPECT_GT(plugplay->process_start_time, 1577836800.0);
    EXPECT_LE(plugplay->process_start_time, wallSeconds() + 1);
    ASSERT_NE(ours, nullptr);
    EXPECT_EQ(ours->state, "stopped");
    EXPECT_EQ(ours->start_type, "manual");
    EXPECT_EQ(ours->path, "C:\\probe\\none.exe --flag");
    EXPECT_EQ(ours->pid, 0u);
}

TEST(WindowsProbes, BatteryAnswersAndDriveCHasSizeAboveFree) {
    auto battery = makeBatterySource()->read();
    ASSERT_TRUE(battery.ok()) << battery.error().describe();
    std::printf("battery present: %s\n", battery->present ? "yes" : "no");
    auto disks = makeDiskSource()->read();
    ASSERT_TRUE(disks.ok()) << disks.error().describe();
    const DiskInfo* c = nullptr;
    for (const auto& d : disks->disks) {
        if (d.volume == "C:")
            c = &d;
    }
    ASSERT_NE(c, nullptr);
    EXPECT_GT(c->size_bytes, c->free_bytes);
    EXPECT_GT(c->free_bytes, 0u);
    EXPECT_FALSE(c->fs_type.empty());
}

}  // namespace sysmetrics

#include "base/fault_injection.h"

namespace sysmetrics {

TEST(WindowsProbes, FaultMissingApiAcceptsOnlyTheExportsWeResolve) {
    EXPECT_TRUE(checkMissingApiName("NtQuerySystemInformation").ok());
    EXPECT_FALSE(checkMissingApiName("NtQuerySystemInfo").ok());  // a typo would fake nothing
    EXPECT_FALSE(checkMissingApiName("/proc/meminfo").ok());
}

}  // namespace sysmetrics

#include <set>

#include "base/windows/win_error.h"
#include "collectors/physical_disk.h"

namespace sysmetrics {

namespace {

// This test's own QueryDosDeviceW(NULL): the PhysicalDriveN numbers the system lists.
std::set<std::string> listedPhysicalDrives() {
    std::vector<wchar_t> buffer(1 << 20);
    const DWORD length = QueryDosDeviceW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    EXPECT_NE(length, 0u) << GetLastError();
    std::set<std::string> numbers;
    for (const auto n :
         physicalDriveNumbers(splitMultiString(win::toUtf8(buffer.data(), length)))) {
        numbers.insert(std::to_string(n));
    }
    return numbers;
}

bool mentions(const std::vector<std::string>& notes, const std::string& part) {
    for (const auto& note : notes) {
        if (note.find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

// PDH PhysicalDisk where the machine has it (real Windows), else IOCTL_DISK_PERFORMANCE on every
// PhysicalDriveN. Wine 8 has no PhysicalDisk object; it lists PhysicalDrive0 and opens it, but
// answers IOCTL_DISK_PERFORMANCE with ERROR_NOT_SUPPORTED: the documented failure path, where
// the drive is left out and named in a note instead of reported with made-up zeros.
TEST(WindowsProbes, PhysicalDisksFromPdhOrEveryListedDriveAccountedFor) {
    auto source = makePhysicalDiskSource();
    auto section = source->read();
    ASSERT_TRUE(section.ok()) << section.error().describe();
    const auto notes = source->notes();
    ASSERT_TRUE(section->source == "pdh" || section->source == "ioctl") << section->source;
    for (const auto& d : section->disks) {
        EXPECT_FALSE(d.disk.empty());
        EXPECT_NE(d.disk, "_Total");
        EXPECT_EQ(d.disk.find(' '), std::string::npos) << d.disk;  // "0 C:" cut to "0"
    }
    if (section->source == "pdh") {
        ASSERT_FALSE(section->disks.empty());
        return;
    }
    // Why PDH was not used is said, and every listed drive is a disk or a named failure.
    EXPECT_TRUE(mentions(notes, "reading IOCTL_DISK_PERFORMANCE")) << notes.size();
    std::set<std::string> read;
    for (const auto& d : section->disks) {
        read.insert(d.disk);
        ASSERT_TRUE(d.reads && d.read_seconds && d.idle_seconds && d.requests_queued &&
                    d.split_ios);
        EXPECT_EQ(d.read_latency_seconds, d.read_seconds);  // both ReadTime
    }
    for (const auto& number : listedPhysicalDrives()) {
        const std::string path = "\\\\.\\PhysicalDrive" + number;
        EXPECT_TRUE(read.count(number) == 1 || mentions(notes, path + ": ")) << path;
        EXPECT_FALSE(read.count(number) == 1 && mentions(notes, path + ": ")) << path;
    }
    // A second read gives the same disks (the counts carried across cycles) and fresh notes.
    auto again = source->read();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->disks.size(), section->disks.size());
    EXPECT_EQ(source->notes().size(), notes.size());
}

}  // namespace sysmetrics

#include "collectors/disk.h"

namespace sysmetrics {

namespace {

// This test's own FindFirstVolumeW / FindNextVolumeW: every volume GUID path listed.
std::set<std::string> listedVolumes() {
    std::set<std::string> volumes;
    wchar_t name[MAX_PATH + 1] = {};
    HANDLE find = FindFirstVolumeW(name, MAX_PATH);
    if (find == INVALID_HANDLE_VALUE) {
        return volumes;
    }
    do {
        volumes.insert(win::toUtf8(name));
    } while (FindNextVolumeW(find, name, MAX_PATH));
    FindVolumeClose(find);
    return volumes;
}

}  // namespace

// Volumes as PDH LogicalDisk names them, from FindFirstVolumeW: each named by its drive letter,
// mount folder or HarddiskVolumeN, with windows_exporter's info labels, and counters from PDH
// LogicalDisk, else IOCTL_DISK_PERFORMANCE on the volume, else absent with a note. Wine 8 lists
// its drives as volumes but has neither the LogicalDisk object nor the disk ioctls.
TEST(WindowsProbes, VolumesAreListedByGuidAndNamedAsLogicalDiskNamesThem) {
    auto source = makeDiskSource();
    auto section = source->read();
    ASSERT_TRUE(section.ok()) << section.error().describe();
    const auto notes = source->notes();
    ASSERT_TRUE(section->source == "pdh" || section->source == "ioctl") << section->source;
    const auto listed = listedVolumes();
    std::printf("source %s\n", section->source.c_str());
    for (const auto& note : notes) {
        std::printf("note: %s\n", note.c_str());
    }
    ASSERT_FALSE(section->disks.empty());
    std::set<std::string> names;
    for (const auto& d : section->disks) {
        std::printf("volume %s device %s nt %s mounts %zu type %s fs %s serial %s disk %s\n",
                    d.volume.c_str(), d.device.c_str(), d.nt_device.c_str(), d.mount_points.size(),
                    d.volume_type.c_str(), d.fs_type.c_str(), d.serial_number.c_str(),
                    d.disk_ids.c_str());
        EXPECT_EQ(listed.count(d.device), 1u) << d.device;       // a volume GUID path
        EXPECT_TRUE(names.insert(d.volume).second) << d.volume;  // one series per volume
        EXPECT_EQ(d.volume, logicalDiskName(d.mount_points, "\\Device\\" + d.nt_device));
        EXPECT_NE(d.volume.back(), '\\');
        EXPECT_FALSE(d.volume_type.empty());
        EXPECT_FALSE(d.serial_number.empty());
        EXPECT_EQ(d.serial_number.find_first_not_of("0123456789ABCDEF"), std::string::npos);
        EXPECT_GE(d.size_bytes, d.free_bytes);
        if (section->source == "ioctl" && !d.reads) {
            EXPECT_TRUE(mentions(notes, "volume \"" + d.volume + "\": "))
                << d.volume;  // said, not made up
            EXPECT_FALSE(d.idle_seconds || d.split_ios || d.requests_queued);
        }
    }
    EXPECT_EQ(names.count("C:"), 1u);
    if (section->source == "ioctl") {
        EXPECT_TRUE(mentions(notes, "reading IOCTL_DISK_PERFORMANCE")) << notes.size();
    }
    auto again = source->read();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->disks.size(), section->disks.size());
}

}  // namespace sysmetrics

#include "base/windows/registry.h"
#include "collectors/thermalzone.h"

namespace sysmetrics {

// windows_exporter's cpu_info per package: the packages cover every logical processor once, and
// each value is either SMBIOS's or explained in the collector's notes.
TEST(WindowsProbes, CpuInfoPackagesCoverEveryProcessorAndSayWhereValuesCameFrom) {
    auto source = makeCpuSource();
    auto sample = source->read();
    ASSERT_TRUE(sample.ok()) << sample.error().describe();
    const auto& packages = sample->info.packages;
    const auto notes = source->notes();
    for (const auto& note : notes) {
        std::printf("cpu note: %s\n", note.c_str());
    }
    ASSERT_FALSE(packages.empty());
    EXPECT_EQ(sample->info.sockets, packages.size());
    std::uint32_t logical = 0;
    for (std::size_t i = 0; i < packages.size(); i++) {
        const CpuPackageInfo& p = packages[i];
        std::printf(
            "%s: architecture %u family %u name '%s' description '%s' cores %u enabled %u "
            "logical %u threads %u l2 %llu KiB l3 %llu KiB (0: unknown)\n",
            p.device_id.c_str(), p.architecture, p.family, p.name.c_str(), p.description.c_str(),
            p.cores, p.enabled_cores, p.logical_processors, p.threads,
            static_cast<unsigned long long>(p.l2_cache_kib.value_or(0)),
            static_cast<unsigned long long>(p.l3_cache_kib.value_or(0)));
        EXPECT_EQ(p.device_id, "CPU" + std::to_string(i));
        // An x64 build runs on x64 Windows, or emulated on ARM64 Windows.
        EXPECT_TRUE(p.architecture == 9 || p.architecture == 12) << p.architecture;
        EXPECT_GE(p.logical_processors, 1u);
        EXPECT_GE(p.cores, 1u);
        EXPECT_GE(p.threads, 1u);
        logical += p.logical_processors;
        EXPECT_TRUE(p.family != 2 || mentions(notes, p.device_id + ": ")) << p.device_id;
        // A cache size no source gives is left out, and said.
        EXPECT_TRUE(p.l2_cache_kib || mentions(notes, "l2_cache_size")) << p.device_id;
        EXPECT_TRUE(p.l3_cache_kib || mentions(notes, "l3_cache_size")) << p.device_id;
    }
    EXPECT_EQ(logical, GetActiveProcessorCount(ALL_PROCESSOR_GROUPS));
    // The first package's strings are processor 0's registry values, without trailing spaces.
    std::string name = win::machineRegistryString(
        L"HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0", L"ProcessorNameString");
    name.erase(name.find_last_not_of(' ') + 1);
    EXPECT_EQ(packages[0].name, name);
    EXPECT_FALSE(packages[0].description.empty());
}

// PDH "Thermal Zone Information" where the machine has ACPI thermal zones; else no zone and a
// note saying so (most VMs, Wine), never a made-up temperature.
TEST(WindowsProbes, ThermalZonesFromPdhOrANoteWhyThereAreNone) {
    auto source = makeThermalZoneSource();
    auto section = source->read();
    ASSERT_TRUE(section.ok()) << section.error().describe();
    const auto notes = source->notes();
    for (const auto& note : notes) {
        std::printf("thermalzone note: %s\n", note.c_str());
    }
    if (section->zones.empty()) {
        EXPECT_TRUE(mentions(notes, "Thermal Zone Information")) << notes.size();
    }
    for (const auto& zone : section->zones) {
        std::printf("zone %s: %.2f C\n", zone.name.c_str(), zone.temperature_celsius.value_or(-1));
        EXPECT_FALSE(zone.name.empty());
        if (zone.temperature_celsius) {
            EXPECT_GT(*zone.temperature_celsius, -60.0);
            EXPECT_LT(*zone.temperature_celsius, 150.0);
        }
    }
}

// windows_exporter's process_group_id: RTL_USER_PROCESS_PARAMETERS ProcessGroupId, read from
// process memory only when asked for.
TEST(WindowsProbes, ProcessGroupIdIsReadOnlyWhenAskedFor) {
    const std::wstring exe = helperPath();
    std::wstring command = L"\"" + exe + L"\" 120";
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION info{};
    ASSERT_TRUE(CreateProcessW(exe.c_str(), command.data(), nullptr, nullptr, FALSE,
                               CREATE_NO_WINDOW | CREATE_NEW_PROCESS_GROUP, nullptr, nullptr,
                               &startup, &info))
        << GetLastError();
    win::UniqueKernelHandle thread(info.hThread), child(info.hProcess);
    struct Stop {
        HANDLE process;
        ~Stop() {
            TerminateProcess(process, 0);
            WaitForSingleObject(process, 5000);
        }
    } stop{child.get()};

    ProcessCollector off(makeProcessSource(ProcessSourceOptions{false, false}));
    ProcessCollector on(makeProcessSource(ProcessSourceOptions{false, true}));
    std::shared_ptr<const ProcessSection> without, with;
    auto bothSeeTheChild = [&] {
        without = collectProcesses(off);
        with = collectProcesses(on);
        const ProcessInfo* a = without ? without->find(info.dwProcessId) : nullptr;
        const ProcessInfo* b = with ? with->find(info.dwProcessId) : nullptr;
        return a && b && a->details && b->details && b->thread_count >= 1;
    };
    ASSERT_TRUE(test::eventually(bothSeeTheChild));
    for (DWORD pid : {GetCurrentProcessId(), info.dwProcessId}) {
        const ProcessDetails& plain = *without->find(pid)->details;
        const ProcessDetails& read = *with->find(pid)->details;
        EXPECT_FALSE(plain.process_group_id.has_value()) << pid;
        ASSERT_TRUE(read.process_group_id.has_value()) << pid;
        std::printf("pid %lu: process_group_id %u\n", static_cast<unsigned long>(pid),
                    *read.process_group_id);
        for (const auto& refused : read.access_denied) {
            EXPECT_NE(refused, "process_group_id") << pid;
        }
    }
}

}  // namespace sysmetrics
