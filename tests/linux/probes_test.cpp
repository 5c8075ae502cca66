// The real /proc probes on this machine.
#include <gtest/gtest.h>
#include <unistd.h>

#include "base/clock.h"
#include "collectors/memory.h"
#include "collectors/system.h"
#include "tests/common/eventually.h"

namespace sysmetrics {

TEST(LinuxProbes, MemoryMatchesSysconf) {
    auto memory = makeMemorySource()->read();
    ASSERT_TRUE(memory.ok()) << memory.error().describe();
    const double pages = static_cast<double>(sysconf(_SC_PHYS_PAGES));
    const double page_size = static_cast<double>(sysconf(_SC_PAGESIZE));
    EXPECT_NEAR(static_cast<double>(memory->physical_total_bytes), pages * page_size,
                pages * page_size * 0.01);
    EXPECT_GT(memory->physical_available_bytes, 0u);
    EXPECT_LE(memory->physical_available_bytes, memory->physical_total_bytes);
    EXPECT_TRUE(memory->meminfo.count("MemTotal"));
}

TEST(LinuxProbes, SystemIsSane) {
    auto system = makeSystemSource()->read();
    ASSERT_TRUE(system.ok()) << system.error().describe();
    char hostname[256] = {};
    gethostname(hostname, sizeof hostname - 1);
    EXPECT_EQ(system->hostname, hostname);
    EXPECT_EQ(system->os_family, "linux");
    EXPECT_GT(system->os_major, 0u);
    EXPECT_LT(system->boot_time, wallSeconds());
    EXPECT_GT(system->boot_time, 1e9);
    EXPECT_NEAR(system->boot_time + system->uptime_seconds, wallSeconds(), 5);
    EXPECT_EQ(system->logical_cpus, static_cast<std::uint32_t>(sysconf(_SC_NPROCESSORS_ONLN)));
    EXPECT_GT(system->processes, 0u);
    EXPECT_GE(system->threads, system->processes / 2);
}

}  // namespace sysmetrics

#include <chrono>
#include <ctime>
#include <thread>

#include "collectors/cpu.h"

namespace sysmetrics {

TEST(LinuxProbes, CpuHasOneEntryPerOnlineCpu) {
    auto source = makeCpuSource();
    auto sample = source->read();
    ASSERT_TRUE(sample.ok()) << sample.error().describe();
    EXPECT_EQ(sample->cores.size(), static_cast<std::size_t>(sysconf(_SC_NPROCESSORS_ONLN)));
    EXPECT_TRUE(sample->context_switches);
    EXPECT_TRUE(sample->load1);
}

TEST(LinuxProbes, BusyLoopingOneThreadRaisesUserTime) {
    auto source = makeCpuSource();
    auto before = source->read();
    ASSERT_TRUE(before.ok());
    // The spinner stops once it has had one second of CPU itself, however long a loaded machine
    // takes to give it that (the deadline only guards against a hang).
    std::thread spinner([&] {
        volatile std::uint64_t x = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        timespec used{};
        while (std::chrono::steady_clock::now() < deadline) {
            for (int i = 0; i < 100000; i++) {
                x = x + 1;
            }
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &used);
            if (used.tv_sec >= 1) {
                break;
            }
        }
    });
    spinner.join();
    auto after = source->read();
    ASSERT_TRUE(after.ok());
    // User time of a niced process (tests run under nice) is counted as "nice", not "user".
    double user_before = 0, user_after = 0;
    for (const auto& core : before->cores)
        user_before += modeValue(core.seconds, "user") + modeValue(core.seconds, "nice");
    for (const auto& core : after->cores)
        user_after += modeValue(core.seconds, "user") + modeValue(core.seconds, "nice");
    // One second of spinning on one thread: at least half of it shows as user (or nice) time.
    EXPECT_GE(user_after - user_before, 0.5);
}

}  // namespace sysmetrics

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/fault_injection.h"
#include "base/file_read.h"
#include "collectors/process_collector.h"

extern char** environ;

