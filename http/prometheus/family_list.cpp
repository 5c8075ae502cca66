#include "http/prometheus/family_list.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sysmetrics {

void appendEscapedLabelValue(std::string& out, const std::string& value) {
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

void FamilyList::add(const std::string& name, const std::string& help, MetricKind kind,
                     const Labels& labels, double value) {
    auto it = index_.find(name);
    if (it == index_.end()) {
        families_.push_back(TextFamily{name, help, kind, {}, 0});
        it = index_.emplace(name, families_.size() - 1).first;
    }
    TextFamily& family = families_[it->second];
    std::string& out = family.samples;
    out += name;
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

void FamilyList::preformatted(const std::string& name, std::string text) {
    if (index_.count(name)) {
        return;
    }
    families_.push_back(TextFamily{name, {}, MetricKind::gauge, std::move(text), 1, true});
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
    for (const auto& family : families_) {
        if (family.preformatted) {
            out += family.samples;
            continue;
        }
        if (!family.help.empty()) {
            out += "# HELP " + family.name + " " + family.help + "\n";
        }
        out += "# TYPE " + family.name +
               (family.kind == MetricKind::counter ? " counter\n" : " gauge\n");
        out += family.samples;
    }
    return out;
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
