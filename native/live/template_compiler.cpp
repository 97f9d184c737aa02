// The template compiler: one pass over the source, a stack of open blocks.
#include <algorithm>
#include <cctype>

#include "quest_live/live/rendered.hpp"
#include "quest_live/live/template.hpp"

namespace quest_live::live {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool starts_with_word(std::string_view text, std::string_view word) {
  return text.substr(0, word.size()) == word &&
         (text.size() == word.size() || std::isspace(static_cast<unsigned char>(text[word.size()])));
}

// One identifier that is not a keyword: what a loop variable must be.
bool is_plain_name(const std::string& text) {
  const Dependencies read = analyze_expression(text);
  return read.names.size() == 1 && read.names[0] == text && !read.tainted;
}

void merge_into(Dependencies& target, const Dependencies& source,
                const std::vector<std::string>& except = {}) {
  target.tainted = target.tainted || source.tainted;
  for (const auto& name : source.names) {
    const bool excluded = std::find(except.begin(), except.end(), name) != except.end();
    const bool present = std::find(target.names.begin(), target.names.end(), name) != target.names.end();
    if (!excluded && !present) target.names.push_back(name);
  }
}

Dependencies fragment_dependencies(const Fragment& fragment) {
  Dependencies all;
  for (const auto& slot : fragment.slots) merge_into(all, slot.dependencies);
  return all;
}

// A block being compiled: the fragment receiving text and slots, and what opened it.
struct OpenBlock {
  Fragment* fragment;
  std::string pending_text;
  Slot* owner = nullptr;  // the if/for slot whose body this is (null for the root)
  SourceLocation opened_at;
  bool seen_else = false;
};

class Compiler {
 public:
  Compiler(std::string_view source, std::string_view name) : source_(source), name_(name) {}

  std::unique_ptr<const CompiledTemplate> run() {
    auto compiled = std::make_unique<CompiledTemplate>();
    compiled->name = name_;
    compiled->source = source_;
    stack_.push_back(OpenBlock{&compiled->root, {}, nullptr, {}, false});
    scan();
    if (stack_.size() > 1) fail(stack_.back().opened_at, "block opened here is never closed with <% end %>");
    close_fragment(stack_.back());
    finish(compiled->root);
    return compiled;
  }

 private:
  std::string_view source_;
  std::string name_;
  std::vector<OpenBlock> stack_;

  [[noreturn]] void fail(SourceLocation where, std::string message) const {
    throw TemplateError(name_, where, std::move(message), source_);
  }

  SourceLocation location_of(std::size_t offset) const {
    SourceLocation where;
    for (std::size_t i = 0; i < offset; ++i) {
      if (source_[i] == '\n') {
        ++where.line;
        where.column = 1;
      } else {
        ++where.column;
      }
    }
    return where;
  }

  // Index of the `%>` closing a tag whose body starts at `from`; quotes are skipped so
  // "50%>" inside a string literal does not end the tag.
  std::size_t find_tag_end(std::size_t from, bool is_comment) const {
    char quote = 0;
    for (std::size_t i = from; i + 1 < source_.size(); ++i) {
      const char c = source_[i];
      if (quote) {
        if (c == '\\') ++i;
        else if (c == quote) quote = 0;
      } else if (!is_comment && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == '%' && source_[i + 1] == '>') {
        return i;
      }
    }
    return std::string_view::npos;
  }

  void scan() {
    std::size_t position = 0;
    while (position < source_.size()) {
      const std::size_t open = source_.find("<%", position);
      if (open == std::string_view::npos) {
        stack_.back().pending_text.append(source_.substr(position));
        return;
      }
      stack_.back().pending_text.append(source_.substr(position, open - position));
      const bool is_comment = source_.substr(open + 2, 1) == "#";
      const std::size_t close = find_tag_end(open + 2, is_comment);
      if (close == std::string_view::npos) fail(location_of(open), "tag is never closed with %>");
      handle_tag(source_.substr(open + 2, close - open - 2), open);
      position = close + 2;
    }
  }

  void handle_tag(std::string_view body, std::size_t offset) {
    const SourceLocation where = location_of(offset);
    if (body.substr(0, 1) == "#") return;
    if (body.substr(0, 2) == "==") return add_output(body.substr(2), true, where);
    if (body.substr(0, 1) == "=") return add_output(body.substr(1), false, where);
    const std::string_view statement = trim(body);
    if (starts_with_word(statement, "if")) return open_if(statement.substr(2), where);
    if (starts_with_word(statement, "elif")) return add_branch(statement.substr(4), true, where);
    if (statement == "else") return add_branch({}, false, where);
    if (statement == "end") return close_block(where);
    if (starts_with_word(statement, "for")) return open_for(statement.substr(3), where);
    fail(where, "unknown tag <% " + std::string(statement) +
                    " %> (expected if, elif, else, end, for, or <%= %>, <%== %>, <%# %>)");
  }

  Expression expression(std::string_view text, SourceLocation where, const char* what) const {
    const std::string_view source = trim(text);
    if (source.empty()) fail(where, std::string("missing expression in ") + what);
    return Expression{std::string(source), where, analyze_expression(source)};
  }

  Slot& push_slot(Slot slot) {
    OpenBlock& block = stack_.back();
    block.fragment->statics.parts.push_back(std::move(block.pending_text));
    block.pending_text.clear();
    block.fragment->slots.push_back(std::move(slot));
    return block.fragment->slots.back();
  }

