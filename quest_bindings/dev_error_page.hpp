// The development-mode error page: what a raising HTTP handler (or a LiveView dead
// render whose mount, handle_params or render raised) answers when the app runs in
// development and no on_error handler answered. Every piece of the error is
// HTML-escaped: a message holding "<script>" shows as text. Production never builds it.
#pragma once

#include <string>
#include <string_view>

#include "quest/host.hpp"

namespace quest_bindings {

// &, <, >, " and ' as entities.
std::string html_escape(std::string_view text);

// The page for `request_line` ("GET /path") failing with `report`.
std::string dev_error_page(const std::string& request_line, const quest::ErrorReport& report);

}  // namespace quest_bindings
