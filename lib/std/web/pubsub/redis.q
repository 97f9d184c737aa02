"""
std/web/pubsub/redis: the Redis adapter's name, for the seed's form

  use "std/web/pubsub/redis" as redis_pubsub
  pubsub.configure(adapter: redis_pubsub, url: "redis://127.0.0.1:6379")

(the same as pubsub.configure({"adapter": "redis", "url": ...}) or quest.toml's
[std.web.pubsub] adapter = "redis").
"""
pub let ADAPTER = "redis"
