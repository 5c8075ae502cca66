#pragma once

#include "http/server/http_types.h"

namespace sysmetrics {

// What the transport hands each request to: the Router in the service, a stub in tests.
class RequestHandler {
public:
    virtual ~RequestHandler() = default;
    virtual HttpResponse handle(const HttpRequest& request) = 0;
};

}  // namespace sysmetrics
