#include "collectors/process.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <ostream>

#include "base/counter_rate.h"
#include "base/nt_time.h"
#include "base/text_parse.h"
#include "collectors/nt_layouts.h"

namespace sysmetrics {

namespace {

namespace spi = system_process_information;
namespace sti = system_thread_information;

template <typename T>
void keepMonotonic(std::optional<T>& current, const std::optional<T>& before) {
    if (current && before && *current < *before) {
        current = before;
    }
}

// Empty when the value has no name.
std::string_view threadStateName(std::uint32_t state) {
    static constexpr std::string_view kNames[] = {
        "initialized", "ready",      "running",        "standby",   "terminated",
        "waiting",     "transition", "deferred_ready", "gate_wait", "waiting_for_process_swap"};
    return state < std::size(kNames) ? kNames[state] : std::string_view();
}

std::string_view waitReasonName(std::uint32_t reason) {
    static constexpr std::string_view kNames[] = {
        "Executive",        "FreePage",          "PageIn",
        "PoolAllocation",   "DelayExecution",    "Suspended",
        "UserRequest",      "WrExecutive",       "WrFreePage",
        "WrPageIn",         "WrPoolAllocation",  "WrDelayExecution",
        "WrSuspended",      "WrUserRequest",     "WrSpare0",
        "WrQueue",          "WrLpcReceive",      "WrLpcReply",
        "WrVirtualMemory",  "WrPageOut",         "WrRendezvous",
        "WrKeyedEvent",     "WrTerminated",      "WrProcessInSwap",
        "WrCpuRateControl", "WrCalloutStack",    "WrKernel",
        "WrResource",       "WrPushLock",        "WrMutex",
        "WrQuantumEnd",     "WrDispatchInt",     "WrPreempted",
        "WrYieldExecution", "WrFastMutex",       "WrGuardedMutex",
        "WrRundown",        "WrAlertByThreadId", "WrDeferredPreempt",
        "WrPhysicalFault",  "WrIoRing",          "WrMdlCache"};
    return reason < std::size(kNames) ? kNames[reason] : std::string_view();
}

// Entries the walk of parseNtProcessBuffer visits, counted by the same rules, so its vector is
// allocated once.
std::size_t countNtProcessEntries(const std::uint8_t* data, std::size_t size) {
    std::size_t count = 0;
    std::size_t offset = 0;
    while (data && offset + spi::kSize <= size) {
        count++;
        const auto next = readAt<std::uint32_t>(data + offset, spi::kNextEntryOffset);
        if (next == 0 || next < spi::kSize) {
            break;
        }
        offset += next;
    }
    return count;
}

// UTF-16LE at `data` (a checked range of `bytes`; an odd last byte is ignored) into `out`.
// Image names are nearly always short and ASCII: those are narrowed in one pass on the stack,
// without a UTF-16 copy; the others go through utf16ToUtf8.
void imageNameToUtf8(const std::uint8_t* data, std::size_t bytes, std::string& out) {
    const std::size_t units = bytes / 2;
    char narrow[256];
    if (units <= sizeof narrow) {
        std::uint16_t seen = 0;
        for (std::size_t i = 0; i < units; i++) {
            const auto unit = readAt<std::uint16_t>(data, 2 * i);
            seen |= unit;
            narrow[i] = static_cast<char>(unit);
        }
        if (seen < 0x80) {
            out.assign(narrow, units);
            return;
        }
    }
    std::u16string wide(units, u'\0');
    for (std::size_t i = 0; i < units; i++) {
        wide[i] = static_cast<char16_t>(readAt<std::uint16_t>(data, 2 * i));
    }
    out = utf16ToUtf8(wide);
}

// The walk of both readers: `new_entry()` gives the default ProcessInfo to fill, in place.
template <typename NewEntry>
void walkNtProcessBuffer(const std::uint8_t* data, std::size_t size, bool with_threads,
                         NewEntry&& new_entry) {
    std::size_t offset = 0;
    while (data && offset + spi::kSize <= size) {
        const std::uint8_t* at = data + offset;
        const auto u32 = [&](std::size_t field) { return readAt<std::uint32_t>(at, field); };
        const auto u64 = [&](std::size_t field) { return readAt<std::uint64_t>(at, field); };
        const auto i64 = [&](std::size_t field) { return readAt<std::int64_t>(at, field); };
        const std::uint32_t next = u32(spi::kNextEntryOffset);
        const std::uint32_t threads = u32(spi::kNumberOfThreads);
        ProcessInfo& p = new_entry();
        p.pid = static_cast<std::uint32_t>(u64(spi::kUniqueProcessId));
        p.ppid = static_cast<std::uint32_t>(u64(spi::kInheritedFromProcessId));
        p.create_time = unixFromFiletime(i64(spi::kCreateTime));
        p.user_seconds = ticksToSeconds(i64(spi::kUserTime));
        p.kernel_seconds = ticksToSeconds(i64(spi::kKernelTime));
        p.base_priority = readAt<std::int32_t>(at, spi::kBasePriority);
        p.handles = u32(spi::kHandleCount);
        p.session_id = u32(spi::kSessionId);
        p.virtual_peak_bytes = u64(spi::kPeakVirtualSize);
        p.virtual_bytes = u64(spi::kVirtualSize);
        p.page_faults = u32(spi::kPageFaultCount);
        p.page_faults_wrap_32 = true;
        p.working_set_peak_bytes = u64(spi::kPeakWorkingSetSize);
        p.working_set_bytes = u64(spi::kWorkingSetSize);
        p.working_set_private_bytes = u64(spi::kWorkingSetPrivateSize);
        p.paged_pool_bytes = u64(spi::kQuotaPagedPoolUsage);
        p.nonpaged_pool_bytes = u64(spi::kQuotaNonPagedPoolUsage);
        p.page_file_bytes = u64(spi::kPagefileUsage);
        p.private_bytes = u64(spi::kPrivatePageCount);
        p.io_read_ops = u64(spi::kReadOperationCount);
        p.io_write_ops = u64(spi::kWriteOperationCount);
        p.io_other_ops = u64(spi::kOtherOperationCount);
        p.io_read_bytes = u64(spi::kReadTransferCount);
        p.io_write_bytes = u64(spi::kWriteTransferCount);
        p.io_other_bytes = u64(spi::kOtherTransferCount);
        p.thread_count = threads;

        // The image name's buffer points into the same block: find it by its address relative
        // to this entry's pointer, never trusting it beyond the buffer.
        const std::uint16_t name_bytes = readAt<std::uint16_t>(at, spi::kImageNameLength);
        const std::uint64_t name_address = u64(spi::kImageNameBuffer);
        const auto base = reinterpret_cast<std::uintptr_t>(data);
        // Subtract before comparing: a wild pointer near the top of memory would wrap an addition
        // (found by fuzz_parsers).
        if (name_bytes > 0 && name_address >= base && name_address - base <= size &&
            name_bytes <= size - (name_address - base)) {
            imageNameToUtf8(data + static_cast<std::size_t>(name_address - base), name_bytes,
                            p.name);
        } else if (p.pid == 0) {
            p.name = "System Idle Process";
        }

        const std::size_t threads_end = offset + spi::kSize + std::size_t{threads} * sti::kSize;
        if (with_threads && threads_end <= size) {
            p.threads.reserve(threads);
            for (std::uint32_t t = 0; t < threads; t++) {
                const std::uint8_t* th = at + spi::kSize + std::size_t{t} * sti::kSize;
                ThreadInfo& info = p.threads.emplace_back();
                info.tid =
                    static_cast<std::uint32_t>(readAt<std::uint64_t>(th, sti::kUniqueThread));
                info.kernel_seconds = ticksToSeconds(readAt<std::int64_t>(th, sti::kKernelTime));
                info.user_seconds = ticksToSeconds(readAt<std::int64_t>(th, sti::kUserTime));
                const double created = unixFromFiletime(readAt<std::int64_t>(th, sti::kCreateTime));
                if (created > 0) {
                    info.create_time = created;
                }
                info.start_address = readAt<std::uint64_t>(th, sti::kStartAddress);
                info.priority = readAt<std::int32_t>(th, sti::kPriority);
                info.base_priority = readAt<std::int32_t>(th, sti::kBasePriority);
                info.context_switches = readAt<std::uint32_t>(th, sti::kContextSwitches);
                // Codes: named where they are output.
                info.state = ThreadState::nt(readAt<std::uint32_t>(th, sti::kThreadState));
                info.wait_reason = readAt<std::uint32_t>(th, sti::kWaitReason);
            }
        }
        if (next == 0 || next < spi::kSize) {
            break;  // the last entry, or a malformed link that would loop or overlap
        }
        offset += next;
    }
}

}  // namespace

ProcessIdentity identityOf(const ProcessInfo& process) {
    return ProcessIdentity{process.pid,
                           static_cast<std::int64_t>(std::llround(process.create_time * 1000))};
}

const ProcessInfo* ProcessSection::find(std::uint32_t pid) const {
    auto it =
        std::lower_bound(processes.begin(), processes.end(), pid,
                         [](const ProcessInfo& p, std::uint32_t value) { return p.pid < value; });
    return it != processes.end() && it->pid == pid ? &*it : nullptr;
}

void ProcessTracker::update(std::vector<ProcessInfo>& processes, double now,
                            std::uint32_t logical_cpus, double wall_now) {
    generation_++;
    const double cpus = std::max<std::uint32_t>(1, logical_cpus);
    for (auto& p : processes) {
        std::optional<std::uint32_t> page_faults_raw;
        if (p.page_faults_wrap_32 && p.page_faults) {
            page_faults_raw = static_cast<std::uint32_t>(*p.page_faults);
        }
        auto [it, added] = previous_.try_emplace(identityOf(p));
        if (added && wall_now > 0 && p.create_time > 0 && wall_now > p.create_time) {
            const double lifetime = wall_now - p.create_time;
            const double used = p.user_seconds + p.kernel_seconds;
            p.cpu_percent = std::clamp(used / lifetime * 100.0, 0.0, 100.0 * cpus);
            p.cpu_percent_total = *p.cpu_percent / cpus;
        }
        if (!added) {
            const Previous& before = it->second;
            // A counter of one process never goes backwards, even when a source stumbles.
            p.user_seconds = std::max(p.user_seconds, before.user_seconds);
            p.kernel_seconds = std::max(p.kernel_seconds, before.kernel_seconds);
            keepMonotonic(p.io_read_bytes, before.io_read_bytes);
            keepMonotonic(p.io_write_bytes, before.io_write_bytes);
            keepMonotonic(p.io_other_bytes, before.io_other_bytes);
            keepMonotonic(p.io_read_ops, before.io_read_ops);
            keepMonotonic(p.io_write_ops, before.io_write_ops);
            keepMonotonic(p.io_other_ops, before.io_other_ops);
            if (p.page_faults_wrap_32 && p.page_faults && before.page_faults &&
                before.page_faults_raw) {
                // Modulo 2^32: after a wrap the count goes on from where it was, not flat.
                const auto raw = static_cast<std::uint32_t>(*p.page_faults);
                p.page_faults =
                    *before.page_faults + static_cast<std::uint32_t>(raw - *before.page_faults_raw);
            } else {
                keepMonotonic(p.page_faults, before.page_faults);
            }
            keepMonotonic(p.major_page_faults, before.major_page_faults);
            const double elapsed = now - before.at;
            if (elapsed > 0) {
                const double used = p.user_seconds + p.kernel_seconds - before.cpu_seconds;
                p.cpu_percent = std::max(0.0, used / elapsed * 100.0);
                p.cpu_percent_total = *p.cpu_percent / cpus;
                p.io_read_bytes_per_second =
                    perSecond(before.io_read_bytes, p.io_read_bytes, elapsed);
                p.io_write_bytes_per_second =
                    perSecond(before.io_write_bytes, p.io_write_bytes, elapsed);
            }
        }
        Previous& record = it->second;
        record.generation = generation_;
        record.cpu_seconds = p.user_seconds + p.kernel_seconds;
        record.user_seconds = p.user_seconds;
        record.kernel_seconds = p.kernel_seconds;
        record.at = now;
        record.io_read_bytes = p.io_read_bytes;
        record.io_write_bytes = p.io_write_bytes;
        record.io_other_bytes = p.io_other_bytes;
        record.io_read_ops = p.io_read_ops;
        record.io_write_ops = p.io_write_ops;
        record.io_other_ops = p.io_other_ops;
        record.page_faults = p.page_faults;
        record.page_faults_raw = page_faults_raw;
        record.major_page_faults = p.major_page_faults;
    }
    for (auto it = previous_.begin(); it != previous_.end();) {
        it = it->second.generation == generation_ ? std::next(it) : previous_.erase(it);
    }
}

std::string ThreadState::text() const {
    return size_ == kNt ? windowsThreadState(code_) : std::string(text_, size_);
}

std::ostream& operator<<(std::ostream& out, const ThreadState& state) {
    return out << state.text();
}

std::string windowsThreadState(std::uint32_t state) {
    const std::string_view name = threadStateName(state);
    return name.empty() ? "unknown(" + std::to_string(state) + ")" : std::string(name);
}

std::string windowsWaitReason(std::uint32_t reason) {
    const std::string_view name = waitReasonName(reason);
    return name.empty() ? "Unknown(" + std::to_string(reason) + ")" : std::string(name);
}

std::vector<NtProcessEntry> parseNtProcessBuffer(const std::uint8_t* data, std::size_t size,
                                                 bool with_threads) {
    std::vector<NtProcessEntry> entries;
    entries.reserve(countNtProcessEntries(data, size));
    walkNtProcessBuffer(data, size, with_threads,
                        [&]() -> ProcessInfo& { return entries.emplace_back().info; });
    return entries;
}

void refillNtProcesses(const std::uint8_t* data, std::size_t size, bool with_threads,
                       std::vector<ProcessInfo>& listing) {
    listing.reserve(countNtProcessEntries(data, size));
    std::size_t used = 0;
    walkNtProcessBuffer(data, size, with_threads, [&]() -> ProcessInfo& {
        if (used == listing.size()) {
            used++;
            return listing.emplace_back();
        }
        // A default ProcessInfo again, but for the storage of its name and threads.
        ProcessInfo& p = listing[used++];
        std::string name = std::move(p.name);
        std::vector<ThreadInfo> threads = std::move(p.threads);
        p = ProcessInfo();
        name.clear();
        threads.clear();
        p.name = std::move(name);
        p.threads = std::move(threads);
        return p;
    });
    listing.erase(listing.begin() + static_cast<std::ptrdiff_t>(used), listing.end());
}

std::optional<LinuxStat> parseProcStat(std::string_view text) {
    const auto open = text.find('(');
    const auto close = text.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
        return std::nullopt;
    }
    LinuxStat stat;
    const auto pid = parseUnsigned(trim(text.substr(0, open)));
    if (!pid) {
        return std::nullopt;
    }
    stat.pid = static_cast<std::uint32_t>(*pid);
    stat.comm = std::string(text.substr(open + 1, close - open - 1));
    // Read every cycle for every process that changed: only the fields up to rss are split.
    std::string_view fields[22];
    if (firstFields(text.substr(close + 1), fields, std::size(fields)) < std::size(fields)) {
        return std::nullopt;
    }
    const auto u = [&](std::size_t i) { return parseUnsigned(fields[i]).value_or(0); };
    const auto s = [&](std::size_t i) { return parseSigned(fields[i]).value_or(0); };
    stat.state = std::string(fields[0]);
    stat.ppid = static_cast<std::uint32_t>(u(1));
    stat.minflt = u(7);
    stat.majflt = u(9);
    stat.utime = u(11);
    stat.stime = u(12);
    stat.priority = s(15);
    stat.nice = s(16);
    stat.num_threads = static_cast<std::uint32_t>(u(17));
    stat.starttime = u(19);
    stat.vsize = u(20);
    stat.rss_pages = s(21);
    return stat;
}

