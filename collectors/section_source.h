#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "collectors/collector.h"

namespace sysmetrics {

// A platform's source of one collector's sections: it may keep handles (a PDH query) between
// reads, and its notes name what it cannot provide here.
template <typename SectionType>
class SectionSource {
public:
    virtual ~SectionSource() = default;
    virtual Result<SectionType> read() = 0;
    virtual std::vector<std::string> notes() const { return {}; }
};

// The source of a probe that keeps nothing between reads: one call per read.
template <typename SectionType>
class StatelessSource : public SectionSource<SectionType> {
public:
    using Read = Result<SectionType> (*)();
    explicit StatelessSource(Read read) : read_(read) {}
    Result<SectionType> read() override { return read_(); }

private:
    Read read_;
};

// The source of a probe that keeps nothing between reads but what the last read had to leave
// out: `read` adds those notes to an empty list each time.
template <typename SectionType>
class NotingSource : public SectionSource<SectionType> {
public:
    using Read = Result<SectionType> (*)(std::vector<std::string>& notes);
    explicit NotingSource(Read read) : read_(read) {}
    Result<SectionType> read() override {
        notes_.clear();
        return read_(notes_);
    }
    std::vector<std::string> notes() const override { return notes_; }

private:
    Read read_;
    std::vector<std::string> notes_;
};

// A source's notes: the lasting ones (what this machine lacks), then this cycle's.
inline std::vector<std::string> joinNotes(std::vector<std::string> lasting,
                                          const std::vector<std::string>& cycle) {
    lasting.insert(lasting.end(), cycle.begin(), cycle.end());
    return lasting;
}

// A collector that reads one source, kept for its life, per cycle: the section stamped with the
// time it was read, the source's notes as its own.
template <typename SectionType>
class SourceCollector : public Collector {
public:
    explicit SourceCollector(std::unique_ptr<SectionSource<SectionType>> source)
        : source_(std::move(source)) {}
    std::string name() const override { return SectionType::kName; }
    Result<SectionPtr> collect() override {
        auto read = source_->read();
        if (!read.ok()) {
            return read.error();
        }
        auto section = std::make_shared<SectionType>(std::move(read).value());
        section->collected_at = wallSeconds();
        return SectionPtr(std::move(section));
    }
    std::vector<std::string> notes() const override { return source_->notes(); }

private:
    std::unique_ptr<SectionSource<SectionType>> source_;
};

}  // namespace sysmetrics
