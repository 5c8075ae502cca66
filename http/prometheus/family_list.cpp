#include "http/prometheus/family_list.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

namespace sysmetrics {

void appendEscapedLabelValue(std::string& out, std::string_view value) {
    for (char c : value) {
        if (c == '\n') {
            out += "\\n";
        } else {
            if (c == '\\' || c == '"') {
                out.push_back('\\');
            }
            out.push_back(c);
        }
    }
}

void appendSampleValue(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "Nan";
    } else if (std::isinf(value)) {
        out += value < 0 ? "-Inf" : "+Inf";
    } else {
        char text[32];
        const int length = std::snprintf(text, sizeof text, "%.16g", value);
        out.append(text, static_cast<std::size_t>(std::max(0, length)));
    }
}

void appendTextHelp(std::string& out, const std::string& help) {
    for (const char c : help) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out.push_back(c);
        }
    }
}

void appendOpenMetricsHelp(std::string& out, const std::string& help) {
    appendEscapedLabelValue(out, help);  // the same three escapes as a label value
}

void appendOpenMetricsNumber(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
        return;
    }
    if (std::isinf(value)) {
        out += value < 0 ? "-Inf" : "+Inf";
        return;
    }
    if (value == 0) {
        out += "0.0";
        return;
    }
    // The shortest digits that read back as `value`, laid out as Go's FormatFloat('g', -1):
    // an exponent when it is below -4 or 6 and over, at least two exponent digits.
    char scientific[64];
    const auto written = std::to_chars(scientific, scientific + sizeof scientific, std::fabs(value),
                                       std::chars_format::scientific);
    const std::string_view text(scientific, static_cast<std::size_t>(written.ptr - scientific));
    const std::size_t e = text.find('e');
    std::string digits(text.substr(0, e));
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    const int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
    if (value < 0) {
        out.push_back('-');
    }
    if (exponent < -4 || exponent >= 6) {
        out.push_back(digits[0]);
        if (digits.size() > 1) {
            out.push_back('.');
            out.append(digits, 1, std::string::npos);
        }
        out += exponent < 0 ? "e-" : "e+";
        const int magnitude = std::abs(exponent);
        if (magnitude < 10) {
            out.push_back('0');
        }
        out += std::to_string(magnitude);
        return;
    }
    if (exponent < 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-exponent - 1), '0');
        out += digits;
        return;
    }
    const auto whole = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= whole) {
        out += digits;
        out.append(whole - digits.size(), '0');
        out += ".0";
    } else {
        out.append(digits, 0, whole);
        out.push_back('.');
        out.append(digits, whole, std::string::npos);
    }
}

std::string openMetricsCounterName(const std::string& name) {
    static const std::string kTotal = "_total";
    if (name.size() > kTotal.size() &&
        name.compare(name.size() - kTotal.size(), kTotal.size(), kTotal) == 0) {
        return name.substr(0, name.size() - kTotal.size());
    }
    return name;
}

void FamilyList::add(const std::string& name, const std::string& help, MetricKind kind,
                     const Labels& labels, double value) {
    if (sink_) {
        sink_->sample(name, kind, labels, value);
        return;
    }
    auto it = index_.find(name);
    if (it == index_.end()) {
        if (filter_ && !filter_(name)) {
            return;
        }
        families_.push_back(TextFamily{name, help, kind, {}, 0, false, {}});
        it = index_.emplace(name, families_.size() - 1).first;
    }
    TextFamily& family = families_[it->second];
    std::string& out = family.samples;
    out += name;
    if (format_ == ExpositionFormat::openmetrics && kind == MetricKind::counter &&
        openMetricsCounterName(name) == name) {
        out += "_total";
    }
    if (!labels.empty()) {
        out.push_back('{');
        const char* separator = "";
        for (const auto& [key, label_value] : labels) {
            out += separator;
            out += key;
            out += "=\"";
            const bool ascii = std::all_of(label_value.begin(), label_value.end(), [](char c) {
                return static_cast<unsigned char>(c) < 0x80;
            });
            appendEscapedLabelValue(out, ascii ? label_value : validUtf8(label_value));
            out.push_back('"');
            separator = ",";
        }
        out.push_back('}');
    }
    out.push_back(' ');
    appendSampleValue(out, value);
    out.push_back('\n');
    family.count++;
}

