// Compiled templates: statics plus dynamic slots, fingerprinted at compile time.
//
// Syntax (ARCHITECTURE.md "Templates and diffs"):
//   <%= expr %>   escaped output        <%== expr %>  raw output
//   <% if c %> <% elif c %> <% else %> <% end %>
//   <% for x in xs %> ... <% end %>      <% for k, v in d %> ... <% end %>
//   <%# comment %>                      dropped, text around it is kept
// Everything outside tags (whitespace, attributes, phx-* bindings) is kept byte for byte.
//
// A Fragment is one node of the Rendered format: N+1 statics around N slots. The body of
// every if-branch and for-loop is a Fragment of its own, so it travels as a nested node.
// A CompiledTemplate owns all of its fragments and expressions; they live as long as it
// does, and the template cache keeps templates alive for the life of the process.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace quest_live::live {

// Statics of one node, shared by every render of it. `fingerprint` identifies the node's
// whole shape (statics, slot kinds, expression sources, nested fingerprints): two nodes
// with equal fingerprints render identically from the same scope.
struct Statics {
  std::vector<std::string> parts;
  std::uint64_t fingerprint = 0;
};

// Builds Statics whose fingerprint covers only the parts (for hand-built trees in tests).
Statics make_statics(std::vector<std::string> parts);

struct SourceLocation {
  int line = 1;
  int column = 1;
};

// What a slot reads. `names` are the free identifiers of its expressions (lexical:
// not after `.`, not keywords, not inside strings). `tainted` means the compiler could
// not prove the names are all it depends on (e.g. it calls a function), so the slot is
// re-evaluated on every render.
struct Dependencies {
  std::vector<std::string> names;
  bool tainted = false;
};

// One Quest expression as written in the template. The evaluator may cache its parse by
// address: an Expression never moves once its template is compiled.
struct Expression {
  std::string source;
  SourceLocation location;
  Dependencies dependencies;
};

// Lexical free-name analysis of one expression (exposed for tests).
Dependencies analyze_expression(std::string_view source);

struct Fragment;

struct OutputSlot {
  Expression expression;
  bool raw = false;  // <%== %>: inserted without escaping
};

struct IfBranch {
  std::optional<Expression> condition;  // empty for `else`
  std::unique_ptr<Fragment> body;
};

struct IfSlot {
  std::vector<IfBranch> branches;  // if, elif..., optional else last
};

struct ForSlot {
  std::vector<std::string> variables;  // `x` or `k, v`
  Expression collection;
  std::unique_ptr<Fragment> body;
  Dependencies body_outer;  // what the body reads besides its own loop variables
};

struct Slot {
  std::variant<OutputSlot, IfSlot, ForSlot> kind;
  Dependencies dependencies;  // everything the slot (and its nested blocks) reads
};

struct Fragment {
  Statics statics;
  std::vector<Slot> slots;
};

struct CompiledTemplate {
  std::string name;
  std::string source;
  Fragment root;
};

// A compile error pointing into the template: what() is
// "name:line:col: message\n<source line>\n<caret>".
class TemplateError : public std::runtime_error {
 public:
  TemplateError(std::string name, SourceLocation where, std::string message,
                std::string_view source);
  SourceLocation location() const { return where_; }
  const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

// Compiles `source`; throws TemplateError on unbalanced or unknown tags.
std::unique_ptr<const CompiledTemplate> compile_template(std::string_view source,
                                                         std::string_view name = "template");

// Compiled templates by content, shared by every socket. Thread-safe. Bounded: when it
// holds `max_entries` templates it starts over (templates already handed out stay alive
// through their shared_ptr), so generated templates cannot grow it without limit.
class TemplateCache {
 public:
  explicit TemplateCache(std::size_t max_entries = 4096);
  ~TemplateCache();
  TemplateCache(const TemplateCache&) = delete;
  TemplateCache& operator=(const TemplateCache&) = delete;

  std::shared_ptr<const CompiledTemplate> get(std::string_view source,
                                              std::string_view name = "template");
  std::size_t size() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace quest_live::live
