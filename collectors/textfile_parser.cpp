#include "collectors/textfile_parser.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <unordered_set>

#include "collectors/textfile_series.h"

namespace sysmetrics {

namespace {

bool isNameStart(char c, bool colon_allowed) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (colon_allowed && c == ':');
}

bool isNameChar(char c, bool colon_allowed) {
    return isNameStart(c, colon_allowed) || (c >= '0' && c <= '9');
}

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

bool validUtf8Text(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = lead < 0x80             ? 1
                             : (lead & 0xE0) == 0xC0 ? 2
                             : (lead & 0xF0) == 0xE0 ? 3
                             : (lead & 0xF8) == 0xF0 ? 4
                                                     : 0;
        if (length == 0 || i + length > text.size()) {
            return false;
        }
        std::uint32_t code = length == 1 ? lead : lead & (0x7F >> length);
        for (std::size_t k = 1; k < length; k++) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) {
                return false;
            }
            code = (code << 6) | (next & 0x3F);
        }
        static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < kMin[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

bool equalsIgnoringCase(std::string_view text, std::string_view lower) {
    return text.size() == lower.size() &&
           std::equal(text.begin(), text.end(), lower.begin(), [](char a, char b) {
               return (a >= 'A' && a <= 'Z' ? static_cast<char>(a + 32) : a) == b;
           });
}

// A sample value or bucket bound as the text format spells it (Go's ParseFloat, no hex).
bool isNumber(std::string_view text) {
    std::string_view digits = text;
    if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
        digits.remove_prefix(1);
    }
    if (digits.empty() || digits.front() == '+' || digits.front() == '-') {
        return false;
    }
    if (equalsIgnoringCase(digits, "inf") || equalsIgnoringCase(digits, "infinity")) {
        return true;
    }
    if (equalsIgnoringCase(digits, "nan")) {
        return digits.size() == text.size();  // no sign
    }
    if (digits.find_first_not_of("0123456789.eE+-") != std::string_view::npos) {
        return false;
    }
    double value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value,
                                              std::chars_format::general);
    // Out of range (1e999) is refused too: Prometheus' own parser refuses it, failing the scrape.
    return error == std::errc() && end == digits.data() + digits.size();
}

bool ignoredForLabelNames(const std::string& label) {
    return label == "le" || label == "quantile";
}

struct Parser {
    std::string_view text;
    std::size_t line_number = 0;
    std::vector<TextfileFamily> families;
    std::map<std::string, std::size_t, std::less<>> index;  // family name -> position
    std::size_t current = SIZE_MAX;                         // family of the last line
    std::vector<bool> sampled;                              // family has samples already
    std::vector<std::vector<std::string>> label_names;      // family -> label names (first series)
    std::string key;                                        // reused for every series
    std::unordered_set<std::string> series;

    ConfigError fail(const std::string& why) const {
        return ConfigError{"line " + std::to_string(line_number) + ": " + why};
    }

    std::size_t family(std::string_view name) {
        auto it = index.find(name);
        if (it != index.end()) {
            return it->second;
        }
        TextfileFamily created;
        created.name = std::string(name);
        families.push_back(std::move(created));
        sampled.push_back(false);
        label_names.emplace_back();
        index.emplace(std::string(name), families.size() - 1);
        return families.size() - 1;
    }

    // Reads a metric or label name at `pos`; empty when none starts there.
    static std::string_view name(std::string_view line, std::size_t& pos, bool colon_allowed) {
        const std::size_t start = pos;
        if (pos < line.size() && isNameStart(line[pos], colon_allowed)) {
            pos++;
            while (pos < line.size() && isNameChar(line[pos], colon_allowed)) {
                pos++;
            }
        }
        return line.substr(start, pos - start);
    }

    static void skipBlanks(std::string_view line, std::size_t& pos) {
        while (pos < line.size() && isBlank(line[pos])) {
            pos++;
        }
    }

