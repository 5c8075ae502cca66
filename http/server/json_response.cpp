#include "http/server/json_response.h"

#include "http/server/json_rounding.h"

namespace sysmetrics {

HttpResponse jsonResponse(nlohmann::json body, int status) {
    roundFloats(body);
    HttpResponse response;
    response.status = status;
    response.content_type = kJsonContentType;
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    response.body.push_back('\n');
    return response;
}

}  // namespace sysmetrics
