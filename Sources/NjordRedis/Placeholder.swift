// NjordRedis
