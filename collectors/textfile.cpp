#include "collectors/textfile.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "base/clock.h"
#include "collectors/textfile_parser.h"
#include "collectors/textfile_skip.h"

namespace sysmetrics {

namespace {

struct MergedFamily {
    const TextfileFamily* first = nullptr;
    std::string first_path;
    std::vector<const TextfileFamily*> parts;
    std::unordered_set<std::string> keys;  // filled once a second file adds to the family
};

void addKeys(const TextfileFamily& family, std::unordered_set<std::string>& keys) {
    std::string key;
    for (const auto& sample : family.samples) {
        textfileSeriesKey(sample, key);
        keys.insert(key);
    }
}

std::vector<std::string> exportedNames(const TextfileFamily& family) {
    if (family.type == "histogram") {
        return {family.name, family.name + "_bucket", family.name + "_sum", family.name + "_count"};
    }
    if (family.type == "summary") {
        return {family.name, family.name + "_sum", family.name + "_count"};
    }
    return {family.name};
}

// Why `families` of `path` cannot join what is merged, or "".
std::string conflict(const std::vector<TextfileFamily>& families,
                     const std::map<std::string, MergedFamily>& merged,
                     const TextfileOptions& options) {
    for (const auto& family : families) {
        for (const auto& name : exportedNames(family)) {
            if (options.reserved && options.reserved(name)) {
                return "family " + family.name + " clashes with sysmetrics' own metric " + name;
            }
        }
        auto it = merged.find(family.name);
        if (it == merged.end()) {
            continue;
        }
        const MergedFamily& other = it->second;
        if (other.first->type != family.type) {
            return "family " + family.name + " is a " + family.type + " here but a " +
                   other.first->type + " in " + other.first_path;
        }
        if (other.first->has_help && family.has_help && other.first->help != family.help) {
            return "family " + family.name + " has a different HELP text in " + other.first_path;
        }
        if (!sameLabelNames(family.samples.front(),
                            textfileLabelNames(other.first->samples.front()))) {
            return "family " + family.name + " has other label names than in " + other.first_path;
        }
        std::unordered_set<std::string> computed;
        if (other.keys.empty()) {
            for (const auto* part : other.parts) {
                addKeys(*part, computed);
            }
        }
        const auto& keys = other.keys.empty() ? computed : other.keys;
        std::string key;
        for (const auto& sample : family.samples) {
            textfileSeriesKey(sample, key);
            if (keys.count(key)) {
                return "series " + std::string(sample.name) + " of family " + family.name +
                       " is already served from another file (" + other.first_path + ")";
            }
        }
    }
    return "";
}

std::shared_ptr<const ParsedTextfile> parseOnce(const RawTextfile& raw,
                                                const TextfileParseCache* cache) {
    if (cache) {
        auto it = cache->find(raw.path);
        if (it != cache->end() && (raw.unchanged || *it->second.parsed->content == raw.content)) {
            return it->second.parsed;
        }
    }
    if (raw.unchanged) {  // not read, and no parse of it kept: cannot happen with one cache
        auto parsed = std::make_shared<ParsedTextfile>();
        parsed->content = std::make_shared<const std::string>();
        parsed->error = "the file was not read";
        return parsed;
    }
    auto parsed = std::make_shared<ParsedTextfile>();
    parsed->content = std::make_shared<const std::string>(raw.content);
    auto result = parseTextfile(parsed->content);
    if (result.ok()) {
        parsed->families = std::move(result).value();
    } else {
        parsed->error = result.error().message;
    }
    return parsed;
}

}  // namespace

std::string textfileTooLarge(std::uint64_t size, std::uint64_t max_bytes) {
    return "the file is " + std::to_string(size) + " bytes, over the limit of " +
           std::to_string(max_bytes) + " (collectors.textfile.max_file_bytes)";
}

TextfileSection mergeTextfiles(const std::vector<RawTextfile>& files,
                               const TextfileOptions& options, TextfileParseCache* cache) {
    TextfileSection section;
    section.directories = options.directories;
    std::vector<std::shared_ptr<const ParsedTextfile>> parsed(files.size());
    TextfileParseCache kept;
    std::map<std::string, MergedFamily> merged;
    for (std::size_t i = 0; i < files.size(); i++) {
        const RawTextfile& raw = files[i];
        TextfileInfo info{raw.path, raw.mtime, raw.size, raw.read_error, {}, 0};
        if (info.error.empty()) {
            parsed[i] = parseOnce(raw, cache);
            if (cache) {
                double read_at = raw.read_at;
                if (raw.unchanged) {  // the time its content was last seen
                    auto it = cache->find(raw.path);
                    read_at = it != cache->end() ? it->second.read_at : 0;
                }
                kept[raw.path] = KeptTextfile{parsed[i], raw.size, raw.mtime, read_at};
            }
            info.error = parsed[i]->error.empty() ? conflict(parsed[i]->families, merged, options)
                                                  : parsed[i]->error;
        }
        if (info.error.empty()) {
            section.sources.push_back(parsed[i]);
            for (const auto& family : parsed[i]->families) {
                MergedFamily& target = merged[family.name];
                if (!target.first) {
                    target.first = &family;
                    target.first_path = raw.path;
                } else {
                    if (target.keys.empty()) {
                        for (const auto* part : target.parts) {
                            addKeys(*part, target.keys);
                        }
                    }
                    addKeys(family, target.keys);
                }
                target.parts.push_back(&family);
                info.families.push_back(family.name);
                info.series += family.samples.size();
            }
        }
        section.files.push_back(std::move(info));
    }
    if (cache) {
        *cache = std::move(kept);
    }
    section.families.reserve(merged.size());
    for (const auto& [name, family] : merged) {
        TextfileExposition out{name, {}, family.first, family.parts};
        appendTextfileFamilyHeader(*family.first, out.text);
        for (const auto* part : family.parts) {
            for (const auto& sample : part->samples) {
                appendTextfileSample(sample, out.text);
            }
        }
        section.families.push_back(std::move(out));
    }
    return section;
}

TextfileCollector::TextfileCollector(TextfileOptions options, TextfileReader reader)
    : options_(std::move(options)), reader_(std::move(reader)) {}

TextfileCollector::TextfileCollector(TextfileOptions options, TextfileFullReader reader)
    : TextfileCollector(std::move(options),
                        [reader = std::move(reader)](const std::string& directory,
                                                     std::uint64_t max_bytes, const TextfileSkip&) {
                            return reader(directory, max_bytes);
                        }) {}

Result<SectionPtr> TextfileCollector::collect() {
    std::vector<RawTextfile> files;
    std::vector<std::string> directory_errors;
    const double now = wallSeconds();
    const TextfileSkip skip = [&](const std::string& path, std::uint64_t size, double mtime) {
        auto it = parsed_.find(path);
        return it != parsed_.end() && textfileUnchanged(it->second, size, mtime, now);
    };
    for (const auto& directory : options_.directories) {
        auto listed = reader_(directory, options_.max_file_bytes, skip);
        if (!listed.ok()) {
            directory_errors.push_back("directory " + directory + ": " + listed.error().describe());
            continue;
        }
        for (auto& file : listed.value()) {
            files.push_back(std::move(file));
        }
    }
    std::sort(files.begin(), files.end(),
              [](const RawTextfile& a, const RawTextfile& b) { return a.path < b.path; });
    auto section = std::make_shared<TextfileSection>(mergeTextfiles(files, options_, &parsed_));
    section->directory_errors = directory_errors;
    std::vector<std::string> notes = std::move(directory_errors);
    for (const auto& file : section->files) {
        if (!file.error.empty()) {
            notes.push_back("file " + file.path + ": " + file.error);
        }
    }
    notes_ = std::move(notes);
    section->collected_at = wallSeconds();
    return SectionPtr(std::move(section));
}

}  // namespace sysmetrics
