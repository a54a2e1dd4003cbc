// Market data: venues, order books, captures, the tick and bar store.
