// One-line diagnostics to stderr, tagged with what they concern (usually a connection
// id). Used at every boundary where an error is swallowed so it never disappears.
#pragma once

#include <string_view>

namespace quest_live::net {

void log_line(std::string_view level, std::string_view subject, std::string_view message);

}  // namespace quest_live::net