namespace {

// The value of a status line after its "Key:", in bytes where the kernel writes "kB".
std::optional<std::uint64_t> statusValue(std::string_view rest) {
    std::size_t i = 0;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) {
        i++;
    }
    std::size_t end = i;
    while (end < rest.size() && rest[end] != ' ' && rest[end] != '\t') {
        end++;
    }
    const auto value = parseUnsigned(rest.substr(i, end - i));
    if (!value) {
        return std::nullopt;
    }
    return trim(rest.substr(end)) == "kB" ? *value * 1024 : *value;
}

}  // namespace

// Called for every process at its periodic full read, so it looks only at the five keys it
// wants (of about 55 lines) and allocates nothing.
LinuxStatus parseProcStatus(std::string_view text) {
    LinuxStatus status;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view key = line.substr(0, colon);
        std::optional<std::uint64_t>* target = nullptr;
        if (key == "VmHWM") {
            target = &status.vm_hwm_bytes;
        } else if (key == "VmPeak") {
            target = &status.vm_peak_bytes;
        } else if (key == "VmSwap") {
            target = &status.vm_swap_bytes;
        } else if (key == "RssAnon") {
            target = &status.rss_anon_bytes;
        } else if (key != "Uid") {
            continue;
        }
        const auto value = statusValue(line.substr(colon + 1));
        if (!value) {
            continue;
        }
        if (target) {
            *target = *value;
        } else {
            status.uid = static_cast<std::uint32_t>(*value);  // the real uid, first of four
        }
    }
    return status;
}