    ConfigStatus comment(std::string_view line) {
        std::size_t pos = 1;
        skipBlanks(line, pos);
        const std::size_t keyword_start = pos;
        while (pos < line.size() && !isBlank(line[pos])) {
            pos++;
        }
        const std::string_view keyword = line.substr(keyword_start, pos - keyword_start);
        if (keyword != "HELP" && keyword != "TYPE") {
            return {};  // an ordinary comment
        }
        skipBlanks(line, pos);
        const std::string_view metric = name(line, pos, true);
        if (metric.empty() || (pos < line.size() && !isBlank(line[pos]))) {
            return fail(std::string(keyword) + " needs a valid metric name");
        }
        skipBlanks(line, pos);
        std::string_view rest = line.substr(pos);
        const std::size_t position = family(metric);
        TextfileFamily& target = families[position];
        if (sampled[position]) {
            return fail(std::string(keyword) + " " + target.name + " comes after its samples");
        }
        if (keyword == "TYPE") {
            while (!rest.empty() && isBlank(rest.back())) {
                rest.remove_suffix(1);
            }
            static const char* const kTypes[] = {"counter", "gauge", "histogram", "summary",
                                                 "untyped"};
            if (std::none_of(std::begin(kTypes), std::end(kTypes),
                             [&](const char* type) { return rest == type; })) {
                return fail("TYPE " + target.name + " '" + std::string(rest) +
                            "' is not counter, gauge, histogram, summary or untyped");
            }
            if (target.type != "untyped" || target.samples.size() > 0 || typed.count(position)) {
                return fail("second TYPE line for " + target.name);
            }
            typed.insert(position);
            target.type = std::string(rest);
        } else {
            if (target.has_help) {
                return fail("second HELP line for " + target.name);
            }
            std::string help;
            for (std::size_t i = 0; i < rest.size(); i++) {
                if (rest[i] != '\\') {
                    help.push_back(rest[i]);
                } else if (i + 1 < rest.size() && (rest[i + 1] == '\\' || rest[i + 1] == 'n')) {
                    help.push_back(rest[++i] == 'n' ? '\n' : '\\');
                } else {
                    return fail("HELP " + target.name +
                                " has an invalid escape (only \\\\ and \\n)");
                }
            }
            if (!validUtf8Text(help)) {
                return fail("HELP " + target.name + " is not valid UTF-8");
            }
            target.help = std::move(help);
            target.has_help = true;
        }
        current = position;
        return {};
    }

    // The family a sample name belongs to: itself, or a declared histogram/summary it suffixes.
    std::size_t owner(std::string_view sample_name) {
        for (const char* suffix : {"_bucket", "_sum", "_count"}) {
            const std::string_view tail(suffix);
            if (sample_name.size() > tail.size() &&
                sample_name.substr(sample_name.size() - tail.size()) == tail) {
                auto it = index.find(sample_name.substr(0, sample_name.size() - tail.size()));
                if (it != index.end()) {
                    const std::string& type = families[it->second].type;
                    if (type == "histogram" || (type == "summary" && tail != "_bucket")) {
                        return it->second;
                    }
                }
            }
        }
        return family(sample_name);
    }

    ConfigStatus labels(std::string_view line, std::size_t& pos, TextfileSample& sample) {
        pos++;  // '{'
        for (;;) {
            skipBlanks(line, pos);
            if (pos < line.size() && line[pos] == '}') {
                pos++;
                return {};
            }
            const std::string_view label = name(line, pos, false);
            if (label.empty()) {
                return fail(sample.name + ": expected a label name or '}'");
            }
            if (label.size() >= 2 && label[0] == '_' && label[1] == '_') {
                return fail(sample.name + ": label name " + std::string(label) +
                            " is reserved (starts with __)");
            }
            skipBlanks(line, pos);
            if (pos >= line.size() || line[pos] != '=') {
                return fail(sample.name + ": expected '=' after label " + std::string(label));
            }
            pos++;
            skipBlanks(line, pos);
            if (pos >= line.size() || line[pos] != '"') {
                return fail(sample.name + ": label " + std::string(label) +
                            " needs a double-quoted value");
            }
            pos++;
            std::string value;
            for (;;) {
                if (pos >= line.size()) {
                    return fail(sample.name + ": label " + std::string(label) +
                                " has no closing quote");
                }
                const char c = line[pos++];
                if (c == '"') {
                    break;
                }
                if (c != '\\') {
                    value.push_back(c);
                    continue;
                }
                const char escaped = pos < line.size() ? line[pos++] : '\0';
                if (escaped == '\\' || escaped == '"') {
                    value.push_back(escaped);
                } else if (escaped == 'n') {
                    value.push_back('\n');
                } else {
                    return fail(sample.name + ": label " + std::string(label) +
                                " has an invalid escape (only \\\\, \\\" and \\n)");
                }
            }
            if (!validUtf8Text(value)) {
                return fail(sample.name + ": label " + std::string(label) + " is not valid UTF-8");
            }
            for (const auto& [existing, unused] : sample.labels) {
                if (existing == label) {
                    return fail(sample.name + ": label " + std::string(label) + " given twice");
                }
            }
            sample.labels.emplace_back(std::string(label), std::move(value));
            skipBlanks(line, pos);
            if (pos < line.size() && line[pos] == ',') {
                pos++;
            } else if (pos >= line.size() || line[pos] != '}') {
                return fail(sample.name + ": expected ',' or '}' after label " +
                            std::string(label));
            }
        }
    }

