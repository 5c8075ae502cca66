#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sysmetrics {

std::string_view trim(std::string_view text);
std::vector<std::string_view> splitLines(std::string_view text);
// Splits on runs of spaces and tabs.
std::vector<std::string_view> splitFields(std::string_view text);
// The first `max` of those fields into `out`, allocating nothing; how many there were.
std::size_t firstFields(std::string_view text, std::string_view* out, std::size_t max);
std::optional<std::uint64_t> parseUnsigned(std::string_view text);
std::optional<std::int64_t> parseSigned(std::string_view text);
std::optional<double> parseDouble(std::string_view text);
// A-Z to a-z only: for protocol tokens (header names, schemes, codings), never for user text.
std::string lowerAscii(std::string_view text);
// "a, b, c": names listed in a message.
std::string joinWithCommas(const std::vector<std::string>& parts);
// Undoes the octal escapes /proc/mounts and /proc/swaps write for spaces, tabs and newlines in
// names ("\040" -> " ").
std::string unescapeOctal(std::string_view text);
// UTF-16 to UTF-8; an unpaired surrogate becomes U+FFFD.
std::string utf16ToUtf8(std::u16string_view text);

}  // namespace sysmetrics