LinuxStatus statusOf(const ProcessInfo& process) {
    LinuxStatus status;
    status.uid = process.uid;
    status.vm_hwm_bytes = process.working_set_peak_bytes;
    status.rss_anon_bytes = process.private_bytes;
    status.vm_peak_bytes = process.virtual_peak_bytes;
    status.vm_swap_bytes = process.page_file_bytes;
    return status;
}

std::optional<LinuxIo> parseProcIo(std::string_view text) {
    LinuxIo io;
    int found = 0;
    while (!text.empty()) {  // line by line, allocating nothing: read at every periodic reread
        const auto newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view key = line.substr(0, colon);
        const auto value = parseUnsigned(trim(line.substr(colon + 1)));
        if (!value) {
            continue;
        }
        if (key == "rchar") {
            io.rchar = *value, found++;
        } else if (key == "wchar") {
            io.wchar = *value, found++;
        } else if (key == "syscr") {
            io.syscr = *value, found++;
        } else if (key == "syscw") {
            io.syscw = *value, found++;
        }
    }
    return found == 4 ? std::optional<LinuxIo>(io) : std::nullopt;
}

std::string cmdlineFromProc(std::string_view raw) {
    while (!raw.empty() && raw.back() == '\0') {
        raw.remove_suffix(1);
    }
    std::string out;
    std::size_t start = 0;
    while (start <= raw.size()) {
        std::size_t end = raw.find('\0', start);
        if (end == std::string_view::npos) {
            end = raw.size();
        }
        const std::string_view arg = raw.substr(start, end - start);
        if (!out.empty() || start > 0) {
            out.push_back(' ');
        }
        if (arg.find(' ') != std::string_view::npos) {
            out.push_back('"');
            out.append(arg);
            out.push_back('"');
        } else {
            out.append(arg);
        }
        start = end + 1;
    }
    return raw.empty() ? std::string() : out;
}

