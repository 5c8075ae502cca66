#pragma once

#include <chrono>
#include <memory>
#include <unordered_map>

#include "collectors/collector.h"
#include "collectors/process.h"
#include "collectors/recycled_rows.h"
#include "collectors/redact.h"

namespace sysmetrics {

// One listing per cycle, plus opening each new process once: exe, command line and owner are
// cached by identity (pid + create time) until the process exits, so a steady-state cycle opens
// nothing. A reused pid has a new create time and so is a new process.
class ProcessCollector : public Collector {
public:
    explicit ProcessCollector(std::unique_ptr<ProcessSource> source,
                              CommandLineRedactor redactor = CommandLineRedactor());
    std::string name() const override { return ProcessSection::kName; }
    Result<SectionPtr> collect() override;
    std::vector<std::string> notes() const override { return source_->notes(); }

private:
    std::unique_ptr<ProcessSource> source_;
    CommandLineRedactor redactor_;
    struct Known {
        std::shared_ptr<const ProcessDetails> details;
        std::uint64_t cycle = 0;
    };
    // By identity, kept across cycles and swept of the ones not seen, so a steady cycle
    // allocates nothing here.
    std::unordered_map<ProcessIdentity, Known, ProcessIdentityHash> details_;
    std::uint64_t cycle_ = 0;
    struct RowKey {
        std::uint32_t pid = 0;
        double create_time = 0;
        std::size_t index = 0;  // in the cycle's listing
    };
    std::vector<RowKey> order_;  // kept for its capacity
    // Storage kept across cycles for a source that refills its listing (listingStorage): a
    // published section's rows come back when its last holder lets it go, and go to the source
    // for the next cycle's listing. The last listing's vector, its processes moved to their
    // rows, becomes this cycle's rows. One more section's rows stay allocated between cycles;
    // a cycle whose source keeps no storage keeps none of this.
    RecycledRows<ProcessInfo> recycled_;
    std::vector<ProcessInfo> spare_rows_;
    ProcessTracker tracker_;
    std::uint64_t access_denied_total_ = 0;
    std::uint64_t details_opened_total_ = 0;
    std::chrono::steady_clock::time_point epoch_ = std::chrono::steady_clock::now();
};

}  // namespace sysmetrics
