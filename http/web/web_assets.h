#pragma once

#include <cstddef>

namespace sysmetrics {

// One file of the page, compiled into the binary (http/web/embed_files.cmake writes the table
// from http/web/page at build time): index.html at "/", every other file at "/ui/<its path>".
struct WebAsset {
    const char* path;
    const char* content_type;
    const unsigned char* data;
    std::size_t size;
};

const WebAsset* webAssetsBegin();
const WebAsset* webAssetsEnd();

}  // namespace sysmetrics