std::string fullProcessName(const std::string& comm, const std::optional<std::string>& exe,
                            const std::optional<std::string>& cmdline) {
    constexpr std::size_t kCommLength = 15;
    if (comm.size() < kCommLength) {
        return comm;
    }
    const auto basename = [](std::string_view path) {
        const auto slash = path.rfind('/');
        return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
    };
    if (exe) {
        const std::string name = basename(*exe);
        if (name.rfind(comm, 0) == 0) {
            return name;
        }
    }
    if (cmdline && !cmdline->empty()) {
        std::string_view first = *cmdline;
        first = first.substr(0, first.find(' '));
        const std::string name = basename(first);
        if (name.rfind(comm, 0) == 0) {
            return name;
        }
    }
    return comm;
}

ProcessInfo processFromLinux(const LinuxStat& stat, const LinuxStatus& status,
                             const std::optional<LinuxIo>& io, double boot_time,
                             double ticks_per_second, std::uint64_t page_size) {
    ProcessInfo p;
    p.pid = stat.pid;
    p.ppid = stat.ppid;
    p.name = stat.comm;
    p.state = stat.state;
    const double tick = ticks_per_second > 0 ? 1.0 / ticks_per_second : 0.01;
    p.create_time = boot_time + static_cast<double>(stat.starttime) * tick;
    p.user_seconds = static_cast<double>(stat.utime) * tick;
    p.kernel_seconds = static_cast<double>(stat.stime) * tick;
    p.working_set_bytes =
        stat.rss_pages > 0 ? static_cast<std::uint64_t>(stat.rss_pages) * page_size : 0;
    p.working_set_peak_bytes = status.vm_hwm_bytes;
    p.private_bytes = status.rss_anon_bytes;
    p.virtual_bytes = stat.vsize;
    p.virtual_peak_bytes = status.vm_peak_bytes;
    p.page_file_bytes = status.vm_swap_bytes;
    p.page_faults = stat.minflt;
    p.major_page_faults = stat.majflt;
    p.thread_count = stat.num_threads;
    p.base_priority = static_cast<std::int32_t>(stat.priority);
    p.nice = static_cast<std::int32_t>(stat.nice);
    p.uid = status.uid;
    if (io) {
        p.io_read_bytes = io->rchar;
        p.io_write_bytes = io->wchar;
        p.io_read_ops = io->syscr;
        p.io_write_ops = io->syscw;
    }
    return p;
}

}  // namespace sysmetrics
