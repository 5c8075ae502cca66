#include "collectors/process_collector.h"

#include <algorithm>
#include <iterator>

#include "base/clock.h"

namespace sysmetrics {

ProcessCollector::ProcessCollector(std::unique_ptr<ProcessSource> source,
                                   CommandLineRedactor redactor)
    : source_(std::move(source)), redactor_(std::move(redactor)) {}

Result<SectionPtr> ProcessCollector::collect() {
    const auto started = std::chrono::steady_clock::now();
    std::vector<ProcessInfo>* storage = source_->listingStorage();
    recycled_.offer(storage);
    auto listed = source_->list();
    if (!listed.ok()) {
        return listed.error();
    }
    ProcessList& list = listed.value();
    auto section = recycled_.newSection(&ProcessSection::processes, storage != nullptr);
    ProcessCycleStats& stats = section->stats;
    stats.access_denied = list.access_denied;

    cycle_++;
    // The listing is put in order by keys, and each process moved once, to its row: sorting
    // the rows themselves moved every 520-byte ProcessInfo several times.
    order_.clear();
    order_.reserve(list.processes.size());
    for (std::size_t i = 0; i < list.processes.size(); i++) {
        ProcessInfo& process = list.processes[i];
        const ProcessIdentity id = identityOf(process);
        auto cached = details_.find(id);
        if (cached != details_.end()) {
            process.details = cached->second.details;
            cached->second.cycle = cycle_;
        } else {
            ProcessSource::Opened opened = source_->details(process);
            stats.details_opened++;
            if (opened.gone) {
                stats.vanished++;
                continue;  // exited between the listing and now: not an error, not a row
            }
            stats.access_denied += opened.details.access_denied.empty() ? 0 : 1;
            // Secrets never reach the snapshot, so nothing can serve them.
            if (opened.details.cmdline) {
                opened.details.cmdline = redactor_.redact(*opened.details.cmdline);
            }
            process.details = std::make_shared<const ProcessDetails>(std::move(opened.details));
            details_[id] = Known{process.details, cycle_};
        }
        if (process.details->name) {
            process.name = *process.details->name;
        }
        order_.push_back(RowKey{process.pid, process.create_time, i});
    }
    for (auto it = details_.begin(); it != details_.end();) {  // not seen: exited
        it = it->second.cycle == cycle_ ? std::next(it) : details_.erase(it);
    }

    // By pid, newest first, so a pid listed twice (a reuse caught mid-listing) keeps one row:
    // two series with the same labels would make Prometheus reject the whole scrape.
    std::sort(order_.begin(), order_.end(), [](const RowKey& a, const RowKey& b) {
        if (a.pid != b.pid) {
            return a.pid < b.pid;
        }
        return a.create_time != b.create_time ? a.create_time > b.create_time : a.index < b.index;
    });
    std::vector<ProcessInfo>& rows = section->processes;
    rows = std::move(spare_rows_);  // empty, with the capacity of an earlier listing
    rows.reserve(order_.size());
    for (std::size_t k = 0; k < order_.size(); k++) {
        if (k == 0 || order_[k].pid != order_[k - 1].pid) {
            rows.push_back(std::move(list.processes[order_[k].index]));
        }
    }
    const double now = std::chrono::duration<double>(started - epoch_).count();
    tracker_.update(rows, now, list.logical_cpus, wallSeconds());
    for (auto& p : rows) {
        if (list.physical_memory_bytes > 0) {
            p.memory_percent = 100.0 * static_cast<double>(p.working_set_bytes) /
                               static_cast<double>(list.physical_memory_bytes);
        }
    }
    stats.seen = rows.size();
    access_denied_total_ += stats.access_denied;
    details_opened_total_ += stats.details_opened;
    section->access_denied_total = access_denied_total_;
    section->details_opened_total = details_opened_total_;
    section->logical_cpus = list.logical_cpus;
    section->physical_memory_bytes = list.physical_memory_bytes;
    stats.cycle_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    section->collected_at = wallSeconds();
    if (storage) {
        spare_rows_ = std::move(list.processes);
        spare_rows_.clear();  // what was moved from, and the listed processes that are not rows
    }
    return SectionPtr(std::move(section));
}

}  // namespace sysmetrics
