// NjordTerminal
