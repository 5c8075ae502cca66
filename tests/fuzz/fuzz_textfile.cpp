// libFuzzer: the textfile parser and merge, fed arbitrary bytes as one or two *.prom files.
// Whatever it accepts must render back to text it accepts again, unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "collectors/textfile.h"
#include "collectors/textfile_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace sysmetrics;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = parseTextfile(text);
    if (parsed.ok()) {
        std::string rendered;
        for (const auto& family : parsed.value()) {
            appendTextfileFamilyHeader(family, rendered);
            for (const auto& sample : family.samples) {
                appendTextfileSample(sample, rendered);
            }
        }
        auto again = parseTextfile(rendered);
        if (!again.ok()) {
            std::abort();  // we wrote text our own parser refuses
        }
        std::string twice;
        for (const auto& family : again.value()) {
            appendTextfileFamilyHeader(family, twice);
            for (const auto& sample : family.samples) {
                appendTextfileSample(sample, twice);
            }
        }
        if (twice != rendered) {
            std::abort();  // rendering is not stable
        }
    }
    // Split at the middle: two files merged, with the clash and duplicate checks between them.
    RawTextfile first;
    first.path = "a.prom";
    first.content = std::string(text.substr(0, size / 2));
    RawTextfile second;
    second.path = "b.prom";
    second.content = std::string(text.substr(size / 2));
    TextfileOptions options;
    options.reserved = [](const std::string& name) { return name.rfind("sysmetrics_", 0) == 0; };
    mergeTextfiles({first, second}, options);
    return 0;
}
