// NjordConfig
