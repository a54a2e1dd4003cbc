// NjordBacktest
