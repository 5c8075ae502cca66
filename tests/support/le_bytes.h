#pragma once
// Raw little-endian buffers for the tests that build OS structures to their documented layouts.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace sysmetrics::test {

// Writes `value` at `offset`, growing the buffer when it is shorter.
template <typename T>
void put(std::vector<std::uint8_t>& buffer, std::size_t offset, T value) {
    if (buffer.size() < offset + sizeof value) {
        buffer.resize(offset + sizeof value);
    }
    std::memcpy(buffer.data() + offset, &value, sizeof value);
}

}  // namespace sysmetrics::test