namespace sysmetrics {

namespace {

class Sleepers {
public:
    explicit Sleepers(int count) {
        for (int i = 0; i < count; i++) {
            pid_t pid = 0;
            char arg0[] = "sleep";
            char arg1[] = "120";
            char* argv[] = {arg0, arg1, nullptr};
            if (posix_spawnp(&pid, "sleep", nullptr, nullptr, argv, environ) == 0) {
                pids.push_back(pid);
            }
        }
    }
    ~Sleepers() {
        for (pid_t pid : pids) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
    }
    void killFirst(int count) {
        for (int i = 0; i < count && !pids.empty(); i++) {
            kill(pids.front(), SIGKILL);
            waitpid(pids.front(), nullptr, 0);
            killed.push_back(pids.front());
            pids.erase(pids.begin());
        }
    }
    std::vector<pid_t> pids;
    std::vector<pid_t> killed;
};

std::shared_ptr<const ProcessSection> collectProcesses(ProcessCollector& collector) {
    auto result = collector.collect();
    EXPECT_TRUE(result.ok());
    return std::dynamic_pointer_cast<const ProcessSection>(result.value());
}

// The state letter of /proc/PID/stat ('S' sleeping, 'R' running, ...), or 0 when unreadable.
char processState(pid_t pid) {
    const auto read = readTextFile("/proc/" + std::to_string(pid) + "/stat");
    const std::string text = read.ok() ? read.value() : std::string();
    const auto close = text.rfind(')');  // the name may hold spaces and parentheses
    return close != std::string::npos && close + 2 < text.size() ? text[close + 2] : 0;
}

// psutil's view of a process, for comparison: Debian's python3-psutil, so /usr/bin/python3.
nlohmann::json psutilView(pid_t pid) {
    const std::string command =
        "/usr/bin/python3 -c 'import psutil,json; p=psutil.Process(" + std::to_string(pid) +
        "); m=p.memory_info(); print(json.dumps({\"rss\": m.rss, \"threads\": p.num_threads(), "
        "\"ppid\": p.ppid(), \"create_time\": p.create_time(), \"name\": p.name()}))'";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
    std::string text;
    char buffer[512];
    while (pipe && fgets(buffer, sizeof buffer, pipe.get())) {
        text += buffer;
    }
    return nlohmann::json::parse(text);
}

}  // namespace

TEST(LinuxProbes, TwoHundredSleepersAreSeenWithTheirParentAndGoneWhenKilled) {
    Sleepers sleepers(200);
    ASSERT_EQ(sleepers.pids.size(), 200u);
    ProcessCollector collector(makeProcessSource(ProcessSourceOptions{false}));
    auto section = collectProcesses(collector);
    for (pid_t pid : sleepers.pids) {
        const ProcessInfo* p = section->find(static_cast<std::uint32_t>(pid));
        ASSERT_NE(p, nullptr) << pid;
        EXPECT_EQ(p->ppid, static_cast<std::uint32_t>(getpid()));
        EXPECT_EQ(p->name, "sleep");
    }
    const ProcessInfo* self = section->find(static_cast<std::uint32_t>(getpid()));
    ASSERT_NE(self, nullptr);
    ASSERT_TRUE(self->details);
    EXPECT_NE(self->details->exe.value_or("").find("probe_tests"), std::string::npos);
    EXPECT_NE(self->details->cmdline.value_or("").find("probe_tests"), std::string::npos);
    EXPECT_FALSE(self->details->owner.value_or("").empty());
    EXPECT_GE(section->stats.details_opened, 200u);

    std::map<pid_t, const ProcessDetails*> opened;
    for (pid_t pid : sleepers.pids) {
        opened[pid] = section->find(static_cast<std::uint32_t>(pid))->details.get();
    }

    sleepers.killFirst(5);
    section = collectProcesses(collector);
    for (pid_t pid : sleepers.killed) {
        EXPECT_EQ(section->find(static_cast<std::uint32_t>(pid)), nullptr) << pid;
    }
    // Steady state for what this test made: the survivors keep the details opened the first time
    // (other processes may start beside the test, so the cycle's total is not asserted).
    for (pid_t pid : sleepers.pids) {
        const ProcessInfo* p = section->find(static_cast<std::uint32_t>(pid));
        ASSERT_NE(p, nullptr) << pid;
        EXPECT_EQ(p->details.get(), opened[pid]) << "reopened " << pid;
    }
}

// The system collector keeps its process count up to a minute while tasks come and go, but a
// start of more than 5% of the processes counted is walked at once. Other tests start and end
// processes beside this one: a try counts only when walks of /proc around the start and the
// second read show no one else's, and then the second read must be the walk's count, not the
// first read's (which is more than the start away from it).
TEST(LinuxProbes, AMassStartShowsInTheProcessCountAtOnce) {
    const auto walk = [] {
        std::uint64_t count = 0;
        for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
            const std::string name = entry.path().filename().string();
            count += std::all_of(name.begin(), name.end(), ::isdigit) ? 1 : 0;
        }
        return count;
    };
    constexpr std::uint64_t kOthers = 6;  // processes other tests may start or end meanwhile
    const auto near = [](std::uint64_t a, std::uint64_t b) {
        return (a > b ? a - b : b - a) <= kOthers;
    };
    std::uint64_t last_read = 0, last_walk = 0;
    std::size_t last_started = 0;
    const bool shown = test::eventually(
        [&] {
            auto source = makeSystemSource();
            const auto first = source->read();
            if (!first.ok()) {
                ADD_FAILURE() << first.error().describe();
                return true;
            }
            const std::uint64_t quiet = walk();
            Sleepers sleepers(static_cast<int>(first->processes / 8) + 4 * kOthers);
            const std::uint64_t before = walk();
            const auto second = source->read();
            const std::uint64_t after = walk();
            if (!second.ok()) {
                ADD_FAILURE() << second.error().describe();
                return true;
            }
            last_started = sleepers.pids.size();
            last_read = second->processes;
            last_walk = before;
            const bool undisturbed =
                near(before, quiet + sleepers.pids.size()) && near(before, after);
            return undisturbed && near(second->processes, before);
        },
        std::chrono::seconds(60), std::chrono::milliseconds(50));
    EXPECT_TRUE(shown) << "last try: started " << last_started << ", counted " << last_read
                       << ", /proc had " << last_walk;
}

// Issue #20: steady cycles write each listing over the rows of sections no one holds any more;
// what they list is still exactly what runs: killed processes go, none is listed twice, every
// row is its own process's. A cycle after a long gap keeps no storage.
TEST(LinuxProbes, SteadyCyclesWriteOverEarlierRowsAndListOnlyWhatRuns) {
    Sleepers sleepers(30);
    ASSERT_EQ(sleepers.pids.size(), 30u);
    double clock = 1000;
    ProcessSourceOptions options{false};
    options.now = [&clock] { return clock; };
    auto owned = makeProcessSource(options);
    ProcessSource* source = owned.get();
    ProcessCollector collector(std::move(owned));
    std::set<const ProcessInfo*> storage_seen;
    int written_over = 0;
    std::shared_ptr<const ProcessSection> section;  // held as the snapshot store holds it
    for (int cycle = 0; cycle < 8; cycle++) {
        if (cycle == 3 || cycle == 6) {
            sleepers.killFirst(5);
        }
        clock += 15;
        section = collectProcesses(collector);
        ASSERT_TRUE(section);
        written_over += storage_seen.count(section->processes.data()) ? 1 : 0;
        storage_seen.insert(section->processes.data());
        EXPECT_NE(source->listingStorage(), nullptr) << "cycle " << cycle;  // for the next
        for (pid_t pid : sleepers.killed) {
            EXPECT_EQ(section->find(static_cast<std::uint32_t>(pid)), nullptr) << pid;
        }
        for (pid_t pid : sleepers.pids) {
            const ProcessInfo* p = section->find(static_cast<std::uint32_t>(pid));
            ASSERT_NE(p, nullptr) << "cycle " << cycle << ", pid " << pid;
            EXPECT_EQ(p->name, "sleep");
            EXPECT_EQ(p->ppid, static_cast<std::uint32_t>(getpid()));
            ASSERT_TRUE(p->details);
            EXPECT_NE(p->details->cmdline.value_or("").find("sleep 120"), std::string::npos);
        }
        for (std::size_t i = 1; i < section->processes.size(); i++) {
            EXPECT_LT(section->processes[i - 1].pid, section->processes[i].pid)
                << "cycle " << cycle;
        }
    }
    // Three tables take turns (the store's, the pool's, the listing); processes starting beside
    // the test can outgrow one now and then, but not every cycle.
    EXPECT_GE(written_over, 2);
    clock += 120;  // nobody read processes for two minutes: this cycle keeps nothing
    EXPECT_EQ(source->listingStorage(), nullptr);
    section = collectProcesses(collector);
    EXPECT_NE(section->find(static_cast<std::uint32_t>(sleepers.pids.front())), nullptr);
}

