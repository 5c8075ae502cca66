#include "collectors/textfile_parser.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <string_view>

#include "collectors/textfile_key_set.h"
#include "collectors/textfile_series.h"

namespace sysmetrics {

// The file's text, and what its samples' labels and escaped values need beyond it. Both
// buffers are sized before the first view into them is taken, so they never move.
struct TextfileStorage {
    std::shared_ptr<const std::string> text;
    std::vector<TextfileLabel> labels;  // every '=' of the text may start one
    std::string unescaped;              // label values with escapes; never longer than the text
};

namespace {

// Per byte: kStart for [a-zA-Z_], kDigit for [0-9], kColon for ':' (metric names only).
enum : unsigned char { kStart = 1, kDigit = 2, kColon = 4 };

struct NameTable {
    unsigned char bits[256] = {};
    constexpr NameTable() {
        for (int c = 'a'; c <= 'z'; c++) {
            bits[c] = kStart;
            bits[c - 'a' + 'A'] = kStart;
        }
        bits[static_cast<unsigned char>('_')] = kStart;
        for (int c = '0'; c <= '9'; c++) {
            bits[c] = kDigit;
        }
        bits[static_cast<unsigned char>(':')] = kColon;
    }
};
constexpr NameTable kNameTable;

bool isNameStart(char c, bool colon_allowed) {
    return kNameTable.bits[static_cast<unsigned char>(c)] &
           (colon_allowed ? kStart | kColon : kStart);
}

bool isNameChar(char c, bool colon_allowed) {
    return kNameTable.bits[static_cast<unsigned char>(c)] &
           (colon_allowed ? kStart | kDigit | kColon : kStart | kDigit);
}

std::size_t countOf(std::string_view text, char c) {
    std::size_t count = 0;
    for (std::size_t at = text.find(c); at != std::string_view::npos; at = text.find(c, at + 1)) {
        count++;
    }
    return count;
}

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

bool validUtf8Text(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) {
            i++;  // ASCII, the usual text, needs no decoding
        }
        if (i == text.size()) {
            break;
        }
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

// Digits with at most one '.': always a number from_chars reads in range (no exponent, and
// too few digits to overflow), so the common value needs no conversion to be checked.
bool plainDecimal(std::string_view text) {
    if (text.empty() || text.size() > 300) {
        return false;
    }
    bool point = false;
    bool digit = false;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            digit = true;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            return false;
        }
    }
    return digit;
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
    if (plainDecimal(digits)) {
        return true;
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

bool ignoredForLabelNames(std::string_view label) {
    return label == "le" || label == "quantile";
}

template <typename Name>
bool sameNames(const TextfileSample& sample, const std::vector<Name>& names) {
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

bool endsWith(std::string_view text, std::string_view tail) {
    return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

// True when `line` is exactly how appendTextfileSample writes `sample`: `name{l="v",...} value`.
// Its parts were checked, so only a longer line can differ (blanks, a last comma, `{}`, escapes:
// an unescaped value is shorter than its spelling), or a tab where the one space goes.
bool isCanonical(std::string_view line, const TextfileSample& sample) {
    std::size_t size = sample.name.size() + 1 + sample.value.size();
    if (!sample.labels.empty()) {
        size += 1 + sample.labels.size();  // the braces and the commas between
        for (const auto& [label, value] : sample.labels) {
            size += label.size() + 3 + value.size();  // label="value"
        }
    }
    return size == line.size() && line[line.size() - sample.value.size() - 1] == ' ';
}

enum class Kind { histogram, summary, other };

// The suffixes by which a sample belongs to a histogram or summary of the name before them.
constexpr std::string_view kOwnedSuffixes[] = {"_bucket", "_sum", "_count"};
bool ownsSuffix(Kind kind, std::string_view suffix) {
    return kind == Kind::histogram || (kind == Kind::summary && suffix != "_bucket");
}

struct Parser {
    explicit Parser(TextfileStorage& into) : storage(into) {}

    TextfileStorage& storage;
    std::size_t line_number = 0;
    std::vector<TextfileFamily> families;
    std::map<std::string, std::size_t, std::less<>> index;   // family name -> position
    std::size_t current = SIZE_MAX;                          // family of the last line
    std::vector<bool> sampled;                               // family has samples already
    std::vector<Kind> kinds;                                 // family -> its TYPE, as it matters
    std::vector<std::vector<std::string_view>> label_names;  // family -> its first series' names
    std::string key;                                         // reused for every series
    TextfileKeySet series;

    ConfigError fail(const std::string& why) const {
        return ConfigError{"line " + std::to_string(line_number) + ": " + why};
    }

    std::size_t family(std::string_view name) {
        if (current != SIZE_MAX && families[current].name == name) {
            return current;  // the usual case: the next sample of the same family
        }
        auto it = index.find(name);
        if (it != index.end()) {
            return it->second;
        }
        TextfileFamily created;
        created.name = std::string(name);
        families.push_back(std::move(created));
        sampled.push_back(false);
        kinds.push_back(Kind::other);
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
            const Kind kind = rest == "histogram" ? Kind::histogram
                              : rest == "summary" ? Kind::summary
                                                  : Kind::other;
            // Samples named like this histogram's or summary's own, read before it had a type,
            // became a family of their own: the type would give later ones of that name to it.
            for (const std::string_view suffix : kOwnedSuffixes) {
                if (!ownsSuffix(kind, suffix)) {
                    continue;
                }
                const std::string owned = target.name + std::string(suffix);
                auto it = index.find(owned);
                if (it != index.end() && sampled[it->second]) {
                    return fail("TYPE " + target.name + " " + std::string(rest) +
                                " comes after samples of " + owned + ", which are its own");
                }
            }
            typed.insert(position);
            target.type = std::string(rest);
            kinds[position] = kind;
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
        for (const std::string_view tail : kOwnedSuffixes) {
            if (sample_name.size() > tail.size() && endsWith(sample_name, tail)) {
                auto it = index.find(sample_name.substr(0, sample_name.size() - tail.size()));
                if (it != index.end() && ownsSuffix(kinds[it->second], tail)) {
                    return it->second;
                }
            }
        }
        return family(sample_name);
    }

    // A label value up to its closing quote: a view of the line when it has no escapes (the
    // usual case), else unescaped into the storage. Empty when the quote is missing.
    std::optional<std::string_view> labelValue(std::string_view line, std::size_t& pos,
                                               bool& bad_escape) {
        std::size_t end = pos;
        while (end < line.size() && line[end] != '"' && line[end] != '\\') {
            end++;
        }
        if (end < line.size() && line[end] == '"') {
            const std::string_view value = line.substr(pos, end - pos);
            pos = end + 1;
            return value;
        }
        std::string& out = storage.unescaped;
        if (out.capacity() < storage.text->size()) {
            out.reserve(storage.text->size());  // before any view into it
        }
        const std::size_t start = out.size();
        out.append(line.data() + pos, end - pos);
        pos = end;
        for (;;) {
            if (pos >= line.size()) {
                return std::nullopt;
            }
            const char c = line[pos++];
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            const char escaped = pos < line.size() ? line[pos++] : '\0';
            if (escaped == '\\' || escaped == '"') {
                out.push_back(escaped);
            } else if (escaped == 'n') {
                out.push_back('\n');
            } else {
                bad_escape = true;
                return std::nullopt;
            }
        }
        return std::string_view(out.data() + start, out.size() - start);
    }

    ConfigStatus labels(std::string_view line, std::size_t& pos, TextfileSample& sample) {
        std::vector<TextfileLabel>& stored = storage.labels;
        const std::size_t first = stored.size();
        pos++;  // '{'
        for (;;) {
            skipBlanks(line, pos);
            if (pos < line.size() && line[pos] == '}') {
                pos++;
                sample.labels = TextfileLabels(stored.data() + first, stored.size() - first);
                return {};
            }
            const std::string_view label = name(line, pos, false);
            if (label.empty()) {
                return fail(std::string(sample.name) + ": expected a label name or '}'");
            }
            if (label.size() >= 2 && label[0] == '_' && label[1] == '_') {
                return fail(std::string(sample.name) + ": label name " + std::string(label) +
                            " is reserved (starts with __)");
            }
            skipBlanks(line, pos);
            if (pos >= line.size() || line[pos] != '=') {
                return fail(std::string(sample.name) + ": expected '=' after label " +
                            std::string(label));
            }
            pos++;
            skipBlanks(line, pos);
            if (pos >= line.size() || line[pos] != '"') {
                return fail(std::string(sample.name) + ": label " + std::string(label) +
                            " needs a double-quoted value");
            }
            pos++;
            bool bad_escape = false;
            const auto value = labelValue(line, pos, bad_escape);
            if (!value) {
                return fail(std::string(sample.name) + ": label " + std::string(label) +
                            (bad_escape ? " has an invalid escape (only \\\\, \\\" and \\n)"
                                        : " has no closing quote"));
            }
            if (!validUtf8Text(*value)) {
                return fail(std::string(sample.name) + ": label " + std::string(label) +
                            " is not valid UTF-8");
            }
            for (std::size_t i = first; i < stored.size(); i++) {
                if (stored[i].first == label) {
                    return fail(std::string(sample.name) + ": label " + std::string(label) +
                                " given twice");
                }
            }
            stored.emplace_back(label, *value);  // within the capacity reserved: never moves
            skipBlanks(line, pos);
            if (pos < line.size() && line[pos] == ',') {
                pos++;
            } else if (pos >= line.size() || line[pos] != '}') {
                return fail(std::string(sample.name) + ": expected ',' or '}' after label " +
                            std::string(label));
            }
        }
    }

    ConfigStatus checkSpecialLabel(std::size_t position, const TextfileSample& sample) const {
        const TextfileFamily& owner_family = families[position];
        const Kind kind = kinds[position];
        const char* needed = nullptr;
        if (kind == Kind::histogram && sample.name.size() == owner_family.name.size() + 7 &&
            sample.name.compare(0, owner_family.name.size(), owner_family.name) == 0 &&
            endsWith(sample.name, "_bucket")) {
            needed = "le";
        } else if (kind == Kind::summary && sample.name == owner_family.name) {
            needed = "quantile";
        } else if (kind != Kind::other && sample.name == owner_family.name) {
            return fail(std::string(sample.name) +
                        ": a histogram has only _bucket, _sum and _count samples");
        }
        if (!needed) {
            return {};
        }
        for (const auto& [label, value] : sample.labels) {
            if (label == needed) {
                if (!isNumber(value)) {
                    return fail(std::string(sample.name) + ": label " + std::string(label) + "=\"" +
                                std::string(value) + "\" is not a number");
                }
                return {};
            }
        }
        return fail(std::string(sample.name) + ": a " + owner_family.type +
                    " sample needs the label " + needed);
    }

    ConfigStatus sampleLine(std::string_view line) {
        std::size_t pos = 0;
        TextfileSample sample;
        sample.name = name(line, pos, true);
        if (sample.name.empty()) {
            return fail("expected a metric name, a comment or an empty line");
        }
        const std::string_view sample_name = sample.name;
        if (pos < line.size() && line[pos] == '{') {
            if (auto status = labels(line, pos, sample); !status.ok()) {
                return status;
            }
        }
        if (pos >= line.size() || !isBlank(line[pos])) {
            return fail(std::string(sample_name) + ": expected a space and a value");
        }
        skipBlanks(line, pos);
        std::size_t end = pos;
        while (end < line.size() && !isBlank(line[end])) {
            end++;
        }
        const std::string_view value = line.substr(pos, end - pos);
        if (!isNumber(value)) {
            return fail(std::string(sample_name) + ": value '" + std::string(value) +
                        "' is not a number");
        }
        sample.value = value;
        pos = end;
        skipBlanks(line, pos);
        if (pos < line.size()) {
            return fail(std::string(sample_name) +
                        " has a timestamp: client-side timestamps are refused, as node_exporter's "
                        "textfile collector does (the scrape time is the sample's time)");
        }
        const std::size_t position = owner(sample_name);
        if (sampled[position] && position != current) {
            return fail("the samples of " + families[position].name +
                        " are not together (another family's lines are between them)");
        }
        TextfileFamily& target = families[position];
        if (auto status = checkSpecialLabel(position, sample); !status.ok()) {
            return status;
        }
        textfileSeriesKey(sample, key);
        if (!series.insert(key)) {
            return fail(std::string(sample_name) +
                        ": the same series (name and labels) appears twice");
        }
        if (!sampled[position]) {
            for (const auto& [label, unused] : sample.labels) {
                if (!ignoredForLabelNames(label)) {
                    label_names[position].push_back(label);
                }
            }
        } else if (!sameNames(sample, label_names[position])) {
            return fail(std::string(sample_name) +
                        ": label names differ from the family's first series; "
                        "every series of " +
                        target.name + " must have the same label names");
        }
        if (isCanonical(line, sample)) {
            sample.line = line;
        }
        sampled[position] = true;
        current = position;
        target.samples.push_back(sample);
        return {};
    }

    std::set<std::size_t> typed;
};

// Appends the runs between escapes whole: most values have none.
void appendEscaped(std::string& out, std::string_view text, bool quote_too) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); i++) {
        const char c = text[i];
        if (c == '\n' || c == '\\' || (quote_too && c == '"')) {
            out.append(text.data() + start, i - start);
            out += c == '\n' ? "\\n" : c == '\\' ? "\\\\" : "\\\"";
            start = i + 1;
        }
    }
    out.append(text.data() + start, text.size() - start);
}

}  // namespace

