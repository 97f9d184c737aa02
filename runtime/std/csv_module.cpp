// std/encoding/csv: RFC 4180 parsing (quoted fields, doubled quotes, embedded newlines,
// CRLF) with header rows and type detection (Int, Float, Bool), and stringify of
// Arrays of Dicts or Arrays (every record ends with "\n", like Rust's csv writer).
#include <charconv>

#include "std_support.hpp"
#include "str_text.hpp"

namespace quest {

namespace {

struct Options {
  bool has_headers = true;
  bool trim = true;
  char delimiter = ',';
  Value headers;  // stringify: Array of column names for rows given as Arrays
};

Options read_options(const Args& a, size_t pos, const char* fn) {
  Options options;
  if (a.size() < pos || a[pos - 1].is_nil()) return options;
  const DictObj& dict = arg_dict(a, pos, fn);
  if (const Value* v = dict.find("has_headers"); v && v->is_bool()) options.has_headers = v->as_bool();
  if (const Value* v = dict.find("trim"); v && v->is_bool()) options.trim = v->as_bool();
  if (const Value* v = dict.find("headers"); v && v->is_array()) options.headers = *v;
  if (const Value* v = dict.find("delimiter")) {
    if (!v->is_str() || v->as_str().size() != 1) throw_error("ValueErr", std::string(fn) + ": delimiter must be a single character");
    options.delimiter = v->as_str()[0];
  }
  return options;
}

struct Field {
  std::string text;
  bool quoted = false;
};
using Row = std::vector<Field>;

std::vector<Row> split_records(std::string_view text, char delimiter) {
  std::vector<Row> rows;
  Row row;
  Field field;
  bool in_quotes = false;
  bool row_has_content = false;
  auto end_field = [&] { row.push_back(std::move(field)); field = Field{}; };
  auto end_row = [&] {
    end_field();
    if (row_has_content || row.size() > 1) rows.push_back(std::move(row));
    row.clear();
    row_has_content = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field.text += '"', ++i;
      else if (c == '"') in_quotes = false;
      else field.text += c;
    } else if (c == '"' && field.text.find_first_not_of(" \t") == std::string::npos) {
      in_quotes = field.quoted = row_has_content = true;
      field.text.clear();
    } else if (c == delimiter) {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
    } else {
      field.text += c;
      row_has_content = true;
    }
  }
  if (in_quotes) throw_error("ValueErr", "csv.parse: unterminated quoted field");
  end_row();
  return rows;
}

// "42" -> Int, "3.5" -> Float, "true"/"false" -> Bool; quoted fields stay Str.
Value typed(const Field& field, bool trim) {
  const std::string text = trim && !field.quoted ? text::trim(field.text) : field.text;
  if (field.quoted || text.empty()) return make_str(text);
  if (text == "true" || text == "false") return Value::boolean(text == "true");
  const char* end = text.data() + text.size();
  int64_t integer = 0;
  if (auto r = std::from_chars(text.data(), end, integer); r.ec == std::errc() && r.ptr == end) return Value::integer(integer);
  double number = 0;
  if (auto r = std::from_chars(text.data(), end, number); r.ec == std::errc() && r.ptr == end) return Value::number(number);
  return make_str(text);
}

Value parse(std::string_view text, const Options& options) {
  const std::vector<Row> rows = split_records(text, options.delimiter);
  std::vector<Value> out;
  if (!options.has_headers) {
    for (const Row& row : rows) {
      std::vector<Value> values;
      for (const Field& field : row) values.push_back(typed(field, options.trim));
      out.push_back(make_array(std::move(values)));
    }
    return make_array(std::move(out));
  }
  for (size_t r = 1; r < rows.size(); ++r) {
    Value record = make_dict();
    for (size_t c = 0; c < rows[0].size(); ++c) {
      const std::string name = options.trim ? text::trim(rows[0][c].text) : rows[0][c].text;
      record.as_dict().set(name, c < rows[r].size() ? typed(rows[r][c], options.trim) : make_str(""));
    }
    out.push_back(record);
  }
  return make_array(std::move(out));
}

std::string quote_if_needed(const std::string& text, char delimiter) {
  if (text.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string::npos) return text;
  return "\"" + text::replace_all(text, "\"", "\"\"") + "\"";
}

void append_record(Vm& vm, std::string& out, const std::vector<Value>& values, char delimiter) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += delimiter;
    out += quote_if_needed(values[i].is_nil() ? "" : vm.to_str(values[i]), delimiter);
  }
  out += '\n';
}

std::string stringify(Vm& vm, const ArrayObj& data, const Options& options) {
  std::string out;
  std::vector<Value> header;
  if (options.headers.is_array()) header = options.headers.as_array().items;
  else if (!data.items.empty() && data.items[0].is_dict()) data.items[0].as_dict().for_each([&](const std::string& k, const Value&) { header.push_back(make_str(k)); });
  if (!header.empty()) append_record(vm, out, header, options.delimiter);
  for (const Value& row : data.items) {
    if (row.is_array()) {
      append_record(vm, out, row.as_array().items, options.delimiter);
    } else if (row.is_dict()) {
      std::vector<Value> values;
      for (const Value& name : header) {
        const Value* v = row.as_dict().find(vm.to_str(name));
        values.push_back(v ? *v : Value::nil());
      }
      append_record(vm, out, values, options.delimiter);
    } else {
      throw_error("TypeErr", "csv.stringify: rows must be Dict or Array, got " + type_name_of(row));
    }
  }
  return out;
}

void build(Vm&, ModuleBuilder& m) {
  m.doc("CSV parsing (RFC 4180, type detection) and generation.");
  m.function("parse", [](Vm&, const Args& a) { return parse(arg_str(a, 1, "parse"), read_options(a, 2, "parse")); }, 1, 2);
  m.function("stringify", [](Vm& vm, const Args& a) {
    return make_str(stringify(vm, arg_array(a, 1, "stringify"), read_options(a, 2, "stringify")));
  }, 1, 2);
}

}  // namespace

void register_csv_module(Vm& vm) { vm.register_native_module("std/encoding/csv", build); }

}  // namespace quest
