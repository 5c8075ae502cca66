#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>

#include "base/result.h"

namespace sysmetrics {

// The bounded on-disk FIFO of WriteRequests waiting to be sent: one file per request, named by
// a sequence number, written to a temporary name and renamed so a crash never leaves half a
// request under a real name. It survives restarts (open() indexes what is there, in order).
// When over `max_bytes`, the oldest requests go first. Not thread-safe: the owner locks.
class DiskQueue {
public:
    struct Entry {
        std::uint64_t sequence = 0;
        std::uint64_t samples = 0;
        std::uint64_t bytes = 0;  // on disk, header included
    };

    // Errors name the failing call and the path.
    static Result<DiskQueue> open(const std::string& directory, std::uint64_t max_bytes);

    // What open() checks before it makes the folder, without making anything: neither
    // `directory` nor a folder on its way is a file. invalid_data, with a detail that follows the
    // path in a sentence ("is a file, not a folder"). check-config runs it too.
    static Status<> checkDirectory(const std::string& directory);

    // Appends a (compressed) request, then drops the oldest entries (never the one being sent)
    // while over the bound; returns the samples so dropped. A request larger than the whole
    // bound is dropped itself.
    Result<std::uint64_t> push(const std::string& body, std::uint64_t samples);

    std::optional<Entry> front() const;
    // The body of `entry`, or an error when its file cannot be read back whole.
    Result<std::string> read(const Entry& entry) const;
    // Marks `sequence` as being sent, so overflow passes it over; 0 clears the mark.
    void setInFlight(std::uint64_t sequence) { in_flight_ = sequence; }
    // Removes the entry with `sequence` (the front, usually).
    void remove(std::uint64_t sequence);

    std::uint64_t requests() const { return entries_.size(); }
    std::uint64_t samples() const { return samples_; }
    std::uint64_t bytes() const { return bytes_; }

private:
    DiskQueue(std::filesystem::path directory, std::uint64_t max_bytes)
        : directory_(std::move(directory)), max_bytes_(max_bytes) {}
    std::filesystem::path fileOf(std::uint64_t sequence) const;
    std::uint64_t dropOverflow();

    std::filesystem::path directory_;
    std::uint64_t max_bytes_;
    std::deque<Entry> entries_;
    std::uint64_t next_sequence_ = 1;
    std::uint64_t samples_ = 0;
    std::uint64_t bytes_ = 0;
    std::uint64_t in_flight_ = 0;
};

}  // namespace sysmetrics
