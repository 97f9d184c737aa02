#include "app_response.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "log.hpp"

namespace quest_live::net {
namespace {

// RFC 9110 section 5.6.2: token characters.
bool is_token(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
                                  std::string_view::npos;
  });
}

bool is_safe_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool mentions_close(std::string_view value) {
  std::string lowered(value);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered.find("close") != std::string::npos;
}

}  // namespace

CopiedHeaders copy_application_headers(const HeaderList& headers, response_head& head,
                                       std::string_view subject) {
  CopiedHeaders copied;
  for (const auto& [name, value] : headers) {
    if (!is_token(name) || !is_safe_value(value)) {
      log_line("warn", subject, "response header dropped (bad name or CR/LF/NUL in value): " + name);
      continue;
    }
    if (equals_ignoring_case(name, "content-length") ||
        equals_ignoring_case(name, "transfer-encoding")) {
      continue;  // the server frames the body
    }
    if (equals_ignoring_case(name, "connection")) {
      copied.asked_to_close = copied.asked_to_close || mentions_close(value);
      continue;
    }
    copied.has_server = copied.has_server || equals_ignoring_case(name, "server");
    copied.has_date = copied.has_date || equals_ignoring_case(name, "date");
    head.insert(name, value);
  }
  return copied;
}

bool is_final_status(unsigned status) { return status >= 200 && status <= 599; }

bool status_forbids_body(unsigned status) { return status == 204 || status == 304; }

std::string http_date_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  // Written by hand: strftime's %a and %b follow the process locale, HTTP's do not.
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[utc.tm_wday],
                utc.tm_mday, months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

}  // namespace quest_live::net