ConfigResult<std::vector<TextfileFamily>> parseTextfile(std::string_view text) {
    return parseTextfile(std::make_shared<const std::string>(text));
}

ConfigResult<std::vector<TextfileFamily>> parseTextfile(std::shared_ptr<const std::string> whole) {
    std::string_view text = *whole;
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
    auto storage = std::make_shared<TextfileStorage>();
    storage->text = std::move(whole);
    storage->labels.reserve(countOf(text, '='));
    // Most files have neither: then no line needs looking at for them.
    const bool nul = text.find('\0') != std::string_view::npos;
    const bool cr = text.find('\r') != std::string_view::npos;
    Parser parser(*storage);
    parser.series.reserve(text.size());  // a series' key is never longer than its line
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
        if (nul && line.find('\0') != std::string_view::npos) {
            return parser.fail("contains a NUL byte");
        }
        if (cr && line.find('\r') != std::string_view::npos) {
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
            family.storage = storage;
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
    using Label = TextfileLabel;
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
    for (std::size_t i = 1; i < labels.size(); i++) {  // insertion sort: a few, often in order
        const Label* next = order[i];
        std::size_t j = i;
        for (; j > 0 && next->first < order[j - 1]->first; j--) {
            order[j] = order[j - 1];
        }
        order[j] = next;
    }
    // Sized once and copied into: appending piece by piece cost more than the sort.
    std::size_t size = sample.name.size();
    for (const auto& [label, value] : labels) {
        size += 2 + label.size() + value.size();
    }
    key.resize(size);
    char* out = key.data();
    const auto copy = [&out](std::string_view piece) {
        if (!piece.empty()) {
            std::memcpy(out, piece.data(), piece.size());
            out += piece.size();
        }
    };
    copy(sample.name);
    for (std::size_t i = 0; i < labels.size(); i++) {
        *out++ = '\xff';
        copy(order[i]->first);
        *out++ = '\xfe';
        copy(order[i]->second);
    }
}

std::vector<std::string> textfileLabelNames(const TextfileSample& sample) {
    std::vector<std::string> names;
    for (const auto& [label, value] : sample.labels) {
        if (!ignoredForLabelNames(label)) {
            names.emplace_back(label);
        }
    }
    return names;
}

bool sameLabelNames(const TextfileSample& sample, const std::vector<std::string>& names) {
    return sameNames(sample, names);
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
    if (!sample.line.empty()) {
        out += sample.line;
        out.push_back('\n');
        return;
    }
    appendTextfileSeries(sample.name, sample, out,
                         [](std::string& text, std::string_view, std::string_view value) {
                             appendEscaped(text, value, true);
                         });
    out += sample.value;
    out.push_back('\n');
}

}  // namespace sysmetrics
