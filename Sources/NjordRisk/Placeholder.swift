// NjordRisk
