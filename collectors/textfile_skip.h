#pragma once

#include <cstdint>

#include "collectors/textfile.h"

namespace sysmetrics {

// Whether a file listed now (`now`, wall seconds) with `size` and `mtime` can be taken, unread,
// as the content `kept` read: both unchanged, and the mtime already `kTextfileSettled` seconds
// old when it was read, so a rewrite after that read cannot carry the same mtime (timestamps are
// as coarse as 2 s on FAT; a same-second rewrite of the same size would otherwise go unseen).
// Read again anyway after `kTextfileRereadAfter` seconds, which bounds what a writer that sets
// the mtime itself (a copy that keeps it, `touch -d`) can hide.
inline constexpr double kTextfileSettled = 5;
inline constexpr double kTextfileRereadAfter = 300;
bool textfileUnchanged(const KeptTextfile& kept, std::uint64_t size, double mtime, double now);

}  // namespace sysmetrics
