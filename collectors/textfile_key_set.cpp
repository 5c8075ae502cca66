#include "collectors/textfile_key_set.h"

#include <functional>

namespace sysmetrics {

bool TextfileKeySet::insert(std::string_view key) {
    if (2 * (used_ + 1) > slots_.size()) {
        grow();
    }
    const std::size_t hash = std::hash<std::string_view>{}(key);
    Slot& slot = find(hash, key);
    if (slot.size != kEmpty) {
        return false;
    }
    slot = Slot{hash, keys_.size(), key.size()};
    keys_.append(key);
    used_++;
    return true;
}

// The slot holding `key`, or the empty one where it belongs.
TextfileKeySet::Slot& TextfileKeySet::find(std::size_t hash, std::string_view key) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        Slot& slot = slots_[i];
        if (slot.size == kEmpty ||
            (slot.hash == hash && std::string_view(keys_).substr(slot.offset, slot.size) == key)) {
            return slot;
        }
    }
}

void TextfileKeySet::grow() {
    std::vector<Slot> old(slots_.empty() ? 128 : 2 * slots_.size());
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& moved : old) {
        if (moved.size == kEmpty) {
            continue;
        }
        std::size_t i = moved.hash & mask;
        while (slots_[i].size != kEmpty) {
            i = (i + 1) & mask;
        }
        slots_[i] = moved;
    }
}

}  // namespace sysmetrics
