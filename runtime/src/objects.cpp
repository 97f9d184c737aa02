// DictObj, EnvObj (pooled frames) and ModuleObj member lookup.
#include <new>
#include <vector>

#include "interp_objects.hpp"

namespace quest {

long DictObj::find_slot(std::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? -1 : static_cast<long>(it->second);
}

Value* DictObj::find(std::string_view key) {
  long i = find_slot(key);
  return i < 0 ? nullptr : &entries_[i].value;
}

const Value* DictObj::find(std::string_view key) const {
  long i = find_slot(key);
  return i < 0 ? nullptr : &entries_[i].value;
}

void DictObj::set(std::string_view key, Value value) {
  auto found = index_.find(key);
  if (found != index_.end()) {
    entries_[found->second].value = std::move(value);
    return;
  }
  index_.emplace(std::string(key), static_cast<std::uint32_t>(entries_.size()));
  entries_.push_back(Entry{std::string(key), std::move(value), true});
}

bool DictObj::remove(std::string_view key) {
  auto it = index_.find(key);
  if (it == index_.end()) return false;
  Entry& e = entries_[it->second];
  e.live = false;
  e.value = Value();
  index_.erase(it);
  if (entries_.size() > 16 && entries_.size() > 2 * index_.size()) compact();
  return true;
}

void DictObj::clear() {
  entries_.clear();
  index_.clear();
}

void DictObj::compact() {
  std::vector<Entry> live;
  live.reserve(index_.size());
  for (Entry& e : entries_)
    if (e.live) live.push_back(std::move(e));
  entries_ = std::move(live);
  for (std::uint32_t i = 0; i < entries_.size(); ++i) index_[entries_[i].key] = i;
}

// ---- EnvObj pool: frames are the most frequent allocation (one per call). ----
namespace {
std::vector<void*>& env_pool() {
  static thread_local std::vector<void*> pool;
  return pool;
}
}  // namespace

void* EnvObj::operator new(std::size_t size) {
  auto& pool = env_pool();
  if (size == sizeof(EnvObj) && !pool.empty()) {
    void* p = pool.back();
    pool.pop_back();
    return p;
  }
  return ::operator new(size);
}

void EnvObj::operator delete(void* p) {
  auto& pool = env_pool();
  if (pool.size() < 4096) pool.push_back(p);
  else ::operator delete(p);
}

EnvObj::EnvObj(Ref<EnvObj> parent_env, std::uint32_t n)
    : Object(ObjKind::Env), slots(inline_slots()), count(n), parent(std::move(parent_env)) {
  if (n > kInline) {
    heap_.reset(new Value[n]);
    slots = heap_.get();
  } else {
    for (std::uint32_t i = 0; i < n; ++i) new (&slots[i]) Value();
  }
}

EnvObj::~EnvObj() {
  if (!heap_)
    for (std::uint32_t i = 0; i < count; ++i) slots[i].~Value();
}

void EnvObj::grow(std::uint32_t n) {
  if (n <= count) return;
  if (!heap_ && n <= kInline) {
    for (std::uint32_t i = count; i < n; ++i) new (&slots[i]) Value();
    count = n;
    return;
  }
  std::uint32_t capacity = n < 16 ? 16 : n;
  std::unique_ptr<Value[]> bigger(new Value[capacity]);
  for (std::uint32_t i = 0; i < count; ++i) bigger[i] = std::move(slots[i]);
  if (!heap_)
    for (std::uint32_t i = 0; i < count; ++i) slots[i].~Value();
  heap_ = std::move(bigger);
  slots = heap_.get();
  count = n;
}

bool ModuleObj::lookup(const std::string& name, Value& out, bool& is_private) const {
  auto it = members.find(name);
  if (it != members.end() && env && it->second.slot < env->count) {
    if (!it->second.is_pub) {
      is_private = true;
      return false;
    }
    const Value& v = env->slots[it->second.slot];
    if (v.is_undefined()) return false;
    out = v;
    return true;
  }
  for (const auto& [k, v] : native_members)
    if (k == name) {
      out = v;
      return true;
    }
  return false;
}

}  // namespace quest