// A steady listing written over storage that holds more rows than there are processes ends
// with exactly the processes: none of the storage's rows is left behind as a ghost process.
TEST(LinuxProbes, AListingWrittenOverLongerStorageLeavesNoneOfItsRows) {
    Sleepers sleepers(5);
    double clock = 1000;
    ProcessSourceOptions options{false};
    options.now = [&clock] { return clock; };
    auto source = makeProcessSource(options);
    ASSERT_TRUE(source->list().ok());
    clock += 15;
    auto listed = source->list();
    ASSERT_TRUE(listed.ok());
    std::vector<ProcessInfo>* storage = source->listingStorage();
    ASSERT_NE(storage, nullptr);
    ProcessInfo ghost;
    ghost.pid = 0x7fffffff;
    ghost.name = "ghost";
    *storage = std::vector<ProcessInfo>(listed->processes.size() + 100, ghost);
    clock += 15;
    listed = source->list();
    ASSERT_TRUE(listed.ok());
    for (const ProcessInfo& p : listed->processes) {
        ASSERT_NE(p.pid, ghost.pid);
    }
    for (pid_t pid : sleepers.pids) {
        const auto found = std::find_if(
            listed->processes.begin(), listed->processes.end(),
            [pid](const ProcessInfo& p) { return p.pid == static_cast<std::uint32_t>(pid); });
        ASSERT_NE(found, listed->processes.end()) << pid;
        EXPECT_EQ(found->name, "sleep");
    }
}

TEST(LinuxProbes, ValuesAgreeWithPsutil) {
    Sleepers sleepers(1);
    ASSERT_EQ(sleepers.pids.size(), 1u);
    const auto sleeper = static_cast<std::uint32_t>(sleepers.pids[0]);
    ProcessCollector collector(makeProcessSource(ProcessSourceOptions{false}));
    // Listed under its own name once exec'd, but the loader may still be mapping libraries then:
    // its resident set settles when it blocks in nanosleep.
    auto asleep = [&] {
        auto section = collectProcesses(collector);
        const ProcessInfo* p = section->find(sleeper);
        return p != nullptr && p->name == "sleep" && processState(sleepers.pids[0]) == 'S';
    };
    ASSERT_TRUE(test::eventually(asleep));
    for (pid_t pid : {sleepers.pids[0], getpid()}) {
        // Our reads bracket psutil's, so a resident set still moving cannot fail the comparison.
        const auto before = collectProcesses(collector);
        const nlohmann::json theirs = psutilView(pid);
        const auto after = collectProcesses(collector);
        const ProcessInfo* ours = after->find(static_cast<std::uint32_t>(pid));
        const ProcessInfo* earlier = before->find(static_cast<std::uint32_t>(pid));
        ASSERT_NE(ours, nullptr);
        ASSERT_NE(earlier, nullptr);
        EXPECT_EQ(ours->ppid, theirs["ppid"].get<std::uint32_t>());
        EXPECT_EQ(ours->thread_count, theirs["threads"].get<std::uint32_t>());
        EXPECT_NEAR(ours->create_time, theirs["create_time"].get<double>(), 0.05);
        const double rss = theirs["rss"].get<double>();
        const double slack = rss * 0.2 + 65536;
        const auto [low, high] = std::minmax(earlier->working_set_bytes, ours->working_set_bytes);
        EXPECT_GE(rss + slack, static_cast<double>(low)) << "pid " << pid;
        EXPECT_LE(rss - slack, static_cast<double>(high)) << "pid " << pid;
        EXPECT_EQ(ours->name, theirs["name"].get<std::string>());
    }
}

}  // namespace sysmetrics

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "collectors/connection_collector.h"
#include "collectors/network.h"