    ConfigStatus checkSpecialLabel(const TextfileFamily& owner_family,
                                   const TextfileSample& sample) const {
        const char* needed = nullptr;
        if (owner_family.type == "histogram" && sample.name == owner_family.name + "_bucket") {
            needed = "le";
        } else if (owner_family.type == "summary" && sample.name == owner_family.name) {
            needed = "quantile";
        } else if ((owner_family.type == "histogram" || owner_family.type == "summary") &&
                   sample.name == owner_family.name) {
            return fail(sample.name + ": a histogram has only _bucket, _sum and _count samples");
        }
        if (!needed) {
            return {};
        }
        for (const auto& [label, value] : sample.labels) {
            if (label == needed) {
                if (!isNumber(value)) {
                    return fail(sample.name + ": label " + label + "=\"" + value +
                                "\" is not a number");
                }
                return {};
            }
        }
        return fail(sample.name + ": a " + owner_family.type + " sample needs the label " + needed);
    }

    ConfigStatus sampleLine(std::string_view line) {
        std::size_t pos = 0;
        TextfileSample sample;
        sample.name = std::string(name(line, pos, true));
        if (sample.name.empty()) {
            return fail("expected a metric name, a comment or an empty line");
        }
        if (pos < line.size() && line[pos] == '{') {
            if (auto status = labels(line, pos, sample); !status.ok()) {
                return status;
            }
        }
        if (pos >= line.size() || !isBlank(line[pos])) {
            return fail(sample.name + ": expected a space and a value");
        }
        skipBlanks(line, pos);
        std::size_t end = pos;
        while (end < line.size() && !isBlank(line[end])) {
            end++;
        }
        const std::string_view value = line.substr(pos, end - pos);
        if (!isNumber(value)) {
            return fail(sample.name + ": value '" + std::string(value) + "' is not a number");
        }
        sample.value = std::string(value);
        pos = end;
        skipBlanks(line, pos);
        if (pos < line.size()) {
            return fail(sample.name +
                        " has a timestamp: client-side timestamps are refused, as node_exporter's "
                        "textfile collector does (the scrape time is the sample's time)");
        }
        const std::size_t position = owner(sample.name);
        if (sampled[position] && position != current) {
            return fail("the samples of " + families[position].name +
                        " are not together (another family's lines are between them)");
        }
        TextfileFamily& target = families[position];
        if (auto status = checkSpecialLabel(target, sample); !status.ok()) {
            return status;
        }
        textfileSeriesKey(sample, key);
        if (!series.insert(key).second) {
            return fail(sample.name + ": the same series (name and labels) appears twice");
        }
        if (!sampled[position]) {
            label_names[position] = textfileLabelNames(sample);
        } else if (!sameLabelNames(sample, label_names[position])) {
            return fail(sample.name +
                        ": label names differ from the family's first series; "
                        "every series of " +
                        target.name + " must have the same label names");
        }
        sampled[position] = true;
        current = position;
        target.samples.push_back(std::move(sample));
        return {};
    }

    std::set<std::size_t> typed;
};

void appendEscaped(std::string& out, const std::string& text, bool quote_too) {
    for (char c : text) {
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '\\' || (quote_too && c == '"')) {
            out.push_back('\\');
        }
        out.push_back(c);
    }
}

}  // namespace

