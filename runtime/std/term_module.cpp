// std/term: ANSI colours and attributes (returned as strings), cursor and screen
// control (written to stdout, so they respect sys.redirect_stream), terminal size,
// strip_colors, progress bars and spinners.
#include <algorithm>
#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

#include "std_support.hpp"
#include "str_text.hpp"

namespace quest {

namespace {

constexpr const char* kReset = "\x1b[0m";

int color_code(const std::string& name, const char* fn) {
  static const std::pair<const char*, int> colors[] = {
      {"black", 30}, {"red", 31},     {"green", 32}, {"yellow", 33}, {"blue", 34},
      {"magenta", 35}, {"cyan", 36}, {"white", 37}, {"grey", 90},   {"gray", 90},
  };
  for (const auto& [known, code] : colors) {
    if (name == known) return code;
  }
  throw_error("ValueErr", std::string(fn) + ": unknown color '" + name + "'");
}

int attribute_code(const std::string& name, const char* fn) {
  static const std::pair<const char*, int> attributes[] = {
      {"bold", 1}, {"dimmed", 2}, {"dark", 2}, {"italic", 3}, {"underline", 4},
      {"blink", 5}, {"reverse", 7}, {"hidden", 8}, {"concealed", 8}, {"strikethrough", 9},
  };
  for (const auto& [known, code] : attributes) {
    if (name == known) return code;
  }
  throw_error("ValueErr", std::string(fn) + ": unknown attribute '" + name + "'");
}

// "\x1b[1;31mtext\x1b[0m": attributes, then foreground, then background.
std::string paint(const std::string& text, std::vector<int> codes) {
  if (codes.empty()) return text;
  std::string out = "\x1b[";
  for (size_t i = 0; i < codes.size(); ++i) {
    if (i) out += ';';
    out += std::to_string(codes[i]);
  }
  out += 'm';
  out += text;
  out += kReset;
  return out;
}

std::vector<int> attribute_codes(const Args& args, size_t pos, const char* fn) {
  std::vector<int> codes;
  if (args.size() < pos || args[pos - 1].is_nil()) return codes;
  for (const Value& name : arg_array(args, pos, fn).items) {
    if (!name.is_str()) throw_error("TypeErr", std::string(fn) + ": attributes must be Str, got " + type_name_of(name));
    codes.push_back(attribute_code(name.as_str(), fn));
  }
  return codes;
}

void register_colors(ModuleBuilder& m) {
  m.function("color", [](Vm&, const Args& a) {
    std::vector<int> codes = attribute_codes(a, 3, "color");
    codes.push_back(color_code(arg_str(a, 2, "color"), "color"));
    return make_str(paint(arg_str(a, 1, "color"), codes));
  }, 2, 3);
  m.function("on_color", [](Vm&, const Args& a) {
    return make_str(paint(arg_str(a, 1, "on_color"), {color_code(arg_str(a, 2, "on_color"), "on_color") + 10}));
  }, 2, 2);
  for (const char* name : {"red", "green", "yellow", "blue", "magenta", "cyan", "white", "grey", "gray", "black"}) {
    m.function(name, [name](Vm&, const Args& a) {
      std::vector<int> codes = attribute_codes(a, 2, name);
      codes.push_back(color_code(name, name));
      return make_str(paint(arg_str(a, 1, name), codes));
    }, 1, 2);
  }
  for (const char* name : {"bold", "dimmed", "italic", "underline", "blink", "reverse", "hidden", "strikethrough"}) {
    m.function(name, [name](Vm&, const Args& a) {
      return make_str(paint(arg_str(a, 1, name), {attribute_code(name, name)}));
    }, 1, 1);
  }
  m.function("styled", [](Vm&, const Args& a) {
    std::vector<int> codes = attribute_codes(a, 4, "styled");
    if (a.size() > 1 && !a[1].is_nil()) codes.push_back(color_code(arg_str(a, 2, "styled"), "styled"));
    if (a.size() > 2 && !a[2].is_nil()) codes.push_back(color_code(arg_str(a, 3, "styled"), "styled") + 10);
    return make_str(paint(arg_str(a, 1, "styled"), codes));
  }, 1, 4);
  m.function("reset", [](Vm&, const Args&) { return make_str(kReset); }, 0, 0);
}

// Removes CSI sequences (ESC '[' params final-byte) and bare ESC pairs.
std::string strip_colors(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\x1b') {
      out += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !(text[i] >= 0x40 && text[i] <= 0x7E)) ++i;
    } else {
      ++i;
    }
  }
  return out;
}