void FamilyList::gauge(const std::string& name, const std::string& help, double value,
                       const Labels& labels) {
    add(name, help, MetricKind::gauge, labels, value);
}

void FamilyList::counter(const std::string& name, const std::string& help, double value,
                         const Labels& labels) {
    add(name, help, MetricKind::counter, labels, value);
}

void FamilyList::preformatted(const std::string& name, std::string text,
                              std::vector<std::string> claims) {
    if (index_.count(name) || (filter_ && !filter_(name))) {
        return;
    }
    families_.push_back(
        TextFamily{name, {}, MetricKind::gauge, std::move(text), 1, true, std::move(claims)});
    index_.emplace(name, families_.size() - 1);
}

const TextFamily* FamilyList::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &families_[it->second];
}

std::string FamilyList::text() const {
    std::size_t size = 0;
    for (const auto& family : families_) {
        size += family.samples.size() + family.help.size() + 2 * family.name.size() + 32;
    }
    std::string out;
    out.reserve(size);
    if (format_ == ExpositionFormat::openmetrics) {
        appendOpenMetrics(out);
        return out;
    }
    for (const auto& family : families_) {
        if (family.preformatted) {
            out += family.samples;
            continue;
        }
        if (!family.help.empty()) {
            out += "# HELP " + family.name + " ";
            appendTextHelp(out, family.help);
            out.push_back('\n');
        }
        out += "# TYPE " + family.name +
               (family.kind == MetricKind::counter ? " counter\n" : " gauge\n");
        out += family.samples;
    }
    return out;
}

void FamilyList::appendOpenMetrics(std::string& out) const {
    std::set<std::string> taken;
    const auto claim = [&taken](const std::vector<std::string>& names) {
        for (const auto& name : names) {
            if (taken.count(name)) {
                return false;
            }
        }
        taken.insert(names.begin(), names.end());
        return true;
    };
    // A counter x_total takes the name x: a gauge x beside it is the one left out, as the
    // counter's total cannot be had otherwise.
    std::set<std::string> counters;
    for (const auto& family : families_) {
        if (!family.preformatted && family.kind == MetricKind::counter) {
            counters.insert(openMetricsCounterName(family.name));
        }
    }
    for (const auto& family : families_) {
        if (family.preformatted) {
            if (claim(family.claims)) {
                out += family.samples;
            }
            continue;
        }
        const bool counter = family.kind == MetricKind::counter;
        const std::string name = counter ? openMetricsCounterName(family.name) : family.name;
        if ((!counter && counters.count(name)) ||
            !claim(counter ? std::vector<std::string>{name, name + "_total", name + "_created"}
                           : std::vector<std::string>{name})) {
            continue;
        }
        if (!family.help.empty()) {
            out += "# HELP ";
            out += name;
            out.push_back(' ');
            appendOpenMetricsHelp(out, family.help);
            out.push_back('\n');
        }
        out += "# TYPE ";
        out += name;
        out += counter ? " counter\n" : " gauge\n";
        out += family.samples;
    }
}

std::string validUtf8(const std::string& text) {
    static const char kReplacement[] = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        std::size_t length = 0;
        std::uint32_t min = 0;
        if (lead < 0x80) {
            out.push_back(static_cast<char>(lead));
            i++;
            continue;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            min = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            min = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            min = 0x10000;
        }
        bool valid = length > 0 && i + length <= size;
        std::uint32_t code = valid ? lead & (0x7F >> length) : 0;
        for (std::size_t k = 1; valid && k < length; k++) {
            valid = (bytes[i + k] & 0xC0) == 0x80;
            code = (code << 6) | (bytes[i + k] & 0x3F);
        }
        valid = valid && code >= min && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
        if (valid) {
            out.append(text, i, length);
            i += length;
        } else {
            out += kReplacement;
            i++;
        }
    }
    return out;
}

}  // namespace sysmetrics