ConfigResult<std::vector<TextfileFamily>> parseTextfile(std::string_view text) {
    if (text.size() >= 2 &&
        ((text[0] == '\xff' && text[1] == '\xfe') || (text[0] == '\xfe' && text[1] == '\xff'))) {
        return ConfigError{
            "the file is UTF-16; write it as UTF-8 or ASCII (PowerShell: -Encoding ascii)"};
    }
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    if (!text.empty() && text.back() != '\n') {
        return ConfigError{
            "the last line does not end with a newline: the file is incomplete (still being "
            "written?). Write to a temporary name and rename it into place"};
    }
    Parser parser;
    parser.text = text;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        parser.line_number++;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        std::size_t pos = 0;
        Parser::skipBlanks(line, pos);
        line.remove_prefix(pos);
        if (line.empty()) {
            continue;
        }
        if (line.find('\0') != std::string_view::npos) {
            return parser.fail("contains a NUL byte");
        }
        if (line.find('\r') != std::string_view::npos) {
            return parser.fail("contains a carriage return that does not end the line");
        }
        auto status = line.front() == '#' ? parser.comment(line) : parser.sampleLine(line);
        if (!status.ok()) {
            return status.error();
        }
    }
    std::vector<TextfileFamily> families;
    families.reserve(parser.families.size());
    for (auto& family : parser.families) {
        if (!family.samples.empty()) {
            families.push_back(std::move(family));
        }
    }
    return families;
}

double textfileNumber(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        text.remove_prefix(1);
    }
    double value = std::numeric_limits<double>::quiet_NaN();
    if (equalsIgnoringCase(text, "inf") || equalsIgnoringCase(text, "infinity")) {
        value = std::numeric_limits<double>::infinity();
    } else if (!equalsIgnoringCase(text, "nan")) {
        std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
    }
    return negative ? -value : value;
}

void textfileSeriesKey(const TextfileSample& sample, std::string& key) {
    using Label = std::pair<std::string, std::string>;
    key = sample.name;
    const auto& labels = sample.labels;
    // Label order in name order; on the stack for the usual few labels (this runs per series).
    constexpr std::size_t kOnStack = 16;
    const Label* small[kOnStack];
    std::vector<const Label*> large;
    const Label** order = small;
    if (labels.size() > kOnStack) {
        large.resize(labels.size());
        order = large.data();
    }
    for (std::size_t i = 0; i < labels.size(); i++) {
        order[i] = &labels[i];
    }
    std::sort(order, order + labels.size(),
              [](const Label* a, const Label* b) { return a->first < b->first; });
    for (std::size_t i = 0; i < labels.size(); i++) {
        key += '\xff';
        key += order[i]->first;
        key += '\xfe';
        key += order[i]->second;
    }
}

std::vector<std::string> textfileLabelNames(const TextfileSample& sample) {
    std::vector<std::string> names;
    for (const auto& [label, value] : sample.labels) {
        if (!ignoredForLabelNames(label)) {
            names.push_back(label);
        }
    }
    return names;
}

bool sameLabelNames(const TextfileSample& sample, const std::vector<std::string>& names) {
    std::size_t count = 0;
    for (const auto& [label, value] : sample.labels) {
        if (ignoredForLabelNames(label)) {
            continue;
        }
        count++;
        if (std::find(names.begin(), names.end(), label) == names.end()) {
            return false;
        }
    }
    return count == names.size();
}

void appendTextfileFamilyHeader(const TextfileFamily& family, std::string& out) {
    if (family.has_help) {
        out += "# HELP ";
        out += family.name;
        out.push_back(' ');
        appendEscaped(out, family.help, false);
        out.push_back('\n');
    }
    out += "# TYPE ";
    out += family.name;
    out.push_back(' ');
    out += family.type;
    out.push_back('\n');
}

void appendTextfileSample(const TextfileSample& sample, std::string& out) {
    appendTextfileSeries(sample.name, sample, out,
                         [](std::string& text, const std::string&, const std::string& value) {
                             appendEscaped(text, value, true);
                         });
    out += sample.value;
    out.push_back('\n');
}

}  // namespace sysmetrics