void control(ModuleBuilder& m, const char* name, std::string sequence) {
  m.function(name, [sequence](Vm& vm, const Args&) {
    vm.write_out(sequence);
    return Value::nil();
  }, 0, 0);
}

void movement(ModuleBuilder& m, const char* name, char direction) {
  m.function(name, [name, direction](Vm& vm, const Args& a) {
    std::string sequence = "\x1b[";
    sequence += std::to_string(opt_int(a, 1, name, 1));
    sequence += direction;
    vm.write_out(sequence);
    return Value::nil();
  }, 0, 1);
}

void register_cursor(ModuleBuilder& m) {
  movement(m, "move_up", 'A');
  movement(m, "move_down", 'B');
  movement(m, "move_right", 'C');
  movement(m, "move_left", 'D');
  m.function("move_to", [](Vm& vm, const Args& a) {
    std::string sequence = "\x1b[";
    sequence += std::to_string(arg_int(a, 1, "move_to"));
    sequence += ';';
    sequence += std::to_string(arg_int(a, 2, "move_to"));
    sequence += 'H';
    vm.write_out(sequence);
    return Value::nil();
  }, 2, 2);
  control(m, "save_cursor", "\x1b[s");
  control(m, "restore_cursor", "\x1b[u");
  control(m, "clear", "\x1b[2J\x1b[H");
  control(m, "clear_line", "\x1b[2K\r");
  control(m, "clear_to_end", "\x1b[0J");
  control(m, "clear_to_start", "\x1b[1J");
}

// Rows and columns of the controlling terminal; LINES/COLUMNS, then 24x80, otherwise.
std::pair<int64_t, int64_t> terminal_size() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return {size.ws_row, size.ws_col};
  const char* lines = std::getenv("LINES");
  const char* columns = std::getenv("COLUMNS");
  return {lines ? std::atoll(lines) : 24, columns ? std::atoll(columns) : 80};
}

std::string progress_bar(double current, double total, int64_t width, const std::string& fill) {
  const double ratio = total > 0 ? std::clamp(current / total, 0.0, 1.0) : 0.0;
  const auto filled = static_cast<int64_t>(ratio * static_cast<double>(width));
  std::string bar = "[";
  for (int64_t i = 0; i < width; ++i) bar += i < filled ? fill : " ";
  return bar + "]";
}

void register_misc(ModuleBuilder& m) {
  m.function("width", [](Vm&, const Args&) { return Value::integer(terminal_size().second); }, 0, 0);
  m.function("height", [](Vm&, const Args&) { return Value::integer(terminal_size().first); }, 0, 0);
  m.function("size", [](Vm&, const Args&) {
    const auto [rows, columns] = terminal_size();
    return make_array({Value::integer(rows), Value::integer(columns)});
  }, 0, 0);
  m.function("strip_colors", [](Vm&, const Args& a) { return make_str(strip_colors(arg_str(a, 1, "strip_colors"))); }, 1, 1);
  m.function("progress_bar", [](Vm&, const Args& a) {
    const int64_t width = opt_int(a, 3, "progress_bar", 50);
    if (width < 0 || width > 10000) throw_error("ValueErr", "progress_bar: width must be 0..10000");
    return make_str(progress_bar(arg_float(a, 1, "progress_bar"), arg_float(a, 2, "progress_bar"), width,
                                 opt_str(a, 4, "progress_bar", "=")));
  }, 2, 4);
  m.function("spinner", [](Vm&, const Args& a) {
    static const char* frames[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    const int64_t frame = arg_int(a, 1, "spinner");
    return make_str(frames[((frame % 10) + 10) % 10]);
  }, 1, 1);
}

void build(Vm&, ModuleBuilder& m) {
  m.doc("Terminal colours, styles, cursor control and size.");
  register_colors(m);
  register_cursor(m);
  register_misc(m);
}

}  // namespace

void register_term_module(Vm& vm) { vm.register_native_module("std/term", build); }

}  // namespace quest