namespace sysmetrics {

namespace {

struct Fd {
    int fd = -1;
    explicit Fd(int value) : fd(value) {}
    ~Fd() {
        if (fd >= 0)
            close(fd);
    }
};

std::uint16_t boundPort(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.ss_family == AF_INET ? reinterpret_cast<sockaddr_in&>(address).sin_port
                                              : reinterpret_cast<sockaddr_in6&>(address).sin6_port);
}

// `address` set to the loopback address of `af` (AF_INET or AF_INET6), port 0; returns its length.
socklen_t loopback(int af, sockaddr_storage& address) {
    address = {};
    if (af == AF_INET) {
        auto& in = reinterpret_cast<sockaddr_in&>(address);
        in.sin_family = AF_INET;
        in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return sizeof in;
    }
    auto& in6 = reinterpret_cast<sockaddr_in6&>(address);
    in6.sin6_family = AF_INET6;
    in6.sin6_addr = in6addr_loopback;
    return sizeof in6;
}

void checkListenerAndPair(int family) {
    const int af = family == 4 ? AF_INET : AF_INET6;
    Fd listener(socket(af, SOCK_STREAM, 0));
    ASSERT_GE(listener.fd, 0);
    sockaddr_storage address{};
    const socklen_t length = loopback(af, address);
    ASSERT_EQ(bind(listener.fd, reinterpret_cast<sockaddr*>(&address), length), 0);
    ASSERT_EQ(listen(listener.fd, 4), 0);
    const std::uint16_t port = boundPort(listener.fd);
    if (family == 4) {
        reinterpret_cast<sockaddr_in&>(address).sin_port = htons(port);
    } else {
        reinterpret_cast<sockaddr_in6&>(address).sin6_port = htons(port);
    }
    Fd client(socket(af, SOCK_STREAM, 0));
    ASSERT_EQ(connect(client.fd, reinterpret_cast<sockaddr*>(&address), length), 0);
    Fd server(accept(listener.fd, nullptr, nullptr));
    ASSERT_GE(server.fd, 0);
    const std::uint16_t client_port = boundPort(client.fd);

    auto rows = makeConnectionSource()->read(OwnerLookup::find);
    ASSERT_TRUE(rows.ok()) << rows.error().describe();
    bool listening = false, client_end = false, server_end = false;
    for (const auto& c : rows.value()) {
        if (c.proto != "tcp" || c.family != family)
            continue;
        const bool ours = c.pid == static_cast<std::uint32_t>(getpid());
        listening |= ours && c.state == "LISTEN" && c.local_port == port;
        client_end |= ours && c.state == "ESTABLISHED" && c.local_port == client_port &&
                      c.remote_port == port;
        server_end |= ours && c.state == "ESTABLISHED" && c.local_port == port &&
                      c.remote_port == client_port;
    }
    EXPECT_TRUE(listening) << "IPv" << family << " listener on " << port;
    EXPECT_TRUE(client_end) << "IPv" << family << " client end";
    EXPECT_TRUE(server_end) << "IPv" << family << " server end";
}

}  // namespace

TEST(LinuxProbes, ListenerAndConnectedPairCarryOurPidV4) {
    checkListenerAndPair(4);
}
TEST(LinuxProbes, ListenerAndConnectedPairCarryOurPidV6) {
    checkListenerAndPair(6);
}

TEST(LinuxProbes, LoopbackCountersRiseWithTraffic) {
    const auto loopback = [] {
        auto network = makeNetworkSource()->read();
        EXPECT_TRUE(network.ok());
        for (const auto& nic : network.value().interfaces) {
            if (nic.name == "lo")
                return nic;
        }
        ADD_FAILURE() << "no lo interface";
        return InterfaceInfo{};
    };
    const InterfaceInfo before = loopback();
    Fd a(socket(AF_INET, SOCK_DGRAM, 0)), b(socket(AF_INET, SOCK_DGRAM, 0));
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(b.fd, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
    to.sin_port = htons(boundPort(b.fd));
    const std::string payload(1000, 'x');
    for (int i = 0; i < 100; i++) {
        sendto(a.fd, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to),
               sizeof to);
    }
    const InterfaceInfo after = loopback();
    EXPECT_GE(after.bytes_sent - before.bytes_sent, 100u * 1000);
    EXPECT_GE(after.packets_received - before.packets_received, 100u);
    EXPECT_FALSE(after.ipv4.empty());
}

// The interfaces from NETLINK_ROUTE and from the fallback where it is refused (/proc/net/dev,
// /sys/class/net, getifaddrs) are the same: every property, every address, and counters that
// only rose in between (the fallback reads second).
TEST(LinuxProbes, RefusedRtnetlinkFallsBackToProcAndSysWithTheSameInterfaces) {
    auto netlink = makeNetworkSource();
    auto from_netlink = netlink->read();
    ASSERT_TRUE(from_netlink.ok()) << from_netlink.error().describe();
    EXPECT_TRUE(netlink->notes().empty());

    setMissingApisForTesting({"NETLINK_ROUTE"});
    auto refused = makeNetworkSource();
    auto from_sysfs = refused->read();
    const auto notes = refused->notes();
    setMissingApisForTesting({});
    ASSERT_TRUE(from_sysfs.ok()) << from_sysfs.error().describe();
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("RTM_GETLINK/RTM_GETADDR failed (Operation not permitted)"),
              std::string::npos)
        << notes[0];

    std::map<std::string, InterfaceInfo> by_name;
    for (const auto& nic : from_sysfs->interfaces) {
        by_name[nic.name] = nic;
    }
    ASSERT_EQ(from_netlink->interfaces.size(), by_name.size());
    bool loopback_seen = false;
    for (const auto& nic : from_netlink->interfaces) {
        SCOPED_TRACE(nic.name);
        ASSERT_TRUE(by_name.count(nic.name));
        const InterfaceInfo& other = by_name[nic.name];
        EXPECT_EQ(nic.friendly_name, other.friendly_name);
        EXPECT_EQ(nic.index, other.index);
        EXPECT_EQ(nic.mac, other.mac);
        EXPECT_EQ(nic.mtu, other.mtu);
        EXPECT_EQ(nic.type, other.type);
        EXPECT_EQ(nic.oper_status, other.oper_status);
        EXPECT_EQ(nic.speed_bits_per_second, other.speed_bits_per_second);
        EXPECT_EQ(nic.ipv4, other.ipv4);
        EXPECT_EQ(nic.ipv6, other.ipv6);
        EXPECT_LE(nic.bytes_received, other.bytes_received);
        EXPECT_LE(nic.bytes_sent, other.bytes_sent);
        EXPECT_LE(nic.packets_received, other.packets_received);
        EXPECT_LE(nic.packets_sent, other.packets_sent);
        EXPECT_LE(nic.receive_errors, other.receive_errors);
        EXPECT_LE(nic.transmit_errors, other.transmit_errors);
        EXPECT_LE(nic.receive_discards, other.receive_discards);
        EXPECT_LE(nic.transmit_discards, other.transmit_discards);
        loopback_seen |= nic.name == "lo" && nic.type == "loopback" && nic.bytes_received > 0;
    }
    EXPECT_TRUE(loopback_seen);
}

}  // namespace sysmetrics

#include "collectors/tcp.h"

