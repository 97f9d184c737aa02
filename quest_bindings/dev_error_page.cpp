#include "dev_error_page.hpp"

#include "quest_live/live/html.hpp"

namespace quest_bindings {

// The LiveView renderer's escaping: one definition of what is safe in text and attributes.
std::string html_escape(std::string_view text) { return quest_live::live::escape_html(text); }

std::string dev_error_page(const std::string& request_line, const quest::ErrorReport& report) {
  std::string stack;
  for (const std::string& line : report.stack) stack += html_escape(line) + "\n";
  if (stack.empty()) stack = "(no Quest frames)\n";
  std::string where;
  if (!report.file.empty()) where = "<p class=\"where\">at " + html_escape(report.file) + ":" + std::to_string(report.line) + "</p>\n";
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<title>" + html_escape(report.type) + " at " + html_escape(request_line) + "</title>\n"
         "<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem;color:#222}"
         "h1{color:#b00020;font-size:1.4rem}pre{background:#f6f6f6;padding:1rem;overflow:auto;"
         "white-space:pre-wrap}.note{color:#666}</style>\n</head>\n<body>\n"
         "<h1 id=\"quest-error-type\">" + html_escape(report.type) + "</h1>\n"
         "<p class=\"request\">" + html_escape(request_line) + "</p>\n"
         "<pre id=\"quest-error-message\">" + html_escape(report.message) + "</pre>\n" + where +
         "<h2>Quest stack</h2>\n<pre id=\"quest-error-stack\">" + stack + "</pre>\n"
         "<p class=\"note\">Shown because the app runs in development. In production "
         "(QUEST_ENV=production or [std.web] env = \"production\") the answer is a plain 500 "
         "and the error is only logged.</p>\n</body>\n</html>\n";
}

}  // namespace quest_bindings
