// NjordJournal
