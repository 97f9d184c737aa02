#include "connection_id.hpp"

#include <uuid/uuid.h>

namespace quest_live::net {

std::string new_connection_id() {
  uuid_t bytes;
  uuid_generate_random(bytes);
  char text[37];
  uuid_unparse_lower(bytes, text);
  return std::string(text, 36);
}

}  // namespace quest_live::net
