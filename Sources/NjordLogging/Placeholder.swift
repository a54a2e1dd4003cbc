// NjordLogging
