// NjordCrypto
