#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/config_error.h"

namespace sysmetrics {

using TextfileLabel = std::pair<std::string_view, std::string_view>;  // name, unescaped value

// A sample's labels, in file order: a view of the label storage of its parse.
class TextfileLabels {
public:
    TextfileLabels() = default;
    TextfileLabels(const TextfileLabel* first, std::size_t count) : first_(first), count_(count) {}
    const TextfileLabel* begin() const { return first_; }
    const TextfileLabel* end() const { return first_ + count_; }
    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    const TextfileLabel& operator[](std::size_t i) const { return first_[i]; }

private:
    const TextfileLabel* first_ = nullptr;
    std::size_t count_ = 0;
};

// One sample line of a textfile, checked. The value keeps the writer's spelling ("1e3", "NaN"):
// it was validated as a number, and passing it on unchanged keeps a round trip byte-exact.
// Its strings view the file's text (a label value with escapes: its unescaped copy), kept alive
// by the family's `storage`: a parse allocates per file and family, not per sample.
struct TextfileSample {
    std::string_view name;  // the family name, or it plus _bucket/_sum/_count
    TextfileLabels labels;  // unescaped, in file order
    std::string_view value;
    // The line as written when it is already what appendTextfileSample writes (the usual case,
    // then copied whole), else empty.
    std::string_view line;
};

struct TextfileStorage;  // what the samples of one parse view (textfile_parser.cpp)

struct TextfileFamily {
    std::string name;
    std::string help;  // unescaped
    bool has_help = false;
    std::string type = "untyped";  // counter, gauge, histogram, summary or untyped
    std::vector<TextfileSample> samples;
    std::shared_ptr<const TextfileStorage> storage;  // shared by the families of one parse
};

// Parses one file in the Prometheus text format 0.0.4, strictly: a file is accepted whole or
// refused whole, so a half-written or hand-mangled file never yields half its series.
// Refused: bad names, labels or escapes, invalid UTF-8, reserved `__` label names, duplicate
// labels or series, a family whose series carry different label names, HELP/TYPE repeated or
// after the family's samples, a family split in two, samples with a timestamp (as node_exporter
// refuses them), a missing last newline (a file still being written) and UTF-16 text.
// Tolerated as Windows writers produce them: CRLF line ends and a UTF-8 byte order mark.
// Families without samples are dropped. The error is for whoever writes the file: what is wrong,
// with its line number ("line 3: ...").
// The samples view a copy of `text`.
ConfigResult<std::vector<TextfileFamily>> parseTextfile(std::string_view text);
// The same without the copy: the samples view `text` itself, which they keep alive.
ConfigResult<std::vector<TextfileFamily>> parseTextfile(std::shared_ptr<const std::string> text);

// The number a checked value or `le`/`quantile` label spells ("1e3", "+Inf", "NaN").
double textfileNumber(std::string_view text);

// A series' identity (name, then labels in name order) into `key`, for duplicate checks.
void textfileSeriesKey(const TextfileSample& sample, std::string& key);
// Its label names other than le and quantile (which vary within a histogram or summary).
std::vector<std::string> textfileLabelNames(const TextfileSample& sample);
// True when `sample` has exactly `names` (as textfileLabelNames gives them, in any order).
bool sameLabelNames(const TextfileSample& sample, const std::vector<std::string>& names);

// The family as exposition text: "# HELP" (when given), "# TYPE", then its samples, each
// label value and the help escaped as the text format requires.
void appendTextfileFamilyHeader(const TextfileFamily& family, std::string& out);
void appendTextfileSample(const TextfileSample& sample, std::string& out);

}  // namespace sysmetrics
