#pragma once

#include <memory>

#include "base/clock.h"
#include "collectors/collector.h"
#include "collectors/network.h"
#include "collectors/recycled_rows.h"

namespace sysmetrics {

// The connections collector: one read of a ConnectionSource per cycle, whose notes (such as a
// refused netlink) reach /api/v1/collectors. It finds owning pids only while they are read
// (the part ConnectionSection::kOwnersPart); on its own, without a scheduler, it always does.
class ConnectionCollector : public Collector {
public:
    explicit ConnectionCollector(std::unique_ptr<ConnectionSource> source)
        : source_(std::move(source)) {}
    std::string name() const override { return ConnectionSection::kName; }
    Result<SectionPtr> collect() override {
        std::vector<Connection>* storage = source_->listingStorage();
        recycled_.offer(storage);
        auto rows = source_->read(owners_);
        if (!rows.ok()) {
            return rows.error();
        }
        auto section = recycled_.newSection(&ConnectionSection::connections, storage != nullptr);
        section->connections = std::move(rows).value();
        section->collected_at = wallSeconds();
        return SectionPtr(std::move(section));
    }
    std::vector<std::string> notes() const override { return source_->notes(); }
    std::vector<std::string> optionalParts() const override {
        return {ConnectionSection::kOwnersPart};
    }
    void setWantedParts(const std::set<std::string>& wanted) override {
        owners_ =
            wanted.count(ConnectionSection::kOwnersPart) ? OwnerLookup::find : OwnerLookup::skip;
    }

private:
    std::unique_ptr<ConnectionSource> source_;
    OwnerLookup owners_ = OwnerLookup::find;
    RecycledRows<Connection> recycled_;  // for a source that keeps its rows' storage
};

}  // namespace sysmetrics