namespace sysmetrics {

namespace {
TcpCounters linuxTcp() {
    auto tcp = makeTcpSource()->read();
    EXPECT_TRUE(tcp.ok()) << (tcp.ok() ? "" : tcp.error().describe());
    if (!tcp.ok() || tcp->families.size() != 1) {
        ADD_FAILURE() << "no Tcp counters";
        return TcpCounters{};
    }
    return tcp->families[0];
}
}  // namespace

// node_netstat_* had only the Tcp and Udp groups' fields: now every field node_exporter's
// default keeps, from /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6. A listener whose
// accept queue is full drops the SYNs beyond it, which TcpExt ListenOverflows counts.
TEST(LinuxProbes, NetstatFieldsOfTheThreeFilesCountAFullListenQueue) {
    const auto fieldOf = [](const char* name) -> std::optional<double> {
        auto tcp = makeTcpSource()->read();
        EXPECT_TRUE(tcp.ok()) << (tcp.ok() ? "" : tcp.error().describe());
        if (tcp.ok()) {
            for (const NetstatField& field : tcp->netstat) {
                if (field.name == name) {
                    return field.value;
                }
            }
        }
        return std::nullopt;
    };
    auto first = makeTcpSource()->read();
    ASSERT_TRUE(first.ok());
    for (const NetstatField& field : first->netstat) {
        EXPECT_TRUE(isExportedNetstatField(field.name)) << field.name;
    }
    std::vector<const char*> expected = {"Tcp_InSegs",      "Ip_Forwarding",      "Icmp_InMsgs",
                                         "Udp_InDatagrams", "TcpExt_ListenDrops", "IpExt_InOctets"};
    if (access("/proc/net/snmp6", F_OK) == 0) {
        expected.insert(expected.end(), {"Ip6_InOctets", "Icmp6_InMsgs", "Udp6_NoPorts"});
    }
    for (const char* name : expected) {
        EXPECT_TRUE(fieldOf(name).has_value()) << name;
    }
    const double before = fieldOf("TcpExt_ListenOverflows").value_or(-1);
    ASSERT_GE(before, 0);
    Fd listener(socket(AF_INET, SOCK_STREAM, 0));
    sockaddr_storage address{};
    const socklen_t length = loopback(AF_INET, address);
    ASSERT_EQ(bind(listener.fd, reinterpret_cast<sockaddr*>(&address), length), 0);
    ASSERT_EQ(listen(listener.fd, 0), 0);  // room for one connection nobody accepts
    reinterpret_cast<sockaddr_in&>(address).sin_port = htons(boundPort(listener.fd));
    const auto client = [] { return Fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)); };
    const Fd clients[] = {client(), client(), client(), client()};
    for (const Fd& c : clients) {
        connect(c.fd, reinterpret_cast<sockaddr*>(&address), length);
    }
    double after = before;
    EXPECT_TRUE(test::eventually([&] {
        after = fieldOf("TcpExt_ListenOverflows").value_or(-1);
        return after > before;
    })) << "ListenOverflows "
        << before << " -> " << after;
}

