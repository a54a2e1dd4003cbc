import CLibCrypto

/// SHA-256 through libcrypto's EVP interface: fingerprints of input data and golden outputs.
/// The one file that calls libcrypto; every return code is checked.
public struct SHA256: ~Copyable {
    private let context: OpaquePointer

    public init() throws(CryptoError) {
        guard let context = EVP_MD_CTX_new() else { throw .allocationFailed }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw .operationFailed("EVP_DigestInit_ex")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) throws(CryptoError) {
        guard bytes.count > 0 else { return }
        guard EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 else {
            throw .operationFailed("EVP_DigestUpdate")
        }
    }

    public mutating func update(_ bytes: [UInt8]) throws(CryptoError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(CryptoError) in try self.update(buffer) }
        }
        try result.get()
    }

    /// The 32-byte digest; the hasher is consumed.
    public consuming func finalize() throws(CryptoError) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else {
            throw .operationFailed("EVP_DigestFinal_ex")
        }
        return Array(digest.prefix(Int(length)))
    }

    /// The lowercase hex digest of a byte buffer.
    public static func hex(of bytes: [UInt8]) throws(CryptoError) -> String {
        var hasher = try SHA256()
        try hasher.update(bytes)
        return try hasher.finalize().hexString
    }

    /// The lowercase hex digest of a file, read in 1 MiB chunks (flat memory for large captures).
    public static func hex(ofFileAt path: String) throws(CryptoError) -> String {
        guard let file = fopen(path, "rb") else { throw .unreadableFile(path) }
        defer { fclose(file) }
        var hasher = try SHA256()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 {
                let result = chunk.withUnsafeBytes { buffer in
                    Result { () throws(CryptoError) in
                        try hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                    }
                }
                try result.get()
            }
            if n < chunk.count {
                if ferror(file) != 0 { throw .unreadableFile(path) }
                break
            }
        }
        return try hasher.finalize().hexString
    }
}

/// Errors of the cryptographic primitives.
public enum CryptoError: Error, Equatable, Sendable {
    /// libcrypto could not allocate a context.
    case allocationFailed
    /// A libcrypto call returned failure; the call is named.
    case operationFailed(String)
    /// A file to fingerprint could not be opened or read.
    case unreadableFile(String)
}

extension [UInt8] {
    /// Lowercase hexadecimal.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
