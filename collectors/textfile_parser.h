#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/config_error.h"

namespace sysmetrics {

// One sample line of a textfile, checked. The value keeps the writer's spelling ("1e3", "NaN"):
// it was validated as a number, and passing it on unchanged keeps a round trip byte-exact.
struct TextfileSample {
    std::string name;  // the family name, or it plus _bucket/_sum/_count
    std::vector<std::pair<std::string, std::string>> labels;  // unescaped, in file order
    std::string value;
};

struct TextfileFamily {
    std::string name;
    std::string help;  // unescaped
    bool has_help = false;
    std::string type = "untyped";  // counter, gauge, histogram, summary or untyped
    std::vector<TextfileSample> samples;
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
ConfigResult<std::vector<TextfileFamily>> parseTextfile(std::string_view text);

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
