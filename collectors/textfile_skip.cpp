#include "collectors/textfile_skip.h"

namespace sysmetrics {

bool textfileUnchanged(const KeptTextfile& kept, std::uint64_t size, double mtime, double now) {
    return kept.parsed && kept.read_at > 0 && size == kept.size && mtime == kept.mtime &&
           kept.read_at - kept.mtime >= kTextfileSettled && now >= kept.read_at &&
           now - kept.read_at < kTextfileRereadAfter;
}

}  // namespace sysmetrics