  void add_output(std::string_view text, bool raw, SourceLocation where) {
    Expression parsed = expression(text, where, raw ? "<%== %>" : "<%= %>");
    Dependencies dependencies = parsed.dependencies;
    push_slot(Slot{OutputSlot{std::move(parsed), raw}, std::move(dependencies)});
  }

  void open_body(Slot& owner, Fragment& body, SourceLocation where) {
    stack_.push_back(OpenBlock{&body, {}, &owner, where, false});
  }

  void open_if(std::string_view condition, SourceLocation where) {
    IfSlot block;
    block.branches.push_back(IfBranch{expression(condition, where, "<% if %>"), std::make_unique<Fragment>()});
    Slot& slot = push_slot(Slot{std::move(block), {}});
    open_body(slot, *std::get<IfSlot>(slot.kind).branches.back().body, where);
  }

  void add_branch(std::string_view condition, bool is_elif, SourceLocation where) {
    OpenBlock& block = stack_.back();
    const char* tag = is_elif ? "<% elif %>" : "<% else %>";
    if (!block.owner || !std::holds_alternative<IfSlot>(block.owner->kind)) {
      fail(where, std::string(tag) + " outside of an <% if %> block");
    }
    if (block.seen_else) fail(where, std::string(tag) + " after <% else %>");
    close_fragment(block);
    auto& branches = std::get<IfSlot>(block.owner->kind).branches;
    std::optional<Expression> parsed;
    if (is_elif) parsed = expression(condition, where, tag);
    branches.push_back(IfBranch{std::move(parsed), std::make_unique<Fragment>()});
    block.fragment = branches.back().body.get();
    block.seen_else = !is_elif;
  }

  void open_for(std::string_view header, SourceLocation where) {
    const std::size_t in = header.find(" in ");
    if (in == std::string_view::npos) fail(where, "expected <% for x in xs %> or <% for k, v in d %>");
    ForSlot loop;
    std::string_view names = header.substr(0, in);
    while (!names.empty()) {
      const std::size_t comma = names.find(',');
      loop.variables.emplace_back(trim(names.substr(0, comma)));
      names = comma == std::string_view::npos ? std::string_view{} : names.substr(comma + 1);
    }
    const bool valid = (loop.variables.size() == 1 || loop.variables.size() == 2) &&
                       std::all_of(loop.variables.begin(), loop.variables.end(), is_plain_name);
    if (!valid) fail(where, "loop variables must be one name or two names separated by a comma");
    loop.collection = expression(header.substr(in + 4), where, "<% for %>");
    loop.body = std::make_unique<Fragment>();
    Slot& slot = push_slot(Slot{std::move(loop), {}});
    open_body(slot, *std::get<ForSlot>(slot.kind).body, where);
  }

  void close_block(SourceLocation where) {
    if (stack_.size() == 1) fail(where, "<% end %> without an open <% if %> or <% for %>");
    close_fragment(stack_.back());
    stack_.pop_back();
  }

  static void close_fragment(OpenBlock& block) {
    block.fragment->statics.parts.push_back(std::move(block.pending_text));
    block.pending_text.clear();
  }

  // Computes dependencies and fingerprints bottom-up once every block is closed.
  static std::uint64_t finish(Fragment& fragment) {
    std::uint64_t print = make_statics(fragment.statics.parts).fingerprint;
    for (auto& slot : fragment.slots) {
      print = entry_key(print, 0) ^ finish_slot(slot);
    }
    fragment.statics.fingerprint = print;
    return print;
  }

  static std::uint64_t finish_slot(Slot& slot) {
    if (auto* output = std::get_if<OutputSlot>(&slot.kind)) {
      return entry_key(hash_bytes(output->expression.source), output->raw ? 1 : 2);
    }
    if (auto* block = std::get_if<IfSlot>(&slot.kind)) {
      std::uint64_t print = 3;
      for (auto& branch : block->branches) {
        if (branch.condition) {
          merge_into(slot.dependencies, branch.condition->dependencies);
          print = entry_key(print ^ hash_bytes(branch.condition->source), 4);
        }
        print = entry_key(print ^ finish(*branch.body), 5);
        merge_into(slot.dependencies, fragment_dependencies(*branch.body));
      }
      return print;
    }
    auto& loop = std::get<ForSlot>(slot.kind);
    std::uint64_t print = entry_key(hash_bytes(loop.collection.source) ^ finish(*loop.body), 6);
    for (const auto& variable : loop.variables) print = entry_key(print ^ hash_bytes(variable), 7);
    merge_into(loop.body_outer, fragment_dependencies(*loop.body), loop.variables);
    merge_into(slot.dependencies, loop.collection.dependencies);
    merge_into(slot.dependencies, loop.body_outer);
    return print;
  }
};

}  // namespace

TemplateError::TemplateError(std::string name, SourceLocation where, std::string message,
                             std::string_view source)
    : std::runtime_error([&] {
        std::size_t line_start = 0;
        for (int line = 1; line < where.line; ++line) line_start = source.find('\n', line_start) + 1;
        const std::size_t line_end = source.find('\n', line_start);
        const std::string_view line_text = source.substr(line_start, line_end - line_start);
        return name + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": " +
               message + "\n" + std::string(line_text) + "\n" + std::string(where.column - 1, ' ') + "^";
      }()),
      where_(where),
      message_(std::move(message)) {}

std::unique_ptr<const CompiledTemplate> compile_template(std::string_view source, std::string_view name) {
  return Compiler(source, name).run();
}

}  // namespace quest_live::live
