#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sysmetrics {

// The parser's set of series keys: each key copied into one buffer and found through an
// open-addressing table, so adding one allocates only when the buffer or the table grows
// (a node-based set allocated twice per sample).
class TextfileKeySet {
public:
    // False when `key` is in the set already.
    bool insert(std::string_view key);
    void reserve(std::size_t key_bytes) { keys_.reserve(key_bytes); }

private:
    struct Slot {
        std::size_t hash = 0;
        std::size_t offset = 0;
        std::size_t size = kEmpty;
    };
    static constexpr std::size_t kEmpty = static_cast<std::size_t>(-1);

    Slot& find(std::size_t hash, std::string_view key);
    void grow();

    std::string keys_;
    std::vector<Slot> slots_;  // a power of two, at most half used
    std::size_t used_ = 0;
};

}  // namespace sysmetrics
