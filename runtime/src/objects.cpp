// DictObj, EnvObj (pooled frames) and ModuleObj member lookup.
#include <new>
#include <vector>

#include "interp_objects.hpp"

namespace quest {

namespace {
std::size_t hash_key(std::string_view key) { return std::hash<std::string_view>{}(key); }
}  // namespace

long DictObj::find_slot(std::string_view key, std::size_t hash) const {
  if (slots_.empty()) return -1;
  const std::size_t mask = slots_.size() - 1;
  // Linear probing: the table is at most half full, so runs stay short.
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    std::uint32_t position = slots_[i];
    if (position == kEmptySlot) return -1;
    const Entry& e = entries_[position];
    if (e.live && e.hash == hash && e.key == key) return position;
  }
}

long DictObj::find_slot(std::string_view key) const { return find_slot(key, hash_key(key)); }

Value* DictObj::find(std::string_view key) {
  long i = find_slot(key);
  return i < 0 ? nullptr : &entries_[i].value;
}

const Value* DictObj::find(std::string_view key) const {
  long i = find_slot(key);
  return i < 0 ? nullptr : &entries_[i].value;
}

void DictObj::insert_slot(std::size_t hash, std::uint32_t position) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i] != kEmptySlot) i = (i + 1) & mask;
  slots_[i] = position;
}

void DictObj::rebuild_slots(std::size_t capacity) {
  std::size_t size = 8;
  while (size < 2 * capacity) size *= 2;
  slots_.assign(size, kEmptySlot);
  for (std::uint32_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].live) insert_slot(entries_[i].hash, i);
}

void DictObj::set(std::string_view key, Value value) {
  std::size_t hash = hash_key(key);
  long found = find_slot(key, hash);
  if (found >= 0) {
    entries_[found].value = std::move(value);
    return;
  }
  // Every entry, tombstones included, holds a slot until the next rebuild.
  if (2 * (entries_.size() + 1) > slots_.size()) rebuild_slots(entries_.size() + 1);
  entries_.push_back(Entry{std::string(key), std::move(value), hash, true});
  insert_slot(hash, static_cast<std::uint32_t>(entries_.size() - 1));
  ++live_count_;
}

bool DictObj::remove(std::string_view key) {
  long found = find_slot(key);
  if (found < 0) return false;
  Entry& e = entries_[found];
  e.live = false;
  e.value = Value();
  --live_count_;
  if (entries_.size() > 16 && entries_.size() > 2 * live_count_) compact();
  return true;
}

void DictObj::clear() {
  entries_.clear();
  slots_.clear();
  live_count_ = 0;
}

void DictObj::clear_refs() {
  // Released after the dict is already empty, so a destructor run by the release never
  // sees a half-cleared dict.
  std::vector<Entry> doomed = std::move(entries_);
  clear();
}

void DictObj::compact() {
  std::vector<Entry> live;
  live.reserve(live_count_);
  for (Entry& e : entries_)
    if (e.live) live.push_back(std::move(e));
  entries_ = std::move(live);
  rebuild_slots(entries_.size());
}

// ---- EnvObj pool: frames are the most frequent allocation (one per call). ----
// One pool per thread. The hot path touches only a trivially destructible thread_local
// (no initialization guard); the first block pooled on a thread arms a reaper that frees
// the pool when the thread ends (a host's worker, run_on_big_stack), after which frames
// use the heap directly.
namespace {
constexpr std::uint32_t kPoolMax = 4096;

struct EnvPool {
  void** blocks = nullptr;
  std::uint32_t size = 0;
  bool gone = false;  // the thread is ending: do not pool any more
};
thread_local EnvPool env_pool;

struct EnvPoolReaper {
  bool armed = false;
  ~EnvPoolReaper() {
    for (std::uint32_t i = 0; i < env_pool.size; ++i) ::operator delete(env_pool.blocks[i]);
    delete[] env_pool.blocks;
    env_pool = EnvPool{nullptr, 0, true};
  }
};

void arm_env_pool() {
  static thread_local EnvPoolReaper reaper;
  reaper.armed = true;
  env_pool.blocks = new void*[kPoolMax];
}
}  // namespace

void* EnvObj::operator new(std::size_t size) {
  if (env_pool.size && size == sizeof(EnvObj)) return env_pool.blocks[--env_pool.size];
  return ::operator new(size);
}

void EnvObj::operator delete(void* p) {
  if (env_pool.size < kPoolMax && !env_pool.gone) {
    if (!env_pool.blocks) arm_env_pool();
    env_pool.blocks[env_pool.size++] = p;
    return;
  }
  ::operator delete(p);
}

EnvObj::EnvObj(Ref<EnvObj> parent_env, std::uint32_t n)
    : CollectableObject(ObjKind::Env, /*track=*/false), slots(inline_slots()), count(n), parent(std::move(parent_env)) {
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