// /proc/net/snmp counts host-wide, so other tests' connections may add to the counts: only
// growth by at least ours is asserted, within a deadline.
TEST(LinuxProbes, TcpCountersCountALoopbackConnection) {
    const TcpCounters before = linuxTcp();
    EXPECT_EQ(before.family, "all");
    EXPECT_EQ(before.source, "/proc/net/snmp");
    EXPECT_GT(before.in_segs + before.out_segs, 0u);
    Fd listener(socket(AF_INET, SOCK_STREAM, 0));
    ASSERT_GE(listener.fd, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener.fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(listener.fd, 4), 0);
    address.sin_port = htons(boundPort(listener.fd));
    Fd client(socket(AF_INET, SOCK_STREAM, 0));
    ASSERT_EQ(connect(client.fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    Fd server(accept(listener.fd, nullptr, nullptr));
    ASSERT_GE(server.fd, 0);
    TcpCounters after;
    EXPECT_TRUE(test::eventually([&] {
        after = linuxTcp();
        return after.active_opens > before.active_opens &&
               after.passive_opens > before.passive_opens && after.curr_estab >= 2 &&
               after.out_segs >= before.out_segs + 3;  // SYN, SYN-ACK, ACK at least
    })) << "active "
        << before.active_opens << " -> " << after.active_opens << ", passive "
        << before.passive_opens << " -> " << after.passive_opens << ", established "
        << after.curr_estab;
}

}  // namespace sysmetrics

#include "collectors/battery.h"
#include "collectors/disk.h"
#include "collectors/service.h"

namespace sysmetrics {

TEST(LinuxProbes, RootFilesystemAppearsWithSaneSizes) {
    auto disks = makeDiskSource()->read();
    ASSERT_TRUE(disks.ok()) << disks.error().describe();
    const DiskInfo* root = nullptr;
    for (const auto& d : disks->disks) {
        if (d.volume == "/")
            root = &d;
        EXPECT_NE(d.fs_type, "proc");
        EXPECT_NE(d.fs_type, "sysfs");
    }
    ASSERT_NE(root, nullptr);
    EXPECT_GT(root->size_bytes, root->free_bytes);
    EXPECT_GE(root->free_bytes, root->available_bytes);
    EXPECT_GT(root->available_bytes, 0u);
}

TEST(LinuxProbes, BatteryAnswersWithoutErrorAndServicesAreUnsupported) {
    auto battery = makeBatterySource()->read();
    ASSERT_TRUE(battery.ok());
    std::printf("battery present here: %s\n", battery->present ? "yes" : "no");
    if (access("/sys/class/power_supply", F_OK) != 0) {
        EXPECT_FALSE(battery->present);
    }
    auto services = makeServiceSource()->read();
    ASSERT_FALSE(services.ok());
    EXPECT_EQ(services.error().code, ErrorCode::unsupported);
}

}  // namespace sysmetrics

#include <algorithm>
#include <optional>

namespace sysmetrics {

namespace {

// A child process that listens on 127.0.0.1 once told to, and exits when its pipe closes.
class ListeningChild {
public:
    ListeningChild() {
        int to_child[2], from_child[2];
        if (pipe(to_child) != 0 || pipe(from_child) != 0) {
            return;
        }
        pid = fork();
        if (pid == 0) {
            close(to_child[1]);
            close(from_child[0]);
            char go = 0;
            if (::read(to_child[0], &go, 1) != 1) {
                _exit(1);
            }
            const int fd = socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
                ::listen(fd, 1) != 0) {
                _exit(1);
            }
            const std::uint16_t port = boundPort(fd);
            if (::write(from_child[1], &port, sizeof port) != sizeof port) {
                _exit(1);
            }
            const ssize_t closed = ::read(to_child[0], &go, 1);  // until the parent closes it
            _exit(closed == 0 ? 0 : 1);
        }
        close(to_child[0]);
        close(from_child[1]);
        command_ = to_child[1];
        answer_ = from_child[0];
    }
    std::uint16_t listen() {
        const char go = 1;
        std::uint16_t port = 0;
        if (::write(command_, &go, 1) != 1 || ::read(answer_, &port, sizeof port) != sizeof port) {
            return 0;
        }
        return port;
    }
    ~ListeningChild() {
        close(command_);
        close(answer_);
        if (pid > 0) {
            waitpid(pid, nullptr, 0);
        }
    }
    pid_t pid = -1;

private:
    int command_ = -1, answer_ = -1;
};

std::optional<Connection> listenerOn(const std::vector<Connection>& rows, std::uint16_t port) {
    for (const auto& c : rows) {
        if (c.proto == "tcp" && c.family == 4 && c.state == "LISTEN" && c.local_port == port) {
            return c;
        }
    }
    return std::nullopt;
}

}  // namespace

TEST(LinuxProbes, ASocketOpenedAfterTheFirstReadIsFoundAndDropsWithItsProcess) {
    auto source = makeConnectionSource();
    auto child = std::make_unique<ListeningChild>();
    ASSERT_GT(child->pid, 0);
    ASSERT_TRUE(source->read(OwnerLookup::find).ok());
    EXPECT_TRUE(source->notes().empty()) << source->notes()[0];  // netlink answered
    const std::uint16_t port = child->listen();
    ASSERT_NE(port, 0);
    auto rows = source->read(OwnerLookup::find);
    ASSERT_TRUE(rows.ok()) << rows.error().describe();
    auto listener = listenerOn(rows.value(), port);
    ASSERT_TRUE(listener);
    EXPECT_EQ(listener->pid, static_cast<std::uint32_t>(child->pid));
    EXPECT_EQ(listener->local_address, "127.0.0.1");

    child.reset();  // the child exits, its socket closes
    rows = source->read(OwnerLookup::find);
    ASSERT_TRUE(rows.ok());
    EXPECT_FALSE(listenerOn(rows.value(), port));
}

// Issue #20: reads a moment apart write their rows over those of tables no one holds any more,
// and a socket closed since is gone from them.
TEST(LinuxProbes, SteadyConnectionReadsWriteOverEarlierRowsAndDropAClosedSocket) {
    auto owned = makeConnectionSource();
    ConnectionSource* source = owned.get();
    ConnectionCollector collector(std::move(owned));
    auto child = std::make_unique<ListeningChild>();
    ASSERT_GT(child->pid, 0);
    const std::uint16_t port = child->listen();
    ASSERT_NE(port, 0);
    std::shared_ptr<const ConnectionSection> section;
    for (int read = 0; read < 4; read++) {
        auto result = collector.collect();
        ASSERT_TRUE(result.ok()) << result.error().describe();
        section = std::dynamic_pointer_cast<const ConnectionSection>(result.value());
        ASSERT_TRUE(section);
        auto listener = listenerOn(section->connections, port);
        ASSERT_TRUE(listener) << "read " << read;
        EXPECT_EQ(listener->pid, static_cast<std::uint32_t>(child->pid));
    }
    EXPECT_NE(source->listingStorage(), nullptr);
    child.reset();  // the child exits, its socket closes
    auto result = collector.collect();
    ASSERT_TRUE(result.ok());
    section = std::dynamic_pointer_cast<const ConnectionSection>(result.value());
    EXPECT_FALSE(listenerOn(section->connections, port));
}

TEST(LinuxProbes, RefusedNetlinkFallsBackToProcNetWithTheSameRowsAndOwners) {
    Fd listener(socket(AF_INET6, SOCK_STREAM, 0));
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    ASSERT_EQ(bind(listener.fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(listener.fd, 1), 0);
    Fd udp(socket(AF_INET, SOCK_DGRAM, 0));
    sockaddr_in any{};
    any.sin_family = AF_INET;
    any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(udp.fd, reinterpret_cast<sockaddr*>(&any), sizeof any), 0);
    const std::uint16_t tcp_port = boundPort(listener.fd), udp_port = boundPort(udp.fd);
    // Bound, neither listening nor connecting: /proc/net/tcp does not list it, and a kernel of
    // 6.8 or later dumps it only when asked for TCP_BOUND_INACTIVE, which the collector is not.
    Fd bound_only(socket(AF_INET, SOCK_STREAM, 0));
    ASSERT_EQ(bind(bound_only.fd, reinterpret_cast<sockaddr*>(&any), sizeof any), 0);
    const std::uint16_t bound_port = boundPort(bound_only.fd);
    const auto lists_bound_only = [&](const std::vector<Connection>& rows) {
        return std::any_of(rows.begin(), rows.end(), [&](const Connection& c) {
            return c.proto == "tcp" && c.local_port == bound_port;
        });
    };

    const auto ours = [&](const std::vector<Connection>& rows) {
        std::vector<std::string> found;
        for (const auto& c : rows) {
            if (c.pid == static_cast<std::uint32_t>(getpid()) &&
                (c.local_port == tcp_port || c.local_port == udp_port)) {
                found.push_back(c.proto + std::to_string(c.family) + " " + c.state + " " +
                                c.local_address + ":" + std::to_string(c.local_port) + " > " +
                                c.remote_address + ":" + std::to_string(c.remote_port));
            }
        }
        std::sort(found.begin(), found.end());
        return found;
    };
    auto netlink = makeConnectionSource();
    auto from_netlink = netlink->read(OwnerLookup::find);
    ASSERT_TRUE(from_netlink.ok());
    EXPECT_TRUE(netlink->notes().empty());

    setMissingApisForTesting({"NETLINK_SOCK_DIAG"});
    auto refused = makeConnectionSource();
    auto from_proc = refused->read(OwnerLookup::find);
    const auto notes = refused->notes();
    setMissingApisForTesting({});
    ASSERT_TRUE(from_proc.ok());
    ASSERT_FALSE(notes.empty());
    EXPECT_NE(notes[0].find("netlink sock_diag refused"), std::string::npos) << notes[0];
    EXPECT_NE(notes[0].find("/proc/net/tcp"), std::string::npos) << notes[0];
    const auto expected =
        std::vector<std::string>{"tcp6 LISTEN ::1:" + std::to_string(tcp_port) + " > :::0",
                                 "udp4 NONE 127.0.0.1:" + std::to_string(udp_port) + " > :0"};
    EXPECT_EQ(ours(from_netlink.value()), expected);
    EXPECT_EQ(ours(from_proc.value()), expected);
    EXPECT_FALSE(lists_bound_only(from_netlink.value())) << "port " << bound_port;
    EXPECT_FALSE(lists_bound_only(from_proc.value())) << "port " << bound_port;

    // Without the one TCP dump of both families, a dump per family gives the same rows.
    setMissingApisForTesting({"TCPDIAG_GETSOCK"});
    auto per_family = makeConnectionSource();
    auto from_per_family = per_family->read(OwnerLookup::find);
    setMissingApisForTesting({});
    ASSERT_TRUE(from_per_family.ok());
    EXPECT_TRUE(per_family->notes().empty());
    EXPECT_EQ(ours(from_per_family.value()), expected);
    EXPECT_FALSE(lists_bound_only(from_per_family.value())) << "port " << bound_port;
}

TEST(LinuxProbes, ASecondReadWithNothingNewReadsFewDescriptorTables) {
    auto source = makeConnectionSource();
    ASSERT_TRUE(source->read(OwnerLookup::find).ok());
    const std::uint64_t first = source->lastDescriptorScans();
    EXPECT_GT(first, 1u);
    // Every process was read the first time; a later read reads only processes that started or
    // changed descriptors meanwhile. Tests running beside this one open and close sockets: one in
    // the table whose holder closed it before we looked starts a search of every process, so a
    // single read may scan them all. The steady state is the fewest scans over a few reads.
    std::uint64_t fewest = first;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (fewest >= first / 2 + 5 && std::chrono::steady_clock::now() < deadline) {
        ASSERT_TRUE(source->read(OwnerLookup::find).ok());
        fewest = std::min(fewest, source->lastDescriptorScans());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_LT(fewest, first / 2 + 5);
}

// Nobody reads owners (the default /metrics needs only counts by state): the table comes without
// pids and no descriptor table is read; the next read that wants owners finds them.
TEST(LinuxProbes, SkippingOwnersReadsNoDescriptorTablesAndFindingThemLaterWorks) {
    Fd listener(socket(AF_INET, SOCK_STREAM, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(listener.fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(listener.fd, 1), 0);
    const std::uint16_t port = boundPort(listener.fd);

    auto source = makeConnectionSource();
    auto counted = source->read(OwnerLookup::skip);
    ASSERT_TRUE(counted.ok()) << counted.error().describe();
    EXPECT_EQ(source->lastDescriptorScans(), 0u);
    auto row = listenerOn(counted.value(), port);
    ASSERT_TRUE(row);
    EXPECT_FALSE(row->pid);

    auto owned = source->read(OwnerLookup::find);
    ASSERT_TRUE(owned.ok());
    EXPECT_GT(source->lastDescriptorScans(), 0u);
    row = listenerOn(owned.value(), port);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->pid, static_cast<std::uint32_t>(getpid()));
}

// Without /proc/stat's boot time every start time would be wrong (ticks since boot read as Unix
// seconds, near 1970); the list fails with the reason instead, and recovers when it is back.
TEST(LinuxProbes, NoBootTimeMeansNoProcessListNotWrongStartTimes) {
    auto source = makeProcessSource(ProcessSourceOptions{false});
    setMissingApisForTesting({"/proc/stat"});
    auto listed = source->list();
    setMissingApisForTesting({});
    ASSERT_FALSE(listed.ok());
    EXPECT_NE(listed.error().describe().find("/proc/stat"), std::string::npos);
    EXPECT_NE(listed.error().describe().find("boot time"), std::string::npos);
    auto again = source->list();
    ASSERT_TRUE(again.ok());
    for (const auto& process : again.value().processes) {
        EXPECT_GT(process.create_time, 1e9) << process.pid;  // after 2001: counted from boot
    }
}

TEST(LinuxProbes, FaultMissingApiAcceptsOnlyProcAndSysPaths) {
    EXPECT_TRUE(checkMissingApiName("/proc/meminfo").ok());
    EXPECT_FALSE(checkMissingApiName("/prco/meminfo").ok());
    EXPECT_FALSE(checkMissingApiName("NtQuerySystemInformation").ok());  // not on Linux
}

}  // namespace sysmetrics

#include <dirent.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <sstream>

#include "collectors/physical_disk.h"

namespace sysmetrics {

namespace {

// /sys/block/<name>/stat: the same counters as /proc/diskstats without the name columns.
std::vector<std::uint64_t> sysBlockStat(const std::string& name) {
    std::ifstream file("/sys/block/" + name + "/stat");
    std::vector<std::uint64_t> values;
    std::uint64_t value = 0;
    while (file >> value) {
        values.push_back(value);
    }
    return values;
}

}  // namespace

TEST(LinuxProbes, PhysicalDisksAreTheWholeDisksOfSysBlock) {
    auto source = makePhysicalDiskSource();
    auto section = source->read();
    ASSERT_TRUE(section.ok()) << section.error().describe();
    EXPECT_EQ(section->source, "diskstats");
    std::set<std::string> expected;
    if (const std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir("/sys/block"), &::closedir); dir) {
        while (const dirent* entry = ::readdir(dir.get())) {
            struct stat info {};
            const std::string name = entry->d_name;
            if (name[0] != '.' && ::stat(("/sys/block/" + name + "/device").c_str(), &info) == 0) {
                expected.insert(name);
            }
        }
    }
    std::set<std::string> seen;
    for (const auto& d : section->disks) {
        seen.insert(d.disk);
        // Counted before this later read of the kernel's own per-disk file: never above it.
        const auto stat = sysBlockStat(d.disk);
        ASSERT_GE(stat.size(), 11u) << d.disk;
        ASSERT_TRUE(d.reads && d.read_bytes && d.writes && d.requests_queued) << d.disk;
        EXPECT_LE(*d.reads, stat[0]) << d.disk;
        EXPECT_LE(*d.read_bytes, stat[2] * 512) << d.disk;
        EXPECT_LE(*d.writes, stat[4]) << d.disk;
        EXPECT_FALSE(d.split_ios);
        EXPECT_FALSE(d.idle_seconds);
    }
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(source->notes().size(), 2u);  // split I/Os and idle time named as absent
}

}  // namespace sysmetrics

#include <dirent.h>

#include "collectors/thermalzone.h"

namespace sysmetrics {

// node_exporter's thermal_zone: every readable /sys/class/thermal/thermal_zoneN, or none and a
// note (containers and most VMs have none).
TEST(LinuxProbes, ThermalZonesAreTheSysfsZonesOrANoteWhyNone) {
    std::size_t listed = 0;
    if (DIR* dir = opendir("/sys/class/thermal")) {
        while (const dirent* entry = readdir(dir)) {
            listed += std::string(entry->d_name).rfind("thermal_zone", 0) == 0;
        }
        closedir(dir);
    }
    auto source = makeThermalZoneSource();
    auto section = source->read();
    ASSERT_TRUE(section.ok()) << section.error().describe();
    EXPECT_LE(section->zones.size(), listed);
    for (const auto& zone : section->zones) {
        EXPECT_EQ(zone.name.find_first_not_of("0123456789"), std::string::npos) << zone.name;
        EXPECT_TRUE(zone.temperature_celsius.has_value()) << zone.name;
    }
    const auto notes = source->notes();
    if (section->zones.empty()) {
        ASSERT_EQ(notes.size(), 1u);
        EXPECT_NE(notes[0].find("/sys/class/thermal"), std::string::npos);
    } else {
        EXPECT_TRUE(notes.empty());
    }
}

// Sends one loopback datagram to a bound socket and one to a port nobody has, over `family`,
// and waits for the UdpCounters of that family to count them.
void checkUdpCountersGrow(int family) {
    const std::string name = family == AF_INET ? "ipv4" : "ipv6";
    const auto counters = [&] {
        auto tcp = makeTcpSource()->read();
        EXPECT_TRUE(tcp.ok()) << (tcp.ok() ? "" : tcp.error().describe());
        if (tcp.ok()) {
            for (const UdpCounters& udp : tcp->udp) {
                if (udp.family == name) {
                    return udp;
                }
            }
        }
        ADD_FAILURE() << "no " << name << " UDP counters";
        return UdpCounters{};
    };
    const UdpCounters before = counters();
    EXPECT_TRUE(before.receive_buffer_errors.has_value());
    sockaddr_storage address{};
    const socklen_t length = loopback(family, address);
    const auto withPort = [&](std::uint16_t port) {
        sockaddr_storage to = address;
        if (family == AF_INET) {
            reinterpret_cast<sockaddr_in&>(to).sin_port = htons(port);
        } else {
            reinterpret_cast<sockaddr_in6&>(to).sin6_port = htons(port);
        }
        return to;
    };
    Fd receiver(socket(family, SOCK_DGRAM, 0));
    ASSERT_EQ(bind(receiver.fd, reinterpret_cast<sockaddr*>(&address), length), 0);
    const sockaddr_storage to = withPort(boundPort(receiver.fd));
    sockaddr_storage nobody{};
    {
        Fd closed(socket(family, SOCK_DGRAM, 0));
        ASSERT_EQ(bind(closed.fd, reinterpret_cast<sockaddr*>(&address), length), 0);
        nobody = withPort(boundPort(closed.fd));
    }
    Fd sender(socket(family, SOCK_DGRAM, 0));
    const char datagram[] = "sysmetrics";
    ASSERT_EQ(sendto(sender.fd, datagram, sizeof datagram, 0,
                     reinterpret_cast<const sockaddr*>(&to), length),
              static_cast<ssize_t>(sizeof datagram));
    char got[32];
    ASSERT_EQ(recv(receiver.fd, got, sizeof got, 0), static_cast<ssize_t>(sizeof datagram));
    sendto(sender.fd, datagram, sizeof datagram, 0, reinterpret_cast<const sockaddr*>(&nobody),
           length);
    UdpCounters after;
    EXPECT_TRUE(test::eventually([&] {
        after = counters();
        return after.in_datagrams > before.in_datagrams &&
               after.out_datagrams >= before.out_datagrams + 2 && after.no_ports > before.no_ports;
    })) << name
        << ": in " << before.in_datagrams << " -> " << after.in_datagrams << ", out "
        << before.out_datagrams << " -> " << after.out_datagrams << ", no port " << before.no_ports
        << " -> " << after.no_ports;
}

TEST(LinuxProbes, UdpCountersCountLoopbackDatagramsAndOneToAPortNobodyHas) {
    checkUdpCountersGrow(AF_INET);
}

TEST(LinuxProbes, Udp6CountersCountLoopbackDatagramsAndOneToAPortNobodyHas) {
    if (access("/proc/net/snmp6", F_OK) != 0) {
        GTEST_SKIP() << "this kernel has no IPv6 (no /proc/net/snmp6)";
    }
    checkUdpCountersGrow(AF_INET6);
}

}  // namespace sysmetrics
