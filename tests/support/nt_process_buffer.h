#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace sysmetrics {

// Builds a 64-bit SYSTEM_PROCESS_INFORMATION buffer the way NtQuerySystemInformation lays it
// out: entries chained by NextEntryOffset, threads after each entry, names inside the block.
class NtBufferBuilder {
public:
    struct Proc {
        std::uint64_t pid, ppid;
        std::u16string name;
        std::int64_t create_filetime;
        std::int64_t user, kernel;  // 100 ns
        std::uint64_t working_set;
        std::uint32_t threads;
        std::uint32_t page_faults = 0;  // PageFaultCount, a 32-bit ULONG
    };
    void add(const Proc& p) { procs_.push_back(p); }

    // Name pointers are absolute, as in the real buffer, so the result stays where it is built.
    const std::vector<std::uint8_t>& build() {
        // Layout: entries with their threads, then all names.
        std::vector<std::size_t> offsets;
        std::size_t size = 0;
        for (const auto& p : procs_) {
            offsets.push_back(size);
            size += 0x100 + 0x50 * p.threads;
        }
        std::vector<std::size_t> name_offsets;
        for (const auto& p : procs_) {
            name_offsets.push_back(size);
            size += p.name.size() * 2 + 2;
        }
        buffer_.assign(size, 0);
        const auto base = reinterpret_cast<std::uintptr_t>(buffer_.data());
        for (std::size_t i = 0; i < procs_.size(); i++) {
            const Proc& p = procs_[i];
            const std::size_t at = offsets[i];
            const std::uint32_t next =
                i + 1 < procs_.size() ? static_cast<std::uint32_t>(offsets[i + 1] - at) : 0;
            put<std::uint32_t>(at + 0x00, next);
            put<std::uint32_t>(at + 0x04, p.threads);
            put<std::int64_t>(at + 0x20, p.create_filetime);
            put<std::int64_t>(at + 0x28, p.user);
            put<std::int64_t>(at + 0x30, p.kernel);
            put<std::uint16_t>(at + 0x38, static_cast<std::uint16_t>(p.name.size() * 2));
            put<std::uint64_t>(at + 0x40, p.name.empty() ? 0 : base + name_offsets[i]);
            put<std::int32_t>(at + 0x48, 8);
            put<std::uint64_t>(at + 0x50, p.pid);
            put<std::uint64_t>(at + 0x58, p.ppid);
            put<std::uint32_t>(at + 0x60, 42);  // handles
            put<std::uint32_t>(at + 0x80, p.page_faults);
            put<std::uint64_t>(at + 0x78, 1 << 20);
            put<std::uint64_t>(at + 0x90, p.working_set);
            put<std::uint64_t>(at + 0xC8, 4096);  // private
            put<std::uint64_t>(at + 0xE8, 1000);  // read bytes
            for (std::uint32_t t = 0; t < p.threads; t++) {
                const std::size_t th = at + 0x100 + 0x50 * t;
                put<std::int64_t>(th + 0x00, 20000000);  // 2 s kernel
                put<std::uint64_t>(th + 0x30, p.pid * 100 + t);
                put<std::uint32_t>(th + 0x44, 5);  // waiting
                put<std::uint32_t>(th + 0x48, 6);  // UserRequest
            }
            for (std::size_t c = 0; c < p.name.size(); c++) {
                put<std::uint16_t>(name_offsets[i] + c * 2, static_cast<std::uint16_t>(p.name[c]));
            }
        }
        return buffer_;
    }

private:
    template <typename T>
    void put(std::size_t offset, T value) {
        std::memcpy(buffer_.data() + offset, &value, sizeof value);
    }
    std::vector<Proc> procs_;
    std::vector<std::uint8_t> buffer_;
};

}  // namespace sysmetrics
