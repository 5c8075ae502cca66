#include <sys/timex.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "collectors/time.h"

namespace sysmetrics {

namespace {

// node_exporter's time and timex collectors: the local zone now (localtime_r) and adjtimex(2)
// read without changes. adjtimex refused (a seccomp profile) leaves the timex families out,
// named in a note.
Result<TimeSection> readTime(std::vector<std::string>& notes) {
    TimeSection section;
    ::tzset();  // a changed /etc/localtime or TZ is seen on the next cycle
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    if (::localtime_r(&now, &local) == nullptr) {
        return Error{ErrorCode::os_error, errno, "localtime_r"};
    }
    section.timezone = local.tm_zone ? local.tm_zone : "";
    section.zone_offset_seconds = static_cast<double>(local.tm_gmtoff);

    struct timex tx {};
    const int state = ::adjtimex(&tx);
    if (state == -1) {
        const int err = errno;
        notes.push_back(std::string("adjtimex: ") + std::strerror(err) +
                        "; the node_timex_* families are left out");
    } else {
        section.timex = timexFromRaw(TimexRaw{state, tx.offset, tx.freq, tx.maxerror, tx.esterror,
                                              tx.status, tx.constant, tx.tick, tx.tai});
    }
    return section;
}

}  // namespace

std::unique_ptr<TimeSource> makeTimeSource() {
    return std::make_unique<NotingSource<TimeSection>>(&readTime);
}

}  // namespace sysmetrics
