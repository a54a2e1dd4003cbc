import Foundation
import NjordTestSupport
import Testing

@testable import NjordCrypto

@Suite struct SHA256Tests {
    @Test func digestsMatchTheFipsTestVectors() throws {
        #expect(try SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            try SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func fileDigestAgreesWithTheSharedDataReadme() throws {
        // ../shared/data/README.md lists the first 16 hex digits of each large file's SHA-256.
        let path = SharedData.data("bars/ftx-btc-perp-20211231-20220201_1m.csv").path
        #expect(try SHA256.hex(ofFileAt: path).hasPrefix("65ab55cd5f3531aa"))
    }

    @Test func missingFileIsANamedError() {
        #expect(throws: CryptoError.unreadableFile("/nonexistent/file")) {
            try SHA256.hex(ofFileAt: "/nonexistent/file")
        }
    }
}
