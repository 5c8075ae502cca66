#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "collectors/collector.h"
#include "collectors/section.h"
#include "collectors/textfile_parser.h"

namespace sysmetrics {

// One *.prom file as this cycle found it.
struct TextfileInfo {
    std::string path;
    double mtime = 0;  // unix seconds
    std::uint64_t size = 0;
    std::string error;                  // "" when every series of the file is served
    std::vector<std::string> families;  // the families it contributes (when no error)
    std::size_t series = 0;
};

// One file's parse, kept while its content stays the same: files are rewritten far less often
// than they are collected, so an unchanged file costs a read and a compare, not a parse.
struct ParsedTextfile {
    std::shared_ptr<const std::string> content;  // what the families' samples view
    std::vector<TextfileFamily> families;
    std::string error;  // why the parser refused it, or ""
};

// A merged family ready for /metrics: its HELP/TYPE header and the samples of every file that
// has it, rendered once per collection as text 0.0.4. OpenMetrics, asked for less often, is
// rendered from `header` and `parts` (owned by the section's `sources`) when a scrape asks.
struct TextfileExposition {
    std::string name;
    std::string text;
    const TextfileFamily* header = nullptr;
    std::vector<const TextfileFamily*> parts;  // the family as each file has it, in path order
};

struct TextfileSection : Section {
    static constexpr const char* kName = "textfile";
    std::vector<std::string> directories;
    std::vector<TextfileInfo> files;            // sorted by path
    std::vector<TextfileExposition> families;   // sorted by name
    std::vector<std::string> directory_errors;  // a directory that cannot be listed
    std::vector<std::shared_ptr<const ParsedTextfile>> sources;  // what `families` point into
};

// What the OS probe reads: the *.prom files of one directory (regular files only, by name),
// each with its content unless it is over `max_bytes`, cannot be read or is `unchanged`.
struct RawTextfile {
    std::string path;
    double mtime = 0;
    std::uint64_t size = 0;
    std::string content;
    std::string read_error;  // "" when `content` is the whole file
    double read_at = 0;      // wall time just before it was opened; 0 when unknown
    bool unchanged = false;  // not read: listed as it was when last read (see TextfileSkip)
};

// Asked by the probe for each file it lists, before opening it: true when the file, by its
// size and mtime as listed, is the one read before, so its content is not read again.
using TextfileSkip = std::function<bool(const std::string& path, std::uint64_t size, double mtime)>;

// The probes' words for a file over the cap and one that changed size while it was read.
std::string textfileTooLarge(std::uint64_t size, std::uint64_t max_bytes);
inline constexpr const char* kTextfileChangedWhileRead =
    "the file changed size while it was read: it is being written in place; write to a "
    "temporary name and rename it into place";

// Implemented per platform (collectors/{linux,windows}/textfile_probe.cpp).
Result<std::vector<RawTextfile>> readTextfileDirectory(const std::string& directory,
                                                       std::uint64_t max_bytes,
                                                       const TextfileSkip& skip = {});
// Creates the directory (and its parent) when missing: on Linux mode 0755, owned by the
// service's user; on Windows it inherits the DACL of its parent (%ProgramData%\sysmetrics).
Status<> ensureTextfileDirectory(const std::string& directory);

struct TextfileOptions {
    std::vector<std::string> directories;
    std::uint64_t max_file_bytes = 4 * 1024 * 1024;
    // True for a family name sysmetrics itself exports: a file that has one is refused.
    std::function<bool(const std::string&)> reserved;
};

// A parse kept for the next cycle, with the file as it was listed when last read.
struct KeptTextfile {
    std::shared_ptr<const ParsedTextfile> parsed;
    std::uint64_t size = 0;
    double mtime = 0;
    double read_at = 0;
};

// By path; mergeTextfiles keeps the files of its call and drops the rest.
using TextfileParseCache = std::map<std::string, KeptTextfile>;

// Merges parsed files (in path order) into one section: a file is served whole or refused
// whole with the reason in its `error`, and never disturbs the files already merged. With a
// cache, a file whose content is unchanged is not parsed again, nor one the probe did not read
// because the cache said it was `unchanged`.
TextfileSection mergeTextfiles(const std::vector<RawTextfile>& files,
                               const TextfileOptions& options, TextfileParseCache* cache = nullptr);

using TextfileReader = std::function<Result<std::vector<RawTextfile>>(
    const std::string&, std::uint64_t, const TextfileSkip&)>;
// A reader that reads every file (tests' fakes): never asked to skip one.
using TextfileFullReader =
    std::function<Result<std::vector<RawTextfile>>(const std::string&, std::uint64_t)>;

class TextfileCollector : public Collector {
public:
    TextfileCollector(TextfileOptions options, TextfileReader reader = &readTextfileDirectory);
    TextfileCollector(TextfileOptions options, TextfileFullReader reader);
    std::string name() const override { return TextfileSection::kName; }
    Result<SectionPtr> collect() override;
    std::vector<std::string> notes() const override { return notes_; }

private:
    TextfileOptions options_;
    TextfileReader reader_;
    TextfileParseCache parsed_;
    std::vector<std::string> notes_;
};

}  // namespace sysmetrics
