// NjordStrategies
