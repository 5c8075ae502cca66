#include "http/remote_write/disk_queue.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <system_error>
#include <vector>

#include "base/error_from.h"
#include "base/existing_path.h"

namespace sysmetrics {

namespace fs = std::filesystem;

namespace {

// File layout: magic, sample count and body length (little-endian 64-bit), then the body.
constexpr char kMagic[8] = {'S', 'M', 'R', 'W', 'Q', '0', '0', '1'};
constexpr std::size_t kHeaderBytes = sizeof kMagic + 16;
constexpr const char* kSuffix = ".wrq";

void putU64(std::string& out, std::uint64_t value) {
    for (int i = 0; i < 8; i++) {
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
    }
}

std::uint64_t getU64(const char* in) {
    std::uint64_t value = 0;
    for (int i = 7; i >= 0; i--) {
        value = (value << 8) | static_cast<unsigned char>(in[i]);
    }
    return value;
}

struct Header {
    std::uint64_t samples = 0;
    std::uint64_t body_bytes = 0;
};

std::optional<Header> readHeader(std::ifstream& in) {
    char raw[kHeaderBytes];
    if (!in.read(raw, sizeof raw) || std::memcmp(raw, kMagic, sizeof kMagic) != 0) {
        return std::nullopt;
    }
    return Header{getU64(raw + 8), getU64(raw + 16)};
}

std::optional<std::uint64_t> sequenceOf(const fs::path& file) {
    const std::string stem = file.stem().string();
    if (file.extension() != kSuffix || stem.empty() || stem.size() > 20 ||
        !std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return std::stoull(stem);
}

}  // namespace

Status<> DiskQueue::checkDirectory(const std::string& directory) {
    const auto unusable = [&](std::string why) {
        return Error{ErrorCode::invalid_data, 0, "queue directory '" + directory + "'",
                     std::move(why)};
    };
    std::error_code error;
    const fs::path wanted = fs::u8path(directory);
    // It, or the nearest folder above it from which open() would make the missing ones.
    const fs::path folder = nearestExisting(wanted);
    if (folder.empty() || !fs::exists(folder, error) || fs::is_directory(folder, error)) {
        return {};
    }
    return folder == wanted
               ? unusable("is a file, not a folder")
               : unusable("cannot be made: '" + folder.u8string() + "' is a file, not a folder");
}

Result<DiskQueue> DiskQueue::open(const std::string& directory, std::uint64_t max_bytes) {
    if (auto usable = checkDirectory(directory); !usable.ok()) {
        return usable.error();
    }
    std::error_code error;
    const fs::path dir = fs::u8path(directory);
    fs::create_directories(dir, error);
    if (error) {
        return errorFrom(error, "create_directories '" + directory + "'");
    }
    DiskQueue queue(dir, max_bytes);
    std::vector<Entry> found;
    for (const auto& item : fs::directory_iterator(dir, error)) {
        if (item.path().extension() == ".tmp") {
            fs::remove(item.path(), error);  // a write cut short by a crash
            continue;
        }
        auto sequence = sequenceOf(item.path());
        if (!sequence) {
            continue;
        }
        Entry entry{*sequence, 0, static_cast<std::uint64_t>(item.file_size(error))};
        std::ifstream in(item.path(), std::ios::binary);
        if (auto header = readHeader(in)) {
            entry.samples = header->samples;
        }
        found.push_back(entry);
    }
    if (error) {
        return errorFrom(error, "directory_iterator '" + directory + "'");
    }
    std::sort(found.begin(), found.end(),
              [](const Entry& a, const Entry& b) { return a.sequence < b.sequence; });
    for (const auto& entry : found) {
        queue.entries_.push_back(entry);
        queue.samples_ += entry.samples;
        queue.bytes_ += entry.bytes;
        queue.next_sequence_ = entry.sequence + 1;
    }
    return queue;
}

fs::path DiskQueue::fileOf(std::uint64_t sequence) const {
    std::string name = std::to_string(sequence);
    name.insert(0, 20 - name.size(), '0');
    return directory_ / (name + kSuffix);
}

Result<std::uint64_t> DiskQueue::push(const std::string& body, std::uint64_t samples) {
    std::string header(kMagic, sizeof kMagic);
    putU64(header, samples);
    putU64(header, body.size());
    const std::uint64_t size = header.size() + body.size();
    if (size > max_bytes_) {
        return samples;  // could never fit: dropped as queue_full, nothing written
    }
    const std::uint64_t sequence = next_sequence_++;
    const fs::path target = fileOf(sequence);
    fs::path temporary = target;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(header.data(), static_cast<std::streamsize>(header.size()));
        out.write(body.data(), static_cast<std::streamsize>(body.size()));
        out.close();
        if (!out) {
            std::error_code ignored;
            fs::remove(temporary, ignored);
            return Error{ErrorCode::os_error, 0, "write '" + temporary.u8string() + "'"};
        }
    }
    std::error_code error;
    fs::rename(temporary, target, error);
    if (error) {
        std::error_code ignored;  // the rename's error is the one to report
        fs::remove(temporary, ignored);
        return errorFrom(error, "rename to '" + target.u8string() + "'");
    }
    entries_.push_back(Entry{sequence, samples, size});
    samples_ += samples;
    bytes_ += size;
    return dropOverflow();
}

std::uint64_t DiskQueue::dropOverflow() {
    std::uint64_t dropped = 0;
    auto it = entries_.begin();
    while (bytes_ > max_bytes_ && it != entries_.end()) {
        if (it->sequence == in_flight_) {
            ++it;
            continue;
        }
        std::error_code ignored;
        fs::remove(fileOf(it->sequence), ignored);
        dropped += it->samples;
        samples_ -= it->samples;
        bytes_ -= it->bytes;
        it = entries_.erase(it);
    }
    return dropped;
}

std::optional<DiskQueue::Entry> DiskQueue::front() const {
    if (entries_.empty()) {
        return std::nullopt;
    }
    return entries_.front();
}

Result<std::string> DiskQueue::read(const Entry& entry) const {
    const fs::path file = fileOf(entry.sequence);
    std::ifstream in(file, std::ios::binary);
    auto header = readHeader(in);
    if (!header || header->body_bytes != entry.bytes - kHeaderBytes) {
        return Error{ErrorCode::invalid_data, 0, "read '" + file.u8string() + "'",
                     "not a whole queued request"};
    }
    std::string body(header->body_bytes, '\0');
    if (!in.read(body.data(), static_cast<std::streamsize>(body.size()))) {
        return Error{ErrorCode::invalid_data, 0, "read '" + file.u8string() + "'",
                     "shorter than its header says"};
    }
    return body;
}

void DiskQueue::remove(std::uint64_t sequence) {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& entry) { return entry.sequence == sequence; });
    if (it == entries_.end()) {
        return;
    }
    std::error_code ignored;
    fs::remove(fileOf(sequence), ignored);
    samples_ -= it->samples;
    bytes_ -= it->bytes;
    entries_.erase(it);
    if (in_flight_ == sequence) {
        in_flight_ = 0;
    }
}

}  // namespace sysmetrics
