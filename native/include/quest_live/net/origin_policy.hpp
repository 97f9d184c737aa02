// Which browser origins may open a WebSocket.
//
// Browsers send an Origin header on every WebSocket upgrade; other clients (curl,
// native apps, load generators) usually do not. The rule:
//   - no Origin header: allowed (the Origin check protects browsers from cross-site
//     WebSocket hijacking; a non-browser client can forge any Origin anyway, so real
//     authentication belongs in the upgrade hook);
//   - Origin's host[:port] equals the request's Host header (case-insensitive): allowed;
//   - Origin is listed in the allow-list (exactly, case-insensitive) or the list has "*":
//     allowed;
//   - anything else, including "null" and unparsable values: refused (403).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quest_live::net {

// "https://Example.com:8443/x" -> "example.com:8443"; nullopt when not scheme://host.
std::optional<std::string> origin_authority(std::string_view origin);

bool origin_allowed(std::optional<std::string_view> origin, std::string_view host_header,
                    const std::vector<std::string>& allow_list);

}  // namespace quest_live::net
